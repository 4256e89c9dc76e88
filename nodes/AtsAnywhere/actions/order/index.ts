import type { INodeProperties } from 'n8n-workflow';

import * as answer from './answer.operation';

export { answer };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Answer',
				value: 'answer',
				description:
					'Tell ATS Anywhere whether the order was accepted (for a trigger set to respond when the workflow has accepted it)',
				action: 'Answer an order',
			},
		],
		default: 'answer',
	},
	...answer.description,
];
