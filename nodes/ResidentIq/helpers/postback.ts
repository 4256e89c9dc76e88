import { z } from 'zod';

import { safeEqual } from '../../shared/webhook-auth';
import {
	attribute,
	children,
	parseXml,
	reportPackages,
	rootElement,
	text,
	type XmlNode,
} from '../transport/xml';

/** Form fields TazWorks-style senders put the XML in, tried first when no field is configured. */
const KNOWN_FORM_FIELDS = ['request', 'xml', 'postback', 'data', 'body', 'payload'];
/** A postback is five or six elements deep; far deeper nesting is an attack on the parser. */
export const MAX_POSTBACK_DEPTH = 64;

const reportNumber = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

export type PostbackParse =
	| {
			ok: true;
			packages: XmlNode[];
			format: 'xml' | 'form';
			/** The client location the postback names (the root's `userId`, which RIQ echoes), if any. */
			clientLocation?: string;
			/** The `x:postback_userId` / `x:postback_password` pair the order supplied, echoed back, if any. */
			postbackPair?: PostbackPair;
	  }
	| { ok: false; reason: string };

export interface PostbackPair {
	user: string;
	password: string;
}

function looksLikeXml(value: unknown): value is string {
	return typeof value === 'string' && value.trim().startsWith('<');
}

function isXmlText(value: string): boolean {
	return value.trim().startsWith('<');
}

/** The fields of a multipart/form-data body (text parts only; files are not postbacks). */
export function multipartFields(raw: string, contentType: string): Array<[string, string]> {
	const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	const marker = boundary?.[1] ?? boundary?.[2];
	if (!marker) return [];
	const fields: Array<[string, string]> = [];
	for (const part of raw.split(`--${marker}`)) {
		const split = part.indexOf('\r\n\r\n');
		if (split < 0) continue;
		const head = part.slice(0, split);
		const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(head)?.[1];
		if (name === undefined || /\bfilename=/i.test(head)) continue;
		fields.push([name, part.slice(split + 4).replace(/\r\n$/, '')]);
	}
	return fields;
}

/** How deep the elements of a document nest, counted without parsing it (stops once past `limit`). */
export function nestingDepth(xml: string, limit = MAX_POSTBACK_DEPTH): number {
	let depth = 0;
	let deepest = 0;
	for (const match of xml.matchAll(/<(\/?)[A-Za-z_][^<>]*?(\/?)>/g)) {
		if (match[1]) depth = Math.max(0, depth - 1);
		else if (!match[2]) {
			depth++;
			deepest = Math.max(deepest, depth);
			if (deepest > limit) return deepest;
		}
	}
	return deepest;
}

/** XML documents the request may carry: the raw body, or the value of a form field. */
function candidates(raw: string, contentType: string, parsedBody: unknown, formField?: string) {
	const found: Array<{ xml: string; format: 'xml' | 'form' }> = [];
	const type = contentType.toLowerCase();
	if (isXmlText(raw)) found.push({ xml: raw, format: 'xml' });
	const isForm =
		type.includes('application/x-www-form-urlencoded') || (!isXmlText(raw) && raw.includes('='));
	const fields: Array<[string, unknown]> = [];
	if (type.includes('multipart/form-data')) fields.push(...multipartFields(raw, contentType));
	else if (isForm && raw) fields.push(...new URLSearchParams(raw).entries());
	// n8n's own parse (also covers multipart bodies, whose raw bytes are not kept).
	if (parsedBody && typeof parsedBody === 'object' && !Array.isArray(parsedBody)) {
		fields.push(...Object.entries(parsedBody as Record<string, unknown>));
	}
	const ordered = formField
		? fields.filter(([name]) => name === formField)
		: [
				...fields.filter(([name]) => KNOWN_FORM_FIELDS.includes(name.toLowerCase())),
				...fields.filter(([name]) => !KNOWN_FORM_FIELDS.includes(name.toLowerCase())),
			];
	for (const [, value] of ordered) {
		if (looksLikeXml(value)) found.push({ xml: value, format: 'form' });
	}
	return { found, fields };
}

/**
 * Reads an RIQ postback: raw XML, or XML inside a form field. It is accepted only when it holds at
 * least one BackgroundReportPackage and every package has a well-formed OrderId.
 */
export function parsePostback(
	rawBody: Buffer | string | undefined,
	contentType: string | undefined,
	parsedBody: unknown,
	formField?: string,
): PostbackParse {
	const raw = (Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : (rawBody ?? '')).trim();
	const { found, fields } = candidates(raw, contentType ?? '', parsedBody, formField);
	if (found.length === 0) {
		return {
			ok: false,
			reason: formField
				? `no XML in form field "${formField}"`
				: 'no XML in the body or its form fields',
		};
	}
	let reason = 'no BackgroundReportPackage with an OrderId';
	for (const { xml, format } of found) {
		// RIQ never sends a DTD; refusing one rules out entity tricks.
		if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
			reason = 'document type declarations are not accepted';
			continue;
		}
		if (nestingDepth(xml) > MAX_POSTBACK_DEPTH) {
			reason = 'the document nests too deeply';
			continue;
		}
		let doc;
		try {
			doc = parseXml(xml);
		} catch {
			reason = 'the XML is not well-formed';
			continue;
		}
		const packages = reportPackages(doc);
		if (packages.length === 0) continue;
		if (!packages.every((pkg) => reportNumber.safeParse(text(pkg, 'OrderId') ?? '').success)) {
			reason = 'a BackgroundReportPackage has no valid OrderId';
			continue;
		}
		const postbackPair = pairOf(packages, fields);
		return {
			ok: true,
			packages,
			format,
			...locationOf(doc),
			...(postbackPair ? { postbackPair } : {}),
		};
	}
	return { ok: false, reason };
}

/** The client location a postback names: the root's `userId` (RIQ echoes it). */
function locationOf(doc: Record<string, unknown>): { clientLocation?: string } {
	const fromRoot = attribute(rootElement(doc)?.node, 'userId')?.trim();
	return fromRoot ? { clientLocation: fromRoot } : {};
}

/**
 * The postback pair: `x:postback_userId` / `x:postback_password` items of a report package, or form fields of
 * those names (with or without `x:`), as TazWorks-style senders echo them.
 */
function pairOf(packages: XmlNode[], fields: Array<[string, unknown]>): PostbackPair | undefined {
	const found: Record<string, string> = {};
	for (const pkg of packages) {
		for (const item of children(pkg, 'AdditionalItems')) {
			const type = attribute(item, 'type')?.toLowerCase();
			const value = text(item, 'Text');
			if ((type === 'x:postback_userid' || type === 'x:postback_password') && value !== undefined)
				found[type] ??= value;
		}
	}
	for (const [name, value] of fields) {
		const type = `x:${name.toLowerCase().replace(/^x:/, '')}`;
		if (
			(type === 'x:postback_userid' || type === 'x:postback_password') &&
			typeof value === 'string'
		)
			found[type] ??= value;
	}
	const user = found['x:postback_userid'];
	const password = found['x:postback_password'];
	return user !== undefined || password !== undefined
		? { user: user ?? '', password: password ?? '' }
		: undefined;
}

/**
 * Whether the postback brought back the pair the order supplied (both compared in constant time). A credential
 * without both values refuses every postback: the trigger is misconfigured.
 */
export function checkPostbackPair(
	received: PostbackPair | undefined,
	credential: Record<string, unknown> | undefined,
): { ok: true } | { ok: false; reason: string } {
	const user = typeof credential?.user === 'string' ? credential.user : '';
	const password = typeof credential?.password === 'string' ? credential.password : '';
	if (!user || !password)
		return { ok: false, reason: 'the ResidentIQ Postback credential has no user ID or password' };
	if (!received)
		return { ok: false, reason: 'no x:postback_userId / x:postback_password in the postback' };
	const userOk = safeEqual(received.user, user);
	const passwordOk = safeEqual(received.password, password);
	return userOk && passwordOk
		? { ok: true }
		: { ok: false, reason: 'wrong x:postback_userId / x:postback_password' };
}
