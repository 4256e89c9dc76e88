import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { z } from 'zod';

import { pageUpUrls } from '../../../credentials/PageUpApi.credentials';
import { vendorApiError } from '../../shared/errors';
import { vendorRequest, type RequestContext, type RetryPolicy } from '../../shared/http';
import { maskObject } from '../../shared/pii';

export const CREDENTIAL_TYPE = 'pageUpApi';
export const PAGE_SIZE = 5;

export const STATUSES = [
	'new',
	'inprogress',
	'completed',
	'cancelled',
	'failed',
	'expired',
	'queued',
	'pending',
] as const;
export type CheckStatus = (typeof STATUSES)[number];

/** PageUp's fuzzy serializer adds a property whose name is a fresh GUID (value: another GUID). */
const GUID_KEY = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** Deep copy without the serializer's random GUID-named properties. Key order is never relied on. */
export function stripFuzz<T>(value: T): T {
	if (Array.isArray(value)) return value.map((entry) => stripFuzz(entry)) as T;
	if (value === null || typeof value !== 'object') return value;
	const result: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		if (!GUID_KEY.test(key)) result[key] = stripFuzz(entry);
	}
	return result as T;
}

const checkSchema = z
	.object({
		id: z.union([z.string().min(1), z.number()]).transform(String),
		status: z.string().optional(),
	})
	.passthrough();
export type BackgroundCheck = z.infer<typeof checkSchema> & IDataObject;

/** Keys under which a wrapped list may arrive, tried in this order before any other array. */
const LIST_KEYS = ['items', 'data', 'value', 'backgroundChecks', 'checks', 'records'];

/** Text and code of an error PageUp reports inside a body (HTTP 200 included), if any. */
export function describePageUpError(body: unknown): { message?: string; code?: string } | undefined {
	const clean = stripFuzz(body) as IDataObject | string | undefined;
	if (typeof clean === 'string') return clean.trim() ? { message: clean.trim().slice(0, 500) } : undefined;
	if (!clean || typeof clean !== 'object' || Array.isArray(clean)) return undefined;
	const masked = maskObject(clean);
	const message = [masked.message, masked.error_description, masked.error, masked.title, masked.detail].find(
		(value) => typeof value === 'string' && value.trim(),
	) as string | undefined;
	const details = errorDetails(masked.errors);
	const text = [message, details].filter(Boolean).join(': ');
	const code = typeof masked.code === 'string' || typeof masked.code === 'number' ? String(masked.code) : undefined;
	return text ? { message: text.slice(0, 500), code } : code ? { code } : undefined;
}

/** ASP.NET-style `errors`: a list of strings/objects, or an object of field -> messages. */
function errorDetails(errors: unknown): string | undefined {
	if (!errors) return undefined;
	const parts: string[] = [];
	if (Array.isArray(errors)) {
		for (const entry of errors) {
			if (typeof entry === 'string') parts.push(entry);
			else if (entry && typeof entry === 'object') {
				const m = (entry as IDataObject).message ?? (entry as IDataObject).errorMessage;
				parts.push(typeof m === 'string' ? m : JSON.stringify(entry));
			}
		}
	} else if (typeof errors === 'object') {
		for (const [field, messages] of Object.entries(errors as IDataObject)) {
			const list = Array.isArray(messages) ? messages : [messages];
			parts.push(`${field}: ${list.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(', ')}`);
		}
	} else if (typeof errors === 'string') {
		parts.push(errors);
	}
	return parts.length ? parts.join('; ') : undefined;
}

/** True when a 2xx body still says the call failed (`success: false`, a non-empty `errors`). */
function reportsFailure(body: unknown): boolean {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
	const record = body as IDataObject;
	if (record.success === false || record.isSuccess === false || record.succeeded === false) return true;
	const errors = record.errors;
	if (Array.isArray(errors)) return errors.length > 0;
	return !!errors && typeof errors === 'object' && Object.keys(errors).length > 0;
}

function errorInBody(this: RequestContext, body: unknown, statusCode: number, itemIndex?: number) {
	const described = describePageUpError(body);
	return vendorApiError(this.getNode(), {
		vendor: 'PageUp',
		httpCode: statusCode,
		message: described?.message ?? 'the answer reports an error',
		code: described?.code,
		description: `PageUp answered HTTP ${statusCode} but the body reports a failure`,
		itemIndex,
	});
}

/**
 * The pending list from a 2xx answer: an array, or an object wrapping one (tolerated). An empty body
 * is an empty list; anything else that is not a list (an HTML page, an error object) is an error,
 * never silently "no checks".
 */
function checksFrom(
	this: RequestContext,
	body: unknown,
	statusCode: number,
	itemIndex?: number,
): BackgroundCheck[] {
	const clean = stripFuzz(body);
	if (clean === undefined || clean === null || (typeof clean === 'string' && clean.trim() === '')) return [];
	let list: unknown;
	if (Array.isArray(clean)) list = clean;
	else if (typeof clean === 'object') {
		const record = clean as IDataObject;
		if (reportsFailure(record)) throw errorInBody.call(this, record, statusCode, itemIndex);
		const key = LIST_KEYS.find((name) => Array.isArray(record[name]));
		if (key) list = record[key];
		else if (record.id !== undefined) list = [record];
		else {
			const arrays = Object.values(record).filter(Array.isArray);
			if (arrays.length === 1) list = arrays[0];
			else if (describePageUpError(record)?.message) throw errorInBody.call(this, record, statusCode, itemIndex);
		}
	}
	if (!Array.isArray(list)) {
		throw vendorApiError(this.getNode(), {
			vendor: 'PageUp',
			httpCode: statusCode,
			message: 'the answer is not a list of background checks',
			description: 'Check the API base URL and tenant ID in the PageUp credential',
			itemIndex,
		});
	}
	const checks: BackgroundCheck[] = [];
	let skipped = 0;
	for (const entry of list) {
		const parsed = checkSchema.safeParse(entry);
		if (parsed.success) checks.push(parsed.data as BackgroundCheck);
		else skipped++;
	}
	if (skipped > 0) {
		this.logger?.warn(`PageUp: ignored ${skipped} entr${skipped === 1 ? 'y' : 'ies'} of the pending list without an id`);
	}
	return checks;
}

interface PageUpCall {
	method: IHttpRequestMethods;
	/** Path after /v3/{tenantId}/backgroundchecking */
	path?: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
}

export interface CallOptions {
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
}

export async function pageUpRequest(this: RequestContext, call: PageUpCall) {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const { apiBaseUrl } = pageUpUrls(credentials);
	const tenant = encodeURIComponent(String(credentials.tenantId ?? ''));
	return await vendorRequest.call(this, {
		vendor: 'PageUp',
		credentialType: CREDENTIAL_TYPE,
		request: {
			method: call.method,
			url: `${apiBaseUrl}/v3/${tenant}/backgroundchecking${call.path ?? ''}`,
			qs: call.qs,
			body: call.body,
			json: true,
			headers: { Accept: 'application/json' },
		},
		// GET has no effect and PUT is a full override: repeating either changes nothing more.
		idempotent: true,
		itemIndex: call.itemIndex,
		retry: call.retry,
		describeError: describePageUpError,
		secrets: [credentials.clientSecret as string, credentials.accessToken as string],
	});
}

/** One read of the pending list (PageUp returns at most five). */
export async function readPending(
	this: RequestContext,
	provider: string | undefined,
	options: CallOptions = {},
): Promise<BackgroundCheck[]> {
	const qs: IDataObject = { status: 'pending' };
	if (provider) qs.provider = provider;
	const response = await pageUpRequest.call(this, { method: 'GET', qs, ...options });
	return checksFrom.call(this, response.body, response.statusCode, options.itemIndex);
}

/**
 * Full-override PUT of a check's status representation. Returns PageUp's answer with the fuzz
 * stripped (`null` when the answer has no body). An answer that reports a failure in a 2xx body
 * becomes an error.
 */
export async function putStatus(
	this: RequestContext,
	id: string,
	body: IDataObject,
	options: CallOptions = {},
): Promise<IDataObject | IDataObject[] | string | null> {
	const response = await pageUpRequest.call(this, {
		method: 'PUT',
		path: `/${encodeURIComponent(id)}`,
		body,
		...options,
	});
	const answer = stripFuzz(response.body) as IDataObject | IDataObject[] | string | null | undefined;
	if (reportsFailure(answer)) throw errorInBody.call(this, answer, response.statusCode, options.itemIndex);
	if (answer === undefined || answer === null || (typeof answer === 'string' && answer.trim() === '')) return null;
	return answer;
}
