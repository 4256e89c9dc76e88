import type { INodeProperties } from 'n8n-workflow';

import * as addToOrder from './addToOrder.operation';
import * as create from './create.operation';
import * as getReport from './getReport.operation';
import * as getStatus from './getStatus.operation';

export { addToOrder, create, getReport, getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Add to Order',
				value: 'addToOrder',
				description: 'Add packages or products to an existing order',
				action: 'Add to an order',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Place a new screening order',
				action: 'Create an order',
			},
			{
				name: 'Get Report',
				value: 'getReport',
				description: "Download the order's HTML report",
				action: 'Get an order report',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: "Read an order's latest status and results",
				action: 'Get an order status',
			},
		],
		default: 'create',
	},
	...create.description,
	...addToOrder.description,
	...getStatus.description,
	...getReport.description,
];
