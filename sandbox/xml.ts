import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** Elements that may repeat in RIQ payloads; always parsed as arrays so handlers need no special cases. */
const REPEATABLE = new Set([
	'AdditionalItems',
	'Document',
	'Product',
	'ReportId',
	'Stat',
	'Screening',
	'Eviction',
	'Bankruptcy',
]);

// Values stay strings (SSNs and report numbers keep leading zeros). Parsing is lenient on purpose: the
// seed's own link/unlink samples are not well-formed, and RIQ's sample payload opens and closes different roots.
const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	isArray: (name) => REPEATABLE.has(name),
});

const builder = new XMLBuilder({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	format: true,
	suppressEmptyNode: false,
});

export type XmlNode = Record<string, unknown>;

export function parseXml(text: string): XmlNode {
	return parser.parse(text) as XmlNode;
}

export function buildXml(doc: XmlNode): string {
	return builder.build({ '?xml': { '@_version': '1.0' }, ...doc }) as string;
}

/** The document's root element name and node, skipping the XML declaration. */
export function rootOf(doc: XmlNode): { name: string; node: XmlNode } | undefined {
	for (const [name, node] of Object.entries(doc)) {
		if (name.startsWith('?')) continue;
		return { name, node: node !== null && typeof node === 'object' ? (node as XmlNode) : {} };
	}
	return undefined;
}

export function child(node: unknown, name: string): XmlNode | undefined {
	if (node === null || typeof node !== 'object') return undefined;
	const value = (node as XmlNode)[name];
	if (Array.isArray(value)) return value[0] as XmlNode;
	if (value !== null && typeof value === 'object') return value as XmlNode;
	return undefined;
}

/** Text content of a child element (an element that has attributes keeps its text under `#text`). */
export function text(node: unknown, name: string): string | undefined {
	if (node === null || typeof node !== 'object') return undefined;
	let value = (node as XmlNode)[name];
	if (Array.isArray(value)) value = value[0];
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'object') {
		const inner = (value as XmlNode)['#text'];
		return inner === undefined ? '' : String(inner);
	}
	return String(value);
}

export function list(node: unknown, name: string): XmlNode[] {
	if (node === null || typeof node !== 'object') return [];
	const value = (node as XmlNode)[name];
	if (value === undefined || value === null) return [];
	const items = Array.isArray(value) ? value : [value];
	return items.map((item) =>
		item !== null && typeof item === 'object' ? (item as XmlNode) : { '#text': item },
	);
}

export function attr(node: unknown, name: string): string | undefined {
	if (node === null || typeof node !== 'object') return undefined;
	const value = (node as XmlNode)[`@_${name}`];
	return value === undefined ? undefined : String(value);
}
