import { z } from 'zod';

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
/** A postback is a few hundred bytes; anything this large is not one. */
export const MAX_POSTBACK_BYTES = 1024 * 1024;
/** A postback is five or six elements deep; far deeper nesting is an attack on the parser. */
export const MAX_POSTBACK_DEPTH = 64;

const reportNumber = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

export type PostbackParse =
	| {
			ok: true;
			packages: XmlNode[];
			format: 'xml' | 'form';
			/** The client location the postback names (root `userId`, or an `x:postback_userId` item), if any. */
			clientLocation?: string;
	  }
	| { ok: false; reason: string };

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
	return found;
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
	if (raw.length > MAX_POSTBACK_BYTES)
		return { ok: false, reason: 'body too large for a postback' };
	const found = candidates(raw, contentType ?? '', parsedBody, formField);
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
		return { ok: true, packages, format, ...locationOf(doc, packages) };
	}
	return { ok: false, reason };
}

/** The client location a postback names: the root's `userId` (RIQ echoes it) or an `x:postback_userId` item. */
function locationOf(
	doc: Record<string, unknown>,
	packages: XmlNode[],
): { clientLocation?: string } {
	const root = rootElement(doc);
	const fromRoot = attribute(root?.node, 'userId')?.trim();
	if (fromRoot) return { clientLocation: fromRoot };
	for (const pkg of packages) {
		for (const item of children(pkg, 'AdditionalItems')) {
			if (attribute(item, 'type')?.toLowerCase() === 'x:postback_userid') {
				const value = text(item, 'Text');
				if (value) return { clientLocation: value };
			}
		}
	}
	return {};
}
