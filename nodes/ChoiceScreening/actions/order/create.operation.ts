import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { orderConcurrencyOption } from '../../descriptions/concurrency';
import { orderFields } from '../../descriptions/order.fields';
import { submitOrder } from './submit';

export const meta: OperationMeta = {
	name: 'Create',
	action: 'Create an order',
	description: 'Place a new screening order',
	writes: true,
	agentLabel: 'Create Order',
	parallel: orderConcurrencyOption,
};

export const description: INodeProperties[] = orderFields('create');

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await submitOrder.call(this, itemIndex, 'create');
}
