import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { maskPersonalDataOption, maskUnless } from '../../../shared/pii';
import { readConcurrencyOption } from '../../descriptions/concurrency';
import { orderIdField } from '../../descriptions/order.fields';
import { orderNumberParameter } from '../../helpers/order';
import { asJson, normaliseOrder } from '../../helpers/response';
import { readOrder } from '../../transport';

export const meta: OperationMeta = {
	name: 'Get Status',
	action: 'Get an order status',
	description: "Read an order's latest status and results",
	writes: false,
	parallel: readConcurrencyOption,
};

export const description: INodeProperties[] = [
	orderIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [maskPersonalDataOption, readConcurrencyOption],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const orderId = orderNumberParameter.call(this, itemIndex);
	const mask = this.getNodeParameter('options.maskPersonalData', itemIndex, true) !== false;
	const body = await readOrder.call(this, orderId, { itemIndex });
	return [
		{
			json: { ...normaliseOrder(body, orderId), response: maskUnless(asJson(body), mask) },
			pairedItem: { item: itemIndex },
		},
	];
}
