import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { withCredentialAttributes } from '../../../credentials/ResidentIqApi.credentials';
import type { OrderValues } from '../../../nodes/ResidentIq/helpers/orderInput';
import { searchPackage, submitPackage } from '../../../nodes/ResidentIq/helpers/searchPackage';
import { buildXml, type XmlElement } from '../../../nodes/ResidentIq/transport/xml';

/**
 * Property: whatever a user types into any field, the request document keeps its structure (the
 * same elements, the same attributes in the same order) and every value reads back as typed, except
 * for characters XML cannot carry (removed) and surrounding white space (trimmed), as documented.
 */

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function generator(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const PIECES = [
	'<',
	'>',
	'&',
	'"',
	"'",
	']]>',
	'<![CDATA[',
	'<!--',
	'-->',
	'&amp;',
	'&#x41;',
	'&lt;',
	'</Text>',
	'<Injected/>',
	'<?xml',
	'?>',
	'\u0000',
	'\u0007',
	'\u000B',
	'\u001F',
	'\t',
	'\n',
	'\r',
	' ',
	'\uFFFE',
	'é',
	'日本',
	'😀',
	'a',
	'Z',
	'0',
	'9',
	'=',
	'/',
	'\\',
];

function randomText(random: () => number): string {
	const length = 1 + Math.floor(random() * 12);
	let text = '';
	for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
	return text;
}

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const ordered = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	preserveOrder: true,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	processEntities: true,
	htmlEntities: true,
});

type Ordered = Array<Record<string, unknown>>;

/** Element names and attribute names, in document order (values left out). */
function structure(nodes: Ordered): unknown[] {
	return nodes
		.filter((node) => !('#text' in node))
		.map((node) => {
			const name = Object.keys(node).find((key) => key !== ':@') as string;
			const attributes = Object.keys((node[':@'] as Record<string, string> | undefined) ?? {});
			return [name, attributes, name.startsWith('?') ? [] : structure(node[name] as Ordered)];
		});
}

/** Every attribute value and every leaf element's text (empty when it has none), in document order. */
function values(nodes: Ordered, out: string[] = []): string[] {
	for (const node of nodes) {
		if ('#text' in node) continue;
		const name = Object.keys(node).find((key) => key !== ':@') as string;
		for (const value of Object.values((node[':@'] as Record<string, string> | undefined) ?? {}))
			out.push(String(value));
		if (name.startsWith('?')) continue;
		const content = node[name] as Ordered;
		if (content.some((child) => !('#text' in child))) values(content, out);
		else out.push(content.map((child) => String(child['#text'])).join(''));
	}
	return out;
}

// Control characters are excepted from "reads back equal": XML cannot carry most of them and
// readers normalise line breaks and white space in attributes.
const comparable = (value: string) =>
	value
		.replace(NOT_XML, '')
		.replace(/\r\n?/g, '\n')
		.replace(/[\t\n]/g, ' ')
		.trim();

const ORDER_FIELDS = [
	'Product',
	'Reference ID',
	'API User',
	'Client User',
	'User Full Name',
	'First Name',
	'Middle Name',
	'Last Name',
	'SSN',
	'Date of Birth',
	'Street Address',
	'City',
	'State',
	'ZIP Code',
	'Email',
	'Phone',
	'Monthly Rent',
	'Monthly Income',
	'Postback URL',
	'Group With Report Number',
	'Scoring Model',
	...['Employer 1'].flatMap((label) =>
		[
			'Employer Name',
			'Job Title',
			'Job Level',
			'Start Date',
			'End Date',
			'Monthly Compensation',
			'Contact Name',
			'Contact Phone',
			'Street Address',
			'City',
			'State',
			'ZIP Code',
		].map((field) => `${label} ${field}`),
	),
	...['Residence 1'].flatMap((label) =>
		[
			'Start Date',
			'End Date',
			'Monthly Rent',
			'Contact Name',
			'Contact Phone',
			'Street Address',
			'City',
			'State',
			'ZIP Code',
		].map((field) => `${label} ${field}`),
	),
];

/** Each user-set field of every request the node builds, filled by `fill`. */
function documents(
	fill: (field: string) => string,
	credential: { userId: string; password: string },
): string[] {
	const order: OrderValues = Object.fromEntries(ORDER_FIELDS.map((field) => [field, fill(field)]));
	order['Income Verification'] = true;
	const documentsOf = (count: number) =>
		Array.from({ length: count }, (_, index) => ({
			fileName: fill(`file ${index}`),
			fileType: fill(`type ${index}`),
			bytes: 1,
			base64: 'QQ==',
		}));
	const requests: Array<[string, XmlElement]> = [
		[
			'BackgroundReports',
			{
				BackgroundSearchPackage: submitPackage(
					order,
					{ employment: 1, residence: 1 },
					documentsOf(1),
				),
			},
		],
		[
			'BackgroundReports',
			{
				BackgroundSearchPackage: submitPackage(
					order,
					{ employment: 1, residence: 1 },
					documentsOf(2),
				),
			},
		],
		[
			'BackgroundCheck',
			searchPackage('status', { OrderId: fill('order'), 'report-type': fill('report type') }),
		],
		[
			'BackgroundCheck',
			searchPackage('status', {
				OrderId: fill('order'),
				AdditionalItems: [
					{ '@_type': 'x:link_order', Text: fill('other 1') },
					{ '@_type': 'x:link_order', Text: fill('other 2') },
				],
			}),
		],
		[
			'BackgroundCheck',
			searchPackage('decision', { OrderId: fill('order'), PropertyDecision: fill('decision') }),
		],
		[
			'BackgroundCheck',
			{
				BackgroundSearchPackage: {
					'@_action': 'decision',
					OrderId: [fill('g1'), fill('g2')],
					PropertyDecision: fill('decision'),
				},
			},
		],
		[
			'BackgroundCheck',
			searchPackage('decision', { Stats: { StartDate: fill('start'), EndDate: fill('end') } }),
		],
		[
			'BackgroundCheck',
			searchPackage('decision', {
				OrderId: fill('order'),
				SupportingDocumentation: {
					Document: [{ OriginalFileName: fill('f'), FileType: fill('t'), EncodedContent: 'QQ==' }],
				},
			}),
		],
	];
	return requests.map(([root, content]) =>
		withCredentialAttributes(buildXml(root, content), credential.userId, credential.password),
	);
}

test.each(Array.from({ length: 40 }, (_, run) => 1000 + run))(
	'seed %i: structure kept, values read back as sent',
	(seed) => {
		const random = generator(seed);
		const typed: string[] = [];
		const byField = new Map<string, string>();
		const fill = (field: string) => {
			const value = randomText(random);
			typed.push(value);
			byField.set(field, value);
			return value;
		};
		const credential = { userId: randomText(random), password: randomText(random) };
		const hostile = documents(fill, credential);
		const reference = documents(() => 'v', { userId: 'v', password: 'v' });
		hostile.forEach((xml, index) => {
			expect(XMLValidator.validate(xml)).toBe(true);
			const parsed = ordered.parse(xml) as Ordered;
			const expected = ordered.parse(reference[index]) as Ordered;
			expect(structure(parsed)).toEqual(structure(expected));
			// Values in document order: fixed ones (actions, types) as in the reference, typed ones as sent.
			const read = values(parsed);
			const fixed = values(expected);
			expect(read).toHaveLength(fixed.length);
			const allTyped = new Set([...typed, credential.userId, credential.password].map(comparable));
			read.forEach((value, position) => {
				if (fixed[position] === 'v') expect(allTyped.has(comparable(value))).toBe(true);
				else expect(value).toBe(fixed[position]);
			});
		});
		// Each typed value appears exactly as sent at its field's place: spot-check the order's names and the credential.
		const submit = ordered.parse(hostile[0]) as Ordered;
		const text = values(submit);
		// The credential's values travel exactly (only characters XML cannot carry are dropped).
		expect(text.slice(0, 3)).toEqual([
			'1.0',
			credential.userId.replace(NOT_XML, ''),
			credential.password.replace(NOT_XML, ''),
		]);
		expect(text.map(comparable)).toContain(comparable(byField.get('First Name') as string));
		expect(text.map(comparable)).toContain(comparable(byField.get('Scoring Model') as string));
	},
);
