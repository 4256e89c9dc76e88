import type { INodeProperties } from 'n8n-workflow';

import * as getProducts from './getProducts.operation';
import * as getScoringModels from './getScoringModels.operation';
import * as getStatistics from './getStatistics.operation';

export { getProducts, getScoringModels, getStatistics };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Products',
				value: 'getProducts',
				description: 'List the products this client location can order',
				action: 'Get products',
			},
			{
				name: 'Get Scoring Models',
				value: 'getScoringModels',
				description: "List the location's scoring models with their score bands",
				action: 'Get scoring models',
			},
			{
				name: 'Get Statistics',
				value: 'getStatistics',
				description:
					'Credit score, evictions and bankruptcies per report created in a window of up to 60 days',
				action: 'Get statistics',
			},
		],
		default: 'getProducts',
	},
	...getProducts.description,
	...getScoringModels.description,
	...getStatistics.description,
];
