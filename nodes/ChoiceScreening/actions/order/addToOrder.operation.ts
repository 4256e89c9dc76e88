import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { orderConcurrencyOption } from '../../descriptions/concurrency';
import { orderFields } from '../../descriptions/order.fields';
import { submitOrder } from './submit';

export const meta: OperationMeta = {
	name: 'Add to Order',
	action: 'Add to an order',
	description: 'Add packages or products to an existing order',
	writes: true,
	parallel: orderConcurrencyOption,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1234567',
		description:
			'The Choice order number to add the items to. In Order JSON mode it may be left empty when the JSON has the order ID.',
	},
	...orderFields('addToOrder'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await submitOrder.call(this, itemIndex, 'addToOrder');
}
