import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by handlers; the server turns it into a response in the vendor's own error format. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly body?: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buf = chunk as Buffer;
		size += buf.length;
		if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large');
		chunks.push(buf);
	}
	return Buffer.concat(chunks);
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

export function sendText(
	res: ServerResponse,
	status: number,
	text: string,
	contentType: string,
	headers: Record<string, string> = {},
): void {
	if (res.headersSent) return;
	const payload = Buffer.from(text, 'utf8');
	res.writeHead(status, {
		...headers,
		'Content-Type': contentType,
		'Content-Length': String(payload.length),
	});
	res.end(payload);
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Result-or-error of a call, so callers branch on failures instead of rethrowing from catch blocks. */
export function settleSync<T>(fn: () => T): Settled<T> {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, error };
	}
}

export async function settle<T>(fn: () => Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await fn() };
	} catch (error) {
		return { ok: false, error };
	}
}

export function parseJsonBody(buf: Buffer): unknown {
	const parsed = settleSync(() => JSON.parse(buf.toString('utf8')) as unknown);
	if (!parsed.ok)
		throw new HttpError(400, `Body is not valid JSON: ${(parsed.error as Error).message}`);
	return parsed.value;
}

export function isForm(req: IncomingMessage): boolean {
	return (req.headers['content-type'] ?? '')
		.toLowerCase()
		.startsWith('application/x-www-form-urlencoded');
}

export function basicCredentials(
	header: string | undefined,
): { user: string; pass: string } | undefined {
	const match = /^Basic\s+(.+)$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return {
		user: decodeURIComponent(decoded.slice(0, colon)),
		pass: decodeURIComponent(decoded.slice(colon + 1)),
	};
}

export function basicHeader(user: string, pass: string): string {
	return `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
}

export function bearerToken(header: string | undefined): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match ? match[1] : undefined;
}

export function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export interface OutboundCall {
	at: string;
	method: string;
	url: string;
	requestHeaders: Record<string, string>;
	requestBody?: string;
	status?: number;
	responseBody?: string;
	/** Set when no HTTP answer came back (refused, reset, timeout). */
	error?: string;
}

/** Calls made by the sandbox itself (postbacks, ATS calls). Never throws: failures are recorded. */
export async function callOut(
	at: string,
	method: string,
	url: string,
	headers: Record<string, string>,
	body?: string,
	timeoutMs = 10000,
): Promise<OutboundCall> {
	const call: OutboundCall = { at, method, url, requestHeaders: headers, requestBody: body };
	try {
		const response = await fetch(url, {
			method,
			headers,
			body,
			signal: AbortSignal.timeout(timeoutMs),
		});
		call.status = response.status;
		call.responseBody = await response.text();
	} catch (error) {
		const cause = (error as { cause?: { message?: string } }).cause;
		call.error = cause?.message
			? `${(error as Error).message}: ${cause.message}`
			: (error as Error).message;
	}
	return call;
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** HTML-escape for the small report pages. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}
