import type { IDataObject, IHttpRequestMethods, NodeApiError } from 'n8n-workflow';

import { choiceUrls } from '../../../credentials/ChoiceScreeningApi.credentials';
import { vendorApiError } from '../../shared/errors';
import { vendorRequest, type RequestContext, type RetryPolicy, type VendorResponse } from '../../shared/http';
import { choicePath, CHOICE_PATHS } from './endpoints';

export { CHOICE_HOSTS, CHOICE_PATHS, choicePath, DEFAULT_API_KEY_HEADER } from './endpoints';

export const CREDENTIAL_TYPE = 'choiceScreeningApi';
export const VENDOR = 'Choice Screening';

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim()) return value.trim();
	}
	return undefined;
}

/** Messages from `errors` in its usual shapes: strings, `{field,message}` objects, ASP.NET `{field: [messages]}`. */
function errorDetails(errors: unknown): string[] {
	if (typeof errors === 'string') return errors.trim() ? [errors.trim()] : [];
	if (Array.isArray(errors)) return errors.flatMap((entry) => errorDetails(entry));
	if (isObj(errors)) {
		const message = firstText(errors.message, errors.errorMessage, errors.description, errors.error);
		if (message) {
			const field = firstText(errors.field, errors.property, errors.propertyName, errors.path);
			return [field ? `${field}: ${message}` : message];
		}
		return Object.entries(errors).flatMap(([field, value]) =>
			errorDetails(value).map((text) => (text.startsWith(field) ? text : `${field}: ${text}`)),
		);
	}
	return [];
}

/** Choice's own message from an error body, or from a 2xx body that reports a failure. */
export function describeChoiceError(body: unknown): { message?: string } | undefined {
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (!trimmed || trimmed.startsWith('<')) return undefined;
		try {
			return describeChoiceError(JSON.parse(trimmed));
		} catch {
			return { message: trimmed.slice(0, 500) };
		}
	}
	if (!isObj(body)) return undefined;
	const holders = [body, isObj(body.order) ? body.order : undefined].filter(isObj);
	const parts: string[] = [];
	for (const holder of holders) {
		const message = firstText(
			holder.message,
			holder.Message,
			holder.error_description,
			typeof holder.error === 'string' ? holder.error : undefined,
			holder.errorMessage,
			holder.title,
			holder.detail,
		);
		if (message) parts.push(message);
		parts.push(...errorDetails(holder.errors ?? holder.Errors ?? holder.modelState ?? holder.ModelState));
		if (isObj(holder.error)) parts.push(...errorDetails(holder.error));
	}
	const unique = [...new Set(parts)];
	return unique.length ? { message: unique.join('; ').slice(0, 1000) } : undefined;
}

/**
 * True when a 2xx body says the request failed (`success: false`, a non-empty `errors`, an `error` text,
 * or, when `orderLevel` is set, `isError: true` on the order).
 */
export function failureInside(body: unknown, orderLevel = false): boolean {
	if (!isObj(body)) return false;
	const holders = [body, isObj(body.order) ? body.order : undefined].filter(isObj);
	for (const holder of holders) {
		if (holder.success === false || holder.isSuccess === false || holder.succeeded === false) return true;
		const errors = holder.errors ?? holder.Errors;
		if (Array.isArray(errors) ? errors.length > 0 : isObj(errors) && Object.keys(errors).length > 0) return true;
		if (typeof holder.error === 'string' && holder.error.trim()) return true;
		if (orderLevel && holder.isError === true) return true;
	}
	return false;
}

export interface ChoiceCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Reads are; the order POST is not (see submitOrder). */
	idempotent: boolean;
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

/** One authenticated request to Choice's API (base URL from the credential). */
export async function choiceRequest<T = unknown>(this: RequestContext, call: ChoiceCall): Promise<VendorResponse<T>> {
	const { credentials, secrets } = await secretsOf.call(this);
	const { apiBaseUrl } = choiceUrls(credentials);
	return (await vendorRequest.call(this, {
		vendor: VENDOR,
		credentialType: CREDENTIAL_TYPE,
		request: {
			method: call.method,
			url: `${apiBaseUrl}${call.path}`,
			qs: call.qs,
			body: call.body,
			headers: { Accept: call.accept ?? 'application/json' },
			...(call.binary ? { encoding: 'arraybuffer' as const, json: false } : { json: true }),
			...(call.timeout !== undefined ? { timeout: Math.max(1, Math.round(call.timeout)) } : {}),
		},
		idempotent: call.idempotent,
		itemIndex: call.itemIndex,
		retry: call.retry,
		describeError: (body) => describeChoiceError(body),
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
		message: describeChoiceError(body)?.message ?? fallback,
		description: `Choice Screening answered HTTP ${statusCode} but reported an error`,
		itemIndex,
		secrets,
	});
}

/** The packages the account may order (an array, or an object holding one). */
export function packagesFrom(body: unknown): Obj[] {
	let list: unknown = body;
	if (isObj(body)) {
		list =
			[body.packages, body.Packages, body.data, body.items, body.results].find(Array.isArray) ??
			Object.values(body).find(Array.isArray) ??
			[];
		if (isObj(body.packages) && Array.isArray((body.packages as Obj).package)) list = (body.packages as Obj).package;
	}
	return Array.isArray(list) ? list.filter(isObj) : [];
}

/** A package's number and display name, read tolerantly. */
export function packageSummary(pkg: Obj): { number?: string; name?: string; description?: string } {
	const raw = [pkg.packageNumber, pkg.PackageNumber, pkg.number, pkg.packageId, pkg.id, pkg.code].find(
		(value) => (typeof value === 'string' && value.trim()) || typeof value === 'number',
	);
	return {
		number: raw === undefined ? undefined : String(raw).trim(),
		name: firstText(pkg.name, pkg.packageName, pkg.Name, pkg.title, pkg.description),
		description: firstText(pkg.description, pkg.Description),
	};
}

export async function listPackages(this: RequestContext, itemIndex?: number): Promise<Obj[]> {
	const response = await choiceRequest.call(this, {
		method: 'GET',
		path: CHOICE_PATHS.packages,
		idempotent: true,
		itemIndex,
	});
	if (failureInside(response.body)) {
		throw await failureError.call(this, response.body, response.statusCode, 'the package list was refused', itemIndex);
	}
	return packagesFrom(response.body);
}

/** `GET /order/{id}`: the order response body (latest status and results). */
export async function readOrder(
	this: RequestContext,
	orderId: string,
	options: { itemIndex?: number; timeout?: number; retry?: Partial<RetryPolicy> } = {},
): Promise<unknown> {
	const response = await choiceRequest.call(this, {
		method: 'GET',
		path: choicePath('orderStatus', orderId),
		idempotent: true,
		...options,
	});
	if (failureInside(response.body)) {
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

/** `GET /order/{id}/report`: the styled HTML report. */
export async function readReport(
	this: RequestContext,
	orderId: string,
	itemIndex?: number,
): Promise<{ html: Buffer; contentType: string }> {
	const response = (await choiceRequest.call(this, {
		method: 'GET',
		path: choicePath('orderReport', orderId),
		idempotent: true,
		binary: true,
		accept: 'text/html, application/json;q=0.5',
		itemIndex,
	})) as VendorResponse<Buffer | string>;
	const header = response.headers['content-type'];
	const contentType = (Array.isArray(header) ? header[0] : header) ?? 'text/html';
	const bytes = Buffer.isBuffer(response.body) ? response.body : Buffer.from(String(response.body ?? ''), 'utf8');
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

/** The order id in an order response or callback body: `order.id`, or `id` / `orderId` at the top. */
export function orderIdOf(body: unknown): string | undefined {
	if (!isObj(body)) return undefined;
	const order = isObj(body.order) ? body.order : isObj(body.Order) ? body.Order : undefined;
	const candidates = [
		order?.id,
		order?.Id,
		order?.orderId,
		order?.OrderId,
		body.orderId,
		body.OrderId,
		body.id,
		body.Id,
	];
	for (const value of candidates) {
		if (typeof value === 'number' && Number.isInteger(value) && value > 0) return String(value);
		if (typeof value === 'string' && /^\d+$/.test(value.trim()) && Number(value) > 0) return value.trim();
	}
	return undefined;
}
