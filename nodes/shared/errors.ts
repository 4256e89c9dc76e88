import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';
import type { z } from 'zod';

import { maskNode, maskObject, redactText } from './pii';
import { describeProblems, isObj, problemsOf, type FieldLabel, type Problem } from './validation';

export interface VendorErrorDetails {
	vendor: string;
	/** HTTP status, when the vendor answered. */
	httpCode?: number;
	/** The vendor's own message (it is redacted before use). */
	message?: string;
	/** More detail for the error panel (redacted before use). */
	description?: string;
	/** Vendor error code, e.g. RIQ's ErrorCode. */
	code?: string;
	/** Node.js connection error code (ECONNRESET...) when the vendor never answered. */
	connectionCode?: string;
	itemIndex?: number;
	/** Values that must never appear in the error, e.g. the credential's secret. */
	secrets?: Array<string | undefined>;
}

const STATUS_HINTS: Record<number, string> = {
	400: 'the request was rejected as invalid',
	401: 'authentication failed: check the credential',
	403: 'access denied: check the credential and its scopes',
	404: 'not found',
	409: 'conflict with the current state',
	422: 'the request was rejected as invalid',
	429: 'rate limited: too many requests',
};

/**
 * Error codes n8n replaces a whole error message with its own sentence for (ECONNREFUSED becomes "The service
 * refused the connection", said of a host that may simply be down): a message names them in words instead.
 */
const CODE_WORDS: Record<string, string> = {
	ECONNREFUSED: 'no connection',
	ECONNRESET: 'connection lost',
	ENOTFOUND: 'host not found',
	ETIMEDOUT: 'timed out',
	ERRADDRINUSE: 'address in use',
	EADDRNOTAVAIL: 'address not available',
	ECONNABORTED: 'connection aborted',
	EHOSTUNREACH: 'host unreachable',
	EAI_AGAIN: 'name lookup failed',
	ENOENT: 'not found',
	EISDIR: 'is a directory',
	ENOTDIR: 'not a directory',
	EACCES: 'access denied',
	EEXIST: 'already exists',
	EPERM: 'not permitted',
	GETADDRINFO: 'name lookup',
};
const CODE_PATTERN = new RegExp(Object.keys(CODE_WORDS).join('|'), 'gi');

function inWords(message: string): string {
	return message.replace(CODE_PATTERN, (code) => CODE_WORDS[code.toUpperCase()] ?? code);
}

/**
 * A NodeApiError built only from redacted text: the vendor's raw response is never attached, so
 * personal data in a failing response cannot reach the UI, the logs or the error workflow. Its node is a
 * masked copy (n8n stores and logs an error's node with its parameters).
 */
export function vendorApiError(node: INode, details: VendorErrorDetails): NodeApiError {
	const hint =
		details.httpCode !== undefined
			? (STATUS_HINTS[details.httpCode] ??
				(details.httpCode >= 500 ? 'the service failed to process the request' : 'request failed'))
			: 'request failed';
	const vendorText = details.message ? redactText(details.message, details.secrets) : undefined;
	const code = details.code ? ` [${redactText(details.code, details.secrets)}]` : '';
	const message = inWords(`${details.vendor}: ${vendorText ?? hint}${code}`);
	const description = details.description
		? redactText(details.description, details.secrets)
		: vendorText
			? `${details.vendor} answered${details.httpCode ? ` HTTP ${details.httpCode}` : ''}: ${hint}`
			: undefined;
	const errorObject: JsonObject = { message, ...(description ? { description } : {}) };
	if (details.httpCode !== undefined) errorObject.httpCode = String(details.httpCode);
	if (details.code) errorObject.code = redactText(details.code, details.secrets);
	const error = new NodeApiError(maskNode(node), errorObject, {
		message,
		description,
		httpCode: details.httpCode !== undefined ? String(details.httpCode) : undefined,
		itemIndex: details.itemIndex,
	});
	if (details.connectionCode) error.context.connectionCode = details.connectionCode;
	return error;
}

/** The connection error code a vendor request failed with, if it never got an answer. */
export function connectionCodeOf(error: unknown): string | undefined {
	const code = (error as NodeApiError)?.context?.connectionCode;
	return typeof code === 'string' ? code : undefined;
}

/** Invalid input from the user (checked before any request is made). */
export function inputError(
	node: INode,
	message: string,
	itemIndex?: number,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(maskNode(node), redactText(message), {
		itemIndex,
		description: description ? redactText(description) : undefined,
	});
}

export interface InputErrorOptions {
	itemIndex: number;
	/** Who was not called: "Nothing was sent to <vendor>." */
	vendor: string;
	/** Said before the problems ("Cannot set check 12 to completed"); none: the problems alone. */
	headline?: string;
	/** How fields are named (default: their path). */
	label?: FieldLabel;
}

/**
 * The node error for input refused before anything was sent, the one way every vendor reports it: the
 * message names every problem by its field ("; " between them) and never a value; the description says that
 * nothing was sent, gives the problems' hints and, for several problems, lists them one per line.
 */
export function invalidInputError(
	node: INode,
	problems: Problem[],
	options: InputErrorOptions,
): NodeOperationError {
	const lines = describeProblems(problems, options.label);
	const list = lines.join('; ');
	const hints = [...new Set(problems.flatMap((problem) => (problem.hint ? [problem.hint] : [])))];
	const description = [`Nothing was sent to ${options.vendor}.`, ...hints].join(' ');
	return inputError(
		node,
		options.headline ? `${options.headline}: ${list}` : list,
		options.itemIndex,
		lines.length > 1
			? `${description}\nFix:\n${lines.map((line) => `- ${line}`).join('\n')}`
			: description,
	);
}

/** `input` as `schema` reads it, or the node error naming every problem (see `invalidInputError`). */
export function parseInput<S extends z.ZodTypeAny>(
	context: IExecuteFunctions,
	schema: S,
	input: unknown,
	options: InputErrorOptions,
): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data as z.output<S>;
	throw invalidInputError(context.getNode(), problemsOf(result.error), options);
}

/** The first human-readable message in a JSON error body, with personal data masked. */
export function messageFromBody(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const masked = maskObject(body) as Record<string, unknown>;
	for (const key of [
		'error_message',
		'message',
		'error_description',
		'error',
		'title',
		'detail',
		'errors',
	]) {
		const value = masked[key];
		if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 500);
		if (Array.isArray(value) && value.length)
			return value
				.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)))
				.join('; ')
				.slice(0, 500);
		if (value && typeof value === 'object') {
			const nested = messageFromBody(value);
			if (nested) return nested;
		}
	}
	return undefined;
}

type Obj = Record<string, unknown>;

function firstText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim()) return value.trim();
	}
	return undefined;
}

/** Messages from `errors` in its usual shapes: strings, `{field, message}` objects, ASP.NET `{field: [messages]}`. */
function errorDetails(errors: unknown): string[] {
	if (typeof errors === 'string') return errors.trim() ? [errors.trim()] : [];
	if (Array.isArray(errors)) return errors.flatMap((entry) => errorDetails(entry));
	if (isObj(errors)) {
		const message = firstText(
			errors.message,
			errors.errorMessage,
			errors.description,
			errors.error,
		);
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

function errorsOf(holder: Obj): unknown {
	return holder.errors ?? holder.Errors ?? holder.modelState ?? holder.ModelState;
}

export interface BodyErrorOptions {
	/** Properties whose object value may hold the error too (Choice's `order`). */
	nested?: string[];
	/** Also treat `isError: true` as a failure. */
	isErrorFlag?: boolean;
}

function holdersOf(body: Obj, options: BodyErrorOptions): Obj[] {
	return [body, ...(options.nested ?? []).map((key) => body[key])].filter(isObj);
}

/**
 * The vendor's own message and code in an error body, or in a 2xx body that reports a failure.
 * JSON given as text is parsed; an HTML page gives nothing (its text is no message). Personal data is
 * masked by field name before anything is read.
 */
export function describeErrorBody(
	body: unknown,
	options: BodyErrorOptions = {},
): { message?: string; code?: string } | undefined {
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (!trimmed || trimmed.startsWith('<')) return undefined;
		try {
			return describeErrorBody(JSON.parse(trimmed), options);
		} catch {
			return { message: trimmed.slice(0, 500) };
		}
	}
	if (!isObj(body)) return undefined;
	const masked = maskObject(body) as Obj;
	const parts: string[] = [];
	let code: string | undefined;
	for (const holder of holdersOf(masked, options)) {
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
		parts.push(...errorDetails(errorsOf(holder)));
		if (isObj(holder.error)) parts.push(...errorDetails(holder.error));
		if (code === undefined && (typeof holder.code === 'string' || typeof holder.code === 'number'))
			code = String(holder.code);
	}
	const unique = [...new Set(parts)];
	const message = unique.length ? unique.join('; ').slice(0, 1000) : undefined;
	return message || code
		? { ...(message ? { message } : {}), ...(code ? { code } : {}) }
		: undefined;
}

/**
 * True when a 2xx body still says the call failed: `success` / `isSuccess` / `succeeded` false, a
 * non-empty `errors`, an `error` text (and `isError: true` where the vendor uses it).
 */
export function reportsFailure(body: unknown, options: BodyErrorOptions = {}): boolean {
	if (!isObj(body)) return false;
	for (const holder of holdersOf(body, options)) {
		if (holder.success === false || holder.isSuccess === false || holder.succeeded === false)
			return true;
		const errors = holder.errors ?? holder.Errors;
		if (Array.isArray(errors) ? errors.length > 0 : isObj(errors) && Object.keys(errors).length > 0)
			return true;
		if (typeof holder.error === 'string' && holder.error.trim()) return true;
		if (options.isErrorFlag && holder.isError === true) return true;
	}
	return false;
}
