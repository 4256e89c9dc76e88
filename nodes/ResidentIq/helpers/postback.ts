import { z } from 'zod';

import { parseXml, reportPackages, text, type XmlNode } from '../transport/xml';

/** Form fields TazWorks-style senders put the XML in, tried first when no field is configured. */
const KNOWN_FORM_FIELDS = ['request', 'xml', 'postback', 'data', 'body', 'payload'];
/** A postback is a few hundred bytes; anything this large is not one. */
export const MAX_POSTBACK_BYTES = 1024 * 1024;

const reportNumber = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

export type PostbackParse =
	| { ok: true; packages: XmlNode[]; format: 'xml' | 'form' }
	| { ok: false; reason: string };

function looksLikeXml(value: unknown): value is string {
	return typeof value === 'string' && value.trim().startsWith('<');
}

function isXmlText(value: string): boolean {
	return value.trim().startsWith('<');
}

/** XML documents the request may carry: the raw body, or the value of a form field. */
function candidates(raw: string, contentType: string, parsedBody: unknown, formField?: string) {
	const found: Array<{ xml: string; format: 'xml' | 'form' }> = [];
	if (isXmlText(raw)) found.push({ xml: raw, format: 'xml' });
	const isForm = contentType.includes('application/x-www-form-urlencoded') || (!isXmlText(raw) && raw.includes('='));
	const fields: Array<[string, unknown]> = [];
	if (isForm && raw) fields.push(...new URLSearchParams(raw).entries());
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
	if (raw.length > MAX_POSTBACK_BYTES) return { ok: false, reason: 'body too large for a postback' };
	const found = candidates(raw, (contentType ?? '').toLowerCase(), parsedBody, formField);
	if (found.length === 0) {
		return {
			ok: false,
			reason: formField ? `no XML in form field "${formField}"` : 'no XML in the body or its form fields',
		};
	}
	let reason = 'no BackgroundReportPackage with an OrderId';
	for (const { xml, format } of found) {
		// RIQ never sends a DTD; refusing one rules out entity tricks.
		if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
			reason = 'document type declarations are not accepted';
			continue;
		}
		const packages = reportPackages(parseXml(xml));
		if (packages.length === 0) continue;
		if (!packages.every((pkg) => reportNumber.safeParse(text(pkg, 'OrderId') ?? '').success)) {
			reason = 'a BackgroundReportPackage has no valid OrderId';
			continue;
		}
		return { ok: true, packages, format };
	}
	return { ok: false, reason };
}
