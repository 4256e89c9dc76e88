import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { connectionCodeOf, inputError, vendorApiError } from '../../shared/errors';
import { maskObject } from '../../shared/pii';
import {
	CHOICE_PATHS,
	choiceRequest,
	CREDENTIAL_TYPE,
	describeChoiceError,
	failureInside,
	orderIdOf,
	VENDOR,
} from '../transport';
import { buildOrderFromFields, buildOrderFromJson, type BuiltOrder } from './buildOrder';
import { describeProblems, mergeProblems, validateOrder, type OrderOperation } from './validate';

const DEFAULT_TIMEOUT_SECONDS = 60;

/** Errors that prove the request never reached Choice (the same list the shared HTTP layer retries). */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Masks personal data unless the user turned masking off. */
export function outputOf<T>(value: T, mask: boolean): T {
	return mask ? maskObject(value) : value;
}

/** A response body as item JSON: objects as they are, anything else under `response`. */
export function asJson(body: unknown): IDataObject {
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	return body === undefined || body === '' ? {} : { response: body as IDataObject[string] };
}

function readOrder(this: IExecuteFunctions, itemIndex: number, operation: OrderOperation): BuiltOrder {
	const mode = this.getNodeParameter('orderInput', itemIndex, 'fields') as string;
	const orderId = operation === 'addToOrder' ? this.getNodeParameter('orderId', itemIndex, '') : undefined;
	if (mode === 'json') {
		return buildOrderFromJson(this.getNodeParameter('orderJson', itemIndex), operation, orderId);
	}
	const param = <T>(name: string, fallback: T) => this.getNodeParameter(name, itemIndex, fallback) as T;
	return buildOrderFromFields(
		{
			isConsent: param('isConsent', false),
			isNotifyOnComplete: param('isNotifyOnComplete', false),
			returnUrl: param('returnUrl', ''),
			trackingId: param('trackingId', ''),
			orderId,
			firstName: param('firstName', ''),
			lastName: param('lastName', ''),
			dateOfBirth: param<unknown>('dateOfBirth', ''),
			ssn: param('ssn', ''),
			applicantFields: param('applicantFields', {}),
			items: param('items', {}),
			verifications: param('verifications', {}),
		},
		operation,
	);
}

/**
 * What went wrong when the order POST failed. `unknown`: the request may have reached Choice (connection
 * lost, timeout, 5xx), so the order may exist. `notSent`: it provably did not. `rejected`: Choice answered
 * with a 4xx, so nothing was created.
 */
export function classifyOrderFailure(error: unknown): 'unknown' | 'notSent' | 'rejected' {
	const httpCode = Number((error as NodeApiError)?.httpCode);
	if (Number.isInteger(httpCode) && httpCode > 0) {
		return httpCode >= 500 && httpCode !== 501 ? 'unknown' : 'rejected';
	}
	const code = connectionCodeOf(error);
	return code && NEVER_SENT.has(code) ? 'notSent' : 'unknown';
}

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

/** Create / Add to Order: build, validate (nothing is sent when invalid), POST once, return Choice's answer. */
export async function submitOrder(
	this: IExecuteFunctions,
	itemIndex: number,
	operation: OrderOperation,
): Promise<INodeExecutionData[]> {
	const built = readOrder.call(this, itemIndex, operation);
	const problems = mergeProblems(built.problems, built.order ? validateOrder(built.order, operation) : []);
	if (problems.length || !built.order) {
		const lines = describeProblems(problems);
		throw inputError(
			this.getNode(),
			`The order is not valid (${lines.length} problem${lines.length === 1 ? '' : 's'}): ${lines.join('; ')}`,
			itemIndex,
			`Nothing was sent to Choice Screening. Fix:\n${lines.map((line) => `- ${line}`).join('\n')}`,
		);
	}
	const order = built.order;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const mask = options.maskPersonalData !== false;
	const timeoutSeconds = Number(options.timeout) > 0 ? Number(options.timeout) : DEFAULT_TIMEOUT_SECONDS;
	const trackingId =
		typeof order.trackingId === 'string' && order.trackingId.trim() ? order.trackingId.trim() : undefined;

	let response;
	try {
		response = await choiceRequest.call(this, {
			method: 'POST',
			path: CHOICE_PATHS.order,
			body: { order } as IDataObject,
			// A second POST could create a second order: only a 429 or a refused connection is retried.
			idempotent: false,
			timeout: timeoutSeconds * 1000,
			itemIndex,
		});
	} catch (error) {
		if (classifyOrderFailure(error) === 'unknown') {
			throw uncertainOrderError.call(this, error as NodeApiError, trackingId, itemIndex);
		}
		throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject);
	}

	if (failureInside(response.body, true)) {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const id = orderIdOf(response.body);
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			httpCode: response.statusCode,
			message: `the order was not accepted: ${describeChoiceError(response.body)?.message ?? 'Choice reported an error'}`,
			description: id
				? `Choice returned order number ${id} with an error. Check it in Choice Screening before sending it again.`
				: `Choice Screening answered HTTP ${response.statusCode} but did not accept the order. Correct it and send it again.`,
			itemIndex,
			secrets: [credentials.clientSecret, credentials.apiKey, credentials.accessToken].map((value) =>
				typeof value === 'string' ? value : undefined,
			),
		});
	}

	const sentId = operation === 'addToOrder' ? (order.id as number | string | undefined) : undefined;
	const orderId = orderIdOf(response.body) ?? (sentId !== undefined ? String(sentId) : null);
	return [
		{
			json: {
				orderId,
				...outputOf(asJson(response.body), mask),
				submittedOrder: outputOf(order, mask) as IDataObject,
			},
			pairedItem: { item: itemIndex },
		},
	];
}

/** The order number parameter, checked (digits only). */
export function orderNumberParameter(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('orderId', itemIndex, '') as unknown;
	const text = (typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '').trim();
	if (!/^\d+$/.test(text) || Number(text) <= 0) {
		throw inputError(
			this.getNode(),
			text ? 'Order ID must be the Choice order number (digits only)' : 'Order ID is required',
			itemIndex,
		);
	}
	return text;
}
