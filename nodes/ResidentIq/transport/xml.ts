import { XMLBuilder, XMLParser } from 'fast-xml-parser';

import { isObj } from '../../shared/validation';

/**
 * All ResidentIQ XML goes through fast-xml-parser: values are escaped by the builder, element and
 * attribute names are constants of this package, so nothing a user types can add markup.
 */

/** An element for the builder: child elements by name, attributes as `@_name`, text as `#text`. */
export type XmlElement = { [name: string]: XmlValue };
export type XmlValue = string | XmlElement | XmlElement[] | string[] | undefined;

const ATTRIBUTE_PREFIX = '@_';

/** Elements RIQ may repeat: always parsed as arrays so a single entry never changes the shape. */
const REPEATABLE = new Set([
	'BackgroundReportPackage',
	'AdditionalItems',
	'Document',
	'Product',
	'ReportId',
	'Report',
	'Member',
	'GroupedReport',
	'Stat',
	'Eviction',
	'Bankruptcy',
	'Screening',
	'Model',
]);

const builder = new XMLBuilder({
	ignoreAttributes: false,
	attributeNamePrefix: ATTRIBUTE_PREFIX,
	format: false,
	suppressEmptyNode: false,
	processEntities: true,
});

/**
 * Tolerant reader for RIQ responses and postbacks: attributes kept, every value a string (report
 * numbers, SSNs and ZIP codes keep their leading zeros), repeatable elements always arrays.
 * It does not reject mismatched tags, as RIQ's own samples contain some.
 */
const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: ATTRIBUTE_PREFIX,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
	isArray: (name) => REPEATABLE.has(name),
});

// Characters XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage return).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an element or attribute: trimmed, without characters XML cannot represent. */
export function xmlText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return String(value).replace(NOT_XML, '').trim();
}

/** Attribute values: a reader would turn tabs and line breaks into spaces anyway, so they are sent as spaces. */
function attributeText(value: string): string {
	return xmlText(value).replace(/[\t\n\r]/g, ' ');
}

function sanitise(value: XmlValue, key = ''): XmlValue {
	if (value === undefined) return undefined;
	if (typeof value === 'string')
		return key.startsWith(ATTRIBUTE_PREFIX) ? attributeText(value) : xmlText(value);
	if (Array.isArray(value))
		return (value as Array<string | XmlElement>).map((entry) => sanitise(entry)) as XmlValue;
	const result: XmlElement = {};
	for (const [key, entry] of Object.entries(value)) {
		if (entry !== undefined) result[key] = sanitise(entry, key);
	}
	return result;
}

/** Serialises one document with the XML declaration. `root` is the root element's name. */
export function buildXml(root: string, content: XmlElement): string {
	return builder.build({ '?xml': { '@_version': '1.0' }, [root]: sanitise(content) }) as string;
}

export type ParsedXml = Record<string, unknown>;

export function parseXml(xml: string): ParsedXml {
	const parsed = parser.parse(xml) as unknown;
	return parsed && typeof parsed === 'object' ? (parsed as ParsedXml) : {};
}

// The credential adds its attributes itself; kept here for the node's own callers.
export { withCredentialAttributes } from '../../../credentials/ResidentIqApi.credentials';

// ---- reading parsed documents -------------------------------------------------------------------------

export type XmlNode = Record<string, unknown>;

/** The document's root element, whatever it is called (RIQ's roots vary between routes). */
export function rootElement(doc: ParsedXml): { name: string; node: XmlNode } | undefined {
	for (const [name, value] of Object.entries(doc)) {
		if (name.startsWith('?') || name.startsWith('#')) continue;
		const node = Array.isArray(value) ? value[0] : value;
		return { name, node: isObj(node) ? node : {} };
	}
	return undefined;
}

/** All child elements called `name` (an absent element gives an empty list). */
export function children(node: unknown, name: string): XmlNode[] {
	if (!isObj(node)) return [];
	const value = node[name];
	if (value === undefined || value === null) return [];
	const list = Array.isArray(value) ? value : [value];
	return list.map((entry) =>
		isObj(entry) ? entry : { '#text': entry === '' ? '' : String(entry) },
	);
}

export function child(node: unknown, name: string): XmlNode | undefined {
	return children(node, name)[0];
}

function textOf(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (isObj(value)) {
		const inner = value['#text'];
		return inner === undefined || inner === null ? '' : String(inner);
	}
	return String(value);
}

/** Text of the first child element called `name`, or undefined when absent or empty. */
export function text(node: unknown, name: string): string | undefined {
	if (!isObj(node)) return undefined;
	const value = node[name];
	const first = Array.isArray(value) ? value[0] : value;
	const result = textOf(first)?.trim();
	return result ? result : undefined;
}

/** Texts of every child element called `name`, empty entries dropped. */
export function texts(node: unknown, name: string): string[] {
	if (!isObj(node)) return [];
	const value = node[name];
	if (value === undefined || value === null) return [];
	const list = Array.isArray(value) ? value : [value];
	return list.map((entry) => textOf(entry)?.trim() ?? '').filter((entry) => entry !== '');
}

export function attribute(node: unknown, name: string): string | undefined {
	if (!isObj(node)) return undefined;
	const value = node[`${ATTRIBUTE_PREFIX}${name}`];
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * Every `BackgroundReportPackage` in a document: under the root (the documented shape) or as the
 * root itself (RIQ's error sample has no `BackgroundReports` wrapper).
 */
export function reportPackages(doc: ParsedXml): XmlNode[] {
	const root = rootElement(doc);
	if (!root) return [];
	if (root.name === 'BackgroundReportPackage') return children(doc, 'BackgroundReportPackage');
	return children(root.node, 'BackgroundReportPackage');
}
