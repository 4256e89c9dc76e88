import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['statusUpdate'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: "Post the check's status and result link to the order's webhook URL",
				action: 'Send a status update',
			},
		],
		default: 'send',
	},
	...send.description,
];
