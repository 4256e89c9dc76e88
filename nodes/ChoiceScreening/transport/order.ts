import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { reportsFailure, vendorApiError } from '../../shared/errors';
import type { VendorResponse } from '../../shared/http';
import { classifyOrderFailure } from '../helpers/order';
import { CHOICE_ORDER_ERRORS, describeChoiceBody, orderIdOf } from '../helpers/response';
import { choiceRequest, CREDENTIAL_TYPE, VENDOR } from './index';

function uncertainOrderError(
	this: IExecuteFunctions,
	error: NodeApiError,
	trackingId: string | undefined,
	itemIndex: number,
): NodeApiError {
	const httpCode = Number(error.httpCode) || undefined;
	const cause = httpCode
		? `Choice answered HTTP ${httpCode}`
		: 'the connection failed or timed out after the request was sent';
	const lookup = trackingId
		? `Check in Choice Screening whether an order with tracking ID "${trackingId}" exists before running this again; if it does not, run again with the same tracking ID.`
		: 'Check in Choice Screening whether the order exists before running this again. Set a Tracking ID on orders so they can be found after a failure like this.';
	return vendorApiError(this.getNode(), {
		vendor: VENDOR,
		httpCode,
		message: `the order may or may not have been created (${cause}). It was not sent again automatically.`,
		description: `${lookup} Running it again without checking could order the same screening twice. Details: ${[error.message, error.description].filter(Boolean).join('; ')}`,
		itemIndex,
	});
}

/**
 * POSTs the order once (the endpoint table marks it not retry-safe). An answer that may have created an
 * order is never reported as a plain failure: the error says to check before sending again.
 */
export async function sendOrder(
	this: IExecuteFunctions,
	order: Record<string, unknown>,
	options: { itemIndex: number; timeoutMs: number },
): Promise<VendorResponse> {
	const { itemIndex } = options;
	const trackingId =
		typeof order.trackingId === 'string' && order.trackingId.trim()
			? order.trackingId.trim()
			: undefined;
	let response: VendorResponse;
	try {
		response = await choiceRequest.call(this, {
			endpoint: 'order',
			body: { order } as IDataObject,
			timeout: options.timeoutMs,
			itemIndex,
		});
	} catch (error) {
		if (classifyOrderFailure(error) === 'unknown') {
			throw uncertainOrderError.call(this, error as NodeApiError, trackingId, itemIndex);
		}
		throw error instanceof NodeApiError
			? error
			: new NodeApiError(this.getNode(), error as JsonObject);
	}

	if (reportsFailure(response.body, CHOICE_ORDER_ERRORS)) {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const id = orderIdOf(response.body);
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			httpCode: response.statusCode,
			message: `the order was not accepted: ${describeChoiceBody(response.body, response.statusCode)?.message ?? 'Choice reported an error'}`,
			description: id
				? `Choice returned order number ${id} with an error. Check it in Choice Screening before sending it again.`
				: `Choice Screening answered HTTP ${response.statusCode} but did not accept the order. Correct it and send it again.`,
			itemIndex,
			secrets: [credentials.clientSecret, credentials.apiKey, credentials.accessToken].map(
				(value) => (typeof value === 'string' ? value : undefined),
			),
		});
	}
	return response;
}
