import type { IDataObject, NodeApiError } from 'n8n-workflow';

import {
	CHOICE_PATH_SETTINGS,
	CHOICE_PATHS,
	choicePaths,
	choiceUrls,
	type ChoicePathName,
} from '../../../credentials/ChoiceScreeningApi.credentials';
import { reportsFailure, vendorApiError } from '../../shared/errors';
import {
	endpointPath,
	vendorRequest,
	type RequestContext,
	type RetryPolicy,
	type VendorResponse,
} from '../../shared/http';
import {
	CHOICE_BODY_ERRORS,
	describeChoiceBody,
	packagesFrom,
	type RequestPlace,
} from '../helpers/response';
import { ENDPOINTS, type ChoiceEndpoint } from './endpoints';

export {
	CHOICE_HOSTS,
	CHOICE_PATHS,
	DEFAULT_API_KEY_HEADER,
} from '../../../credentials/ChoiceScreeningApi.credentials';

export const CREDENTIAL_TYPE = 'choiceScreeningApi';
export const VENDOR = 'Choice Screening';

/** A default path with `{id}` filled in (URL-encoded). */
export function choicePath(name: keyof typeof CHOICE_PATHS, id?: string | number): string {
	const path: string = CHOICE_PATHS[name];
	return id === undefined ? path : path.replace('{id}', encodeURIComponent(String(id)));
}

export interface ChoiceCall {
	endpoint: ChoiceEndpoint;
	/** Fills `{id}` in the endpoint's path. */
	id?: string;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	/** Milliseconds before the request is abandoned. */
	timeout?: number;
	retry?: Partial<RetryPolicy>;
	/** Ask for raw bytes (the HTML report) instead of JSON. */
	binary?: boolean;
	accept?: string;
}

async function secretsOf(this: RequestContext) {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return {
		credentials,
		secrets: [credentials.clientSecret, credentials.apiKey, credentials.accessToken].map((value) =>
			typeof value === 'string' ? value : undefined,
		),
	};
}

/** The full URL of an endpoint for this credential, and the setting that changes it. */
export function placeOf(
	credentials: Record<string, unknown>,
	endpoint: ChoiceEndpoint,
	id?: string,
): RequestPlace {
	const path = choicePaths(credentials as never)[endpoint as ChoicePathName];
	const { apiBaseUrl } = choiceUrls(credentials as never);
	return {
		method: ENDPOINTS[endpoint].method,
		url: `${apiBaseUrl}${endpointPath({ ...ENDPOINTS[endpoint], path }, id === undefined ? {} : { id })}`,
		setting: `${CHOICE_PATH_SETTINGS[endpoint as ChoicePathName].displayName} or Base URL`,
	};
}

/**
 * One authenticated request to Choice's API: URL from the credential (base URL and path), method and
 * retry safety from the endpoint table.
 */
export async function choiceRequest<T = unknown>(
	this: RequestContext,
	call: ChoiceCall,
): Promise<VendorResponse<T>> {
	const { credentials, secrets } = await secretsOf.call(this);
	const place = placeOf(credentials, call.endpoint, call.id);
	return (await vendorRequest.call(this, {
		vendor: VENDOR,
		credentialType: CREDENTIAL_TYPE,
		request: {
			method: ENDPOINTS[call.endpoint].method,
			url: place.url,
			qs: call.qs,
			body: call.body,
			headers: { Accept: call.accept ?? 'application/json' },
			...(call.binary ? { encoding: 'arraybuffer' as const, json: false } : { json: true }),
			...(call.timeout !== undefined ? { timeout: Math.max(1, Math.round(call.timeout)) } : {}),
		},
		idempotent: ENDPOINTS[call.endpoint].retrySafe,
		itemIndex: call.itemIndex,
		retry: call.retry,
		describeError: (body, statusCode) => describeChoiceBody(body, statusCode, place),
		secrets,
	})) as VendorResponse<T>;
}

/** A vendor error for a 2xx answer that reports a failure. */
export async function failureError(
	this: RequestContext,
	body: unknown,
	statusCode: number,
	fallback: string,
	itemIndex?: number,
): Promise<NodeApiError> {
	const { secrets } = await secretsOf.call(this);
	return vendorApiError(this.getNode(), {
		vendor: VENDOR,
		httpCode: statusCode,
		message: describeChoiceBody(body, statusCode)?.message ?? fallback,
		description: `Choice Screening answered HTTP ${statusCode} but reported an error`,
		itemIndex,
		secrets,
	});
}

export async function listPackages(
	this: RequestContext,
	itemIndex?: number,
): Promise<Array<Record<string, unknown>>> {
	const response = await choiceRequest.call(this, { endpoint: 'packages', itemIndex });
	if (reportsFailure(response.body, CHOICE_BODY_ERRORS)) {
		throw await failureError.call(
			this,
			response.body,
			response.statusCode,
			'the package list was refused',
			itemIndex,
		);
	}
	return packagesFrom(response.body);
}

/** The order status endpoint: the order response body (latest status and results). */
export async function readOrder(
	this: RequestContext,
	orderId: string,
	options: { itemIndex?: number; timeout?: number; retry?: Partial<RetryPolicy> } = {},
): Promise<unknown> {
	const response = await choiceRequest.call(this, {
		endpoint: 'orderStatus',
		id: orderId,
		...options,
	});
	if (reportsFailure(response.body, CHOICE_BODY_ERRORS)) {
		throw await failureError.call(
			this,
			response.body,
			response.statusCode,
			`the status of order ${orderId} could not be read`,
			options.itemIndex,
		);
	}
	return response.body;
}

/** The report endpoint: the styled HTML report. */
export async function readReport(
	this: RequestContext,
	orderId: string,
	itemIndex?: number,
): Promise<{ html: Buffer; contentType: string }> {
	const response = (await choiceRequest.call(this, {
		endpoint: 'orderReport',
		id: orderId,
		binary: true,
		accept: 'text/html, application/json;q=0.5',
		itemIndex,
	})) as VendorResponse<Buffer | string>;
	const header = response.headers['content-type'];
	const contentType = (Array.isArray(header) ? header[0] : header) ?? 'text/html';
	const bytes = Buffer.isBuffer(response.body)
		? response.body
		: Buffer.from(String(response.body ?? ''), 'utf8');
	if (/json/i.test(contentType) || /^\s*[{[]/.test(bytes.subarray(0, 64).toString('utf8'))) {
		// Choice answered JSON (an error, or "not ready") instead of the HTML report.
		let parsed: unknown;
		try {
			parsed = JSON.parse(bytes.toString('utf8'));
		} catch {
			parsed = undefined;
		}
		throw await failureError.call(
			this,
			parsed,
			response.statusCode,
			`no HTML report was returned for order ${orderId}`,
			itemIndex,
		);
	}
	if (!bytes.length) {
		throw await failureError.call(
			this,
			undefined,
			response.statusCode,
			`the report for order ${orderId} was empty`,
			itemIndex,
		);
	}
	return { html: bytes, contentType };
}
