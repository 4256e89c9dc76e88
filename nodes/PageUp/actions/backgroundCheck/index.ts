import type { INodeProperties } from 'n8n-workflow';

import * as getPending from './getPending.operation';

export { getPending };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['backgroundCheck'] } },
		options: [
			{
				name: 'Get Pending',
				value: 'getPending',
				description: 'Read checks waiting for a provider',
				action: 'Get pending background checks',
			},
		],
		default: 'getPending',
	},
	...getPending.description,
];
