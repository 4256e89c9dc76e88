import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { asJson, orderNumberParameter, outputOf } from '../../helpers/order';
import { orderIdOf, readOrder } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1234567',
		description: 'The Choice order number',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Mask Personal Data in Output',
				name: 'maskPersonalData',
				type: 'boolean',
				default: true,
				description:
					'Whether to show only the last four digits of the SSN and licence numbers and hide the date of birth in the output',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getStatus'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const orderId = orderNumberParameter.call(this, itemIndex);
	const mask = this.getNodeParameter('options.maskPersonalData', itemIndex, true) !== false;
	const body = await readOrder.call(this, orderId, { itemIndex });
	return [
		{
			json: { orderId: orderIdOf(body) ?? orderId, ...outputOf(asJson(body), mask) },
			pairedItem: { item: itemIndex },
		},
	];
}
