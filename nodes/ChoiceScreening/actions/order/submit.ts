import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { maskUnless } from '../../../shared/pii';
import { validOrder } from '../../helpers/order';
import { asJson, normaliseOrder } from '../../helpers/response';
import type { OrderOperation } from '../../helpers/validate';
import { sendOrder } from '../../transport/order';

const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * Create / Add to Order: validate (nothing is sent when invalid), POST once, return the normalised fields
 * (orderId, trackingId, status, reportUrl) next to Choice's answer (`response`) and the order sent.
 */
export async function submitOrder(
	this: IExecuteFunctions,
	itemIndex: number,
	operation: OrderOperation,
): Promise<INodeExecutionData[]> {
	const order = validOrder.call(this, itemIndex, operation);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const mask = options.maskPersonalData !== false;
	const timeoutSeconds =
		Number(options.timeout) > 0 ? Number(options.timeout) : DEFAULT_TIMEOUT_SECONDS;
	const response = await sendOrder.call(this, order, {
		itemIndex,
		timeoutMs: timeoutSeconds * 1000,
	});
	const sentId = operation === 'addToOrder' ? (order.id as number | string | undefined) : undefined;
	return [
		{
			json: {
				...normaliseOrder(response.body, sentId !== undefined ? String(sentId) : undefined),
				response: maskUnless(asJson(response.body), mask),
				submittedOrder: maskUnless(order, mask) as IDataObject,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
