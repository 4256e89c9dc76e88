import { DateTime } from 'luxon';
import {
	sleep,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
	type NodeApiError,
} from 'n8n-workflow';

import { messageFromBody, vendorApiError } from './errors';

export type RequestContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions
	| IHookFunctions;

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A `Retry-After` longer than this is not waited out: the error is reported instead. */
	maxRetryAfterMs: number;
	/** Epoch ms after which no new attempt starts (for example a poll's budget). */
	deadline?: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	maxAttempts: 3,
	baseDelayMs: 300,
	maxDelayMs: 10_000,
	maxRetryAfterMs: 60_000,
};

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * One vendor endpoint. Each vendor's transport declares its endpoints once, in a table, and every
 * request takes its method and retry safety from there.
 */
export interface Endpoint {
	method: IHttpRequestMethods;
	/** Path below the API base URL; `{name}` placeholders are filled by `endpointPath`. */
	path: string;
	/**
	 * True when sending the request again after it may have been processed has no second effect
	 * (reads, full-override PUTs). False for anything that may create something: then only a 429 or
	 * a connection that provably never reached the vendor is retried.
	 */
	retrySafe: boolean;
}

/** Declares a vendor's endpoint table, keeping its keys as a type. */
export function defineEndpoints<K extends string>(
	table: Record<K, Endpoint>,
): Readonly<Record<K, Endpoint>> {
	return table;
}

/** The endpoint's path with `{name}` placeholders replaced by URL-encoded values. */
export function endpointPath(
	endpoint: Endpoint,
	params: Record<string, string | number> = {},
): string {
	return endpoint.path.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? encodeURIComponent(String(params[name])) : whole,
	);
}

export interface VendorCall {
	/** Shown in errors, e.g. "PageUp". */
	vendor: string;
	/** Credential type to authenticate with; omit for unauthenticated calls. */
	credentialType?: string;
	request: IHttpRequestOptions;
	/** The endpoint's `retrySafe` (see `Endpoint`): transports take it from their endpoint table. */
	idempotent: boolean;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
	/** Extracts the vendor's own message and code from an error body. */
	describeError?: (
		body: unknown,
		statusCode?: number,
	) => { message?: string; code?: string } | undefined;
	/** Values that must never appear in an error (credential secrets). */
	secrets?: Array<string | undefined>;
	/** Told of every failed attempt (retried or not), so a caller can tell whether an earlier one may have been applied. */
	onAttemptFailed?: (failure: { attempt: number; statusCode?: number; code?: string }) => void;
}

export interface VendorResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
	/** How many attempts it took. */
	attempts: number;
}

interface FailureFacts {
	statusCode?: number;
	headers?: Record<string, string | string[] | undefined>;
	body?: unknown;
	/** Node.js / axios error code such as ECONNRESET. */
	code?: string;
}

/** Errors that prove nothing reached the server. */
const NEVER_CONNECTED = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** True when a connection error code proves the request never reached the server (so it had no effect). */
export function isNeverConnected(code: string | undefined): boolean {
	return code !== undefined && NEVER_CONNECTED.has(code);
}
/** Errors after which the request may or may not have been processed. */
const CONNECTION_LOST = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ESOCKETTIMEDOUT',
]);

function factsOf(error: unknown): FailureFacts {
	const candidates: unknown[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 4; depth++) {
		candidates.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	const facts: FailureFacts = {};
	for (const candidate of candidates) {
		const c = candidate as {
			response?: { status?: number; headers?: FailureFacts['headers']; data?: unknown };
			code?: unknown;
			httpCode?: unknown;
		};
		facts.statusCode ??= c.response?.status;
		facts.headers ??= c.response?.headers;
		if (facts.body === undefined && c.response && 'data' in c.response)
			facts.body = c.response.data;
		if (!facts.code && typeof c.code === 'string' && /^E[A-Z_]+$/.test(c.code)) facts.code = c.code;
		if (facts.statusCode === undefined && c.httpCode && /^\d{3}$/.test(String(c.httpCode)))
			facts.statusCode = Number(c.httpCode);
	}
	return facts;
}

function header(headers: FailureFacts['headers'], name: string): string | undefined {
	if (!headers) return undefined;
	const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
	const value = entry?.[1];
	return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now = DateTime.utc()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = DateTime.fromHTTP(trimmed, { zone: 'utc' });
	if (!date.isValid) return undefined;
	return Math.max(0, date.diff(now).as('milliseconds'));
}

/** Exponential backoff with jitter: between half and all of base * 2^(attempt-1), capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function isRetryable(facts: FailureFacts, idempotent: boolean): boolean {
	if (facts.statusCode !== undefined) {
		if (facts.statusCode === 429) return true;
		if (facts.statusCode >= 500 && facts.statusCode !== 501) return idempotent;
		return false;
	}
	if (isNeverConnected(facts.code)) return true;
	if (facts.code && CONNECTION_LOST.has(facts.code)) return idempotent;
	return false;
}

/**
 * The one way this package talks to a vendor: authenticated through n8n's credential system
 * (which refreshes expired tokens once on 401), retried when that is safe, and failing with a
 * redacted NodeApiError.
 */
export async function vendorRequest<T = unknown>(
	this: RequestContext,
	call: VendorCall,
): Promise<VendorResponse<T>> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY, ...call.retry };
	// A stalled connection must fail (and be judged for a retry) rather than hang the execution.
	const request: IHttpRequestOptions = {
		timeout: DEFAULT_TIMEOUT_MS,
		...call.request,
		returnFullResponse: true,
	};
	for (let attempt = 1; ; attempt++) {
		try {
			const response = (
				call.credentialType
					? await this.helpers.httpRequestWithAuthentication.call(
							this,
							call.credentialType,
							request,
						)
					: await this.helpers.httpRequest(request)
			) as {
				statusCode: number;
				headers: VendorResponse['headers'];
				body: T;
			};
			return {
				statusCode: response.statusCode,
				headers: response.headers ?? {},
				body: response.body,
				attempts: attempt,
			};
		} catch (error) {
			const facts = factsOf(error);
			call.onAttemptFailed?.({ attempt, statusCode: facts.statusCode, code: facts.code });
			const waitMs = nextWait(facts, attempt, policy, call.idempotent);
			if (waitMs === undefined) throw toVendorError.call(this, call, facts, error);
			this.logger?.debug(`${call.vendor}: retrying after ${waitMs} ms`, {
				attempt,
				statusCode: facts.statusCode,
				code: facts.code,
			});
			await sleep(waitMs);
		}
	}
}

function nextWait(
	facts: FailureFacts,
	attempt: number,
	policy: RetryPolicy,
	idempotent: boolean,
): number | undefined {
	if (attempt >= policy.maxAttempts || !isRetryable(facts, idempotent)) return undefined;
	const requested = retryAfterMs(header(facts.headers, 'retry-after'));
	if (requested !== undefined && requested > policy.maxRetryAfterMs) return undefined;
	const wait = requested ?? backoffMs(attempt, policy);
	if (policy.deadline !== undefined && Date.now() + wait >= policy.deadline) return undefined;
	return wait;
}

function toVendorError(
	this: RequestContext,
	call: VendorCall,
	facts: FailureFacts,
	error: unknown,
): NodeApiError {
	const described =
		facts.body !== undefined ? call.describeError?.(facts.body, facts.statusCode) : undefined;
	const vendorMessage = described?.message ?? messageFromBody(facts.body);
	const connection =
		facts.statusCode === undefined ? (facts.code ?? (error as Error)?.message) : undefined;
	return vendorApiError(this.getNode(), {
		vendor: call.vendor,
		httpCode: facts.statusCode,
		message: vendorMessage ?? (connection ? 'could not reach the service' : undefined),
		// n8n rewrites messages that contain a Node.js error code, so the code goes in the description.
		description: connection ? `Connection error: ${connection}` : undefined,
		connectionCode: facts.statusCode === undefined ? facts.code : undefined,
		code: described?.code,
		itemIndex: call.itemIndex,
		secrets: call.secrets,
	});
}
