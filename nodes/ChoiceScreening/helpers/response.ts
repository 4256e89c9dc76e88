import type { IDataObject } from 'n8n-workflow';

import { describeErrorBody, type BodyErrorOptions } from '../../shared/errors';
import { isObj } from '../../shared/validation';

export { isObj };

type Obj = Record<string, unknown>;

function firstText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim()) return value.trim();
	}
	return undefined;
}

/** Where Choice puts an error in a body: at the top, or on the `order` (with `isError: true` there). */
export const CHOICE_BODY_ERRORS: BodyErrorOptions = { nested: ['order'] };
export const CHOICE_ORDER_ERRORS: BodyErrorOptions = { nested: ['order'], isErrorFlag: true };

/** An HTML page's title, for errors: the page itself is never shown (it can be long, or carry data). */
export function htmlTitle(text: string): string | undefined {
	const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text.slice(0, 20_000));
	const title = match?.[1].replace(/\s+/g, ' ').trim();
	return title ? title.slice(0, 120) : undefined;
}

/** The sentence a 404 carries when it looks like a wrong path rather than an unknown order. */
export const PATH_HINT = 'If the path is wrong for your Choice account';

/** Where a failed request went, so a wrong path can be told apart from an unknown order. */
export interface RequestPlace {
	method: string;
	url: string;
	/** The credential setting that changes this URL. */
	setting: string;
}

/**
 * Choice's message from an error body. JSON is read by the shared reader (personal data masked by
 * field name first; the error builder then masks by pattern); an HTML page becomes its title and
 * status; a 404 that carries no message of Choice's says which URL was called and which setting changes it.
 */
export function describeChoiceBody(
	body: unknown,
	statusCode: number | undefined,
	place?: RequestPlace,
): { message?: string; code?: string } | undefined {
	const text = Buffer.isBuffer(body)
		? body.toString('utf8')
		: body instanceof ArrayBuffer
			? Buffer.from(body).toString('utf8')
			: body;
	const status = statusCode ? `HTTP ${statusCode}` : 'an error';
	const wrongPath = (what: string) =>
		statusCode === 404 && place
			? `${what} for ${place.method} ${place.url}. ${PATH_HINT}, set the credential's ${place.setting} (Environment: Custom URLs).`
			: what;
	if (typeof text === 'string' && text.trim().startsWith('<')) {
		const title = htmlTitle(text);
		return {
			message: wrongPath(`${status} with an HTML page${title ? ` titled "${title}"` : ''}`),
		};
	}
	const described = describeErrorBody(text, CHOICE_BODY_ERRORS);
	if (described?.message || statusCode !== 404 || !place) return described;
	return { ...described, message: wrongPath(`${status} (not found)`) };
}

/** A response body as item JSON: objects as they are, anything else under `response`. */
export function asJson(body: unknown): IDataObject {
	if (isObj(body)) return body as IDataObject;
	return body === undefined || body === '' ? {} : { response: body as IDataObject[string] };
}

/** The packages the account may order (an array, or an object holding one). */
export function packagesFrom(body: unknown): Obj[] {
	let list: unknown = body;
	if (isObj(body)) {
		list =
			[body.packages, body.Packages, body.data, body.items, body.results].find(Array.isArray) ??
			Object.values(body).find(Array.isArray) ??
			[];
		if (isObj(body.packages) && Array.isArray(body.packages.package)) list = body.packages.package;
	}
	return Array.isArray(list) ? list.filter(isObj) : [];
}

/** A package's number and display name, read tolerantly. */
export function packageSummary(pkg: Obj): { number?: string; name?: string; description?: string } {
	const raw = [
		pkg.packageNumber,
		pkg.PackageNumber,
		pkg.number,
		pkg.packageId,
		pkg.id,
		pkg.code,
	].find((value) => (typeof value === 'string' && value.trim()) || typeof value === 'number');
	return {
		number: raw === undefined ? undefined : String(raw).trim(),
		name: firstText(pkg.name, pkg.packageName, pkg.Name, pkg.title, pkg.description),
		description: firstText(pkg.description, pkg.Description),
	};
}

/** A Choice order number: a positive whole number, or digits. */
export function orderNumberOf(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isInteger(value) && value > 0) return String(value);
	if (typeof value === 'string' && /^\d+$/.test(value.trim()) && Number(value) > 0)
		return value.trim();
	return undefined;
}

/** The order id in an order response: `order.id`, or `id` / `orderId` at the top. */
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
		const id = orderNumberOf(value);
		if (id) return id;
	}
	return undefined;
}

/** The fields every order operation outputs, read from Choice's answer whatever its wrapper. */
export interface NormalisedOrder {
	orderId: string | null;
	trackingId: string | null;
	status: string | null;
	/** Only when Choice gives one. */
	reportUrl?: string;
}

/** A text or number field of `holder`, matched in any letter case. */
function fieldOf(holder: Obj | undefined, ...names: string[]): string | undefined {
	if (!holder) return undefined;
	for (const name of names) {
		const key = Object.keys(holder).find((k) => k.toLowerCase() === name.toLowerCase());
		const value = key === undefined ? undefined : holder[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	}
	return undefined;
}

/**
 * One set of fields from an order answer: Choice documents the order model wrapped as `{order: {...}}` and
 * its answers are not documented, so the wrapper (any case) is read first, then the top level.
 */
export function normaliseOrder(body: unknown, fallbackOrderId?: string): NormalisedOrder {
	const top = isObj(body) ? body : undefined;
	const wrapped = top
		? [top.order, top.Order, top.data].find((value): value is Obj => isObj(value))
		: undefined;
	const read = (...names: string[]) => fieldOf(wrapped, ...names) ?? fieldOf(top, ...names);
	const reportUrl = read('reportUrl', 'reportLink', 'reportUri');
	return {
		orderId: orderIdOf(body) ?? fallbackOrderId ?? null,
		trackingId: read('trackingId') ?? null,
		status: read('status', 'orderStatus', 'statusText') ?? null,
		...(reportUrl ? { reportUrl } : {}),
	};
}
