/**
 * Valid and hostile request bodies for the abuse suite. Valid ones carry the test SSN, so that the suite can check
 * it never comes back whole (responses, n8n's log, execution data).
 */
import { TEST_SSN } from './targets';

export interface Body {
	label: string;
	contentType?: string;
	body?: string | Buffer;
}

export const JSON_TYPE = 'application/json';
export const XML_TYPE = 'application/xml; charset=utf-8';
export const FORM_TYPE = 'application/x-www-form-urlencoded';

/** An ATS Anywhere order as the sandbox's ATS builds it, with an SSN and date of birth the ATS may add. */
export function atsOrder(payload: Record<string, unknown>): Record<string, unknown> {
	const applicant = (payload.applicant ?? {}) as Record<string, unknown>;
	return { ...payload, applicant: { ...applicant, ssn: TEST_SSN, date_of_birth: '1990-07-08' } };
}

/** A RIQ postback document for one report (what RIQ posts: a BackgroundReports/BackgroundReportPackage). */
export function riqXml(orderId: string): string {
	return (
		'<?xml version="1.0" encoding="UTF-8"?><BackgroundReports><BackgroundReportPackage>' +
		`<OrderId>${orderId}</OrderId><ReferenceId>ABUSE-${orderId}</ReferenceId>` +
		'<ScreeningStatus><OrderStatus>x:ready</OrderStatus></ScreeningStatus>' +
		`<PersonalData><GovernmentId countryCode="US" issuingAuthority="SSN">${TEST_SSN}</GovernmentId><DateOfBirth>1990-07-08</DateOfBirth></PersonalData>` +
		'</BackgroundReportPackage></BackgroundReports>'
	);
}

/** RIQ's default postback: the XML form-encoded in the field `request` (TazWorks style). */
export function riqForm(orderId: string): Body {
	return {
		label: 'form postback',
		contentType: FORM_TYPE,
		body: new URLSearchParams({ request: riqXml(orderId) }).toString(),
	};
}

/** A Choice order response as Choice posts it to the Return URL, with personal data a callback may carry. */
export function choiceCallback(id: number): Record<string, unknown> {
	return {
		id,
		trackingId: `ABUSE-${id}`,
		status: 'Complete',
		result: 'Clear',
		applicant: { firstName: 'JOHN', lastName: 'DOE', ssn: TEST_SSN, dateOfBirth: '1990-07-08' },
		items: [{ itemNumber: { type: 'PACKAGE', value: '103' }, status: 'Complete', result: 'Clear' }],
	};
}

export const json = (label: string, value: unknown): Body => ({
	label,
	contentType: JSON_TYPE,
	body: JSON.stringify(value),
});

const half = (text: string) => text.slice(0, Math.floor(text.length / 2));

/** Five megabytes of the given unit (repeated), wrapped. */
function fiveMb(prefix: string, unit: string, suffix: string): string {
	return `${prefix}${unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length))}${suffix}`;
}

/** Bodies no endpoint may accept: one list per category, given a valid body of the endpoint to spoil. */
export function hostile(
	kind: 'json' | 'xml',
	valid: string,
): Record<'truncated' | 'wrongTyped' | 'empty' | 'big' | 'contentType' | 'form', Body[]> {
	const type = kind === 'json' ? JSON_TYPE : XML_TYPE;
	const truncated: Body[] =
		kind === 'json'
			? [
					{ label: 'JSON cut in half', contentType: type, body: half(valid) },
					{ label: 'JSON cut after "{"', contentType: type, body: '{' },
					{ label: 'JSON unterminated string', contentType: type, body: '{"id": "1' },
				]
			: [
					{ label: 'XML cut in half', contentType: type, body: half(valid) },
					{ label: 'XML "<"', contentType: type, body: '<' },
					{ label: 'XML "<?xml vers"', contentType: type, body: '<?xml vers' },
					{
						label: 'XML cut in half, in the form field',
						contentType: FORM_TYPE,
						body: new URLSearchParams({ request: half(valid) }).toString(),
					},
					{
						label: 'XML nested 5,000 deep',
						contentType: type,
						body: `${'<a>'.repeat(5000)}1${'</a>'.repeat(5000)}`,
					},
				];
	const wrongTyped: Body[] =
		kind === 'json'
			? [
					{ label: 'JSON array', contentType: type, body: '[]' },
					{ label: 'JSON number', contentType: type, body: '123' },
					{ label: 'JSON string', contentType: type, body: '"order"' },
					{ label: 'JSON null', contentType: type, body: 'null' },
					{
						label: 'ids as objects',
						contentType: type,
						body: JSON.stringify({
							id: { $gt: 0 },
							background_check_id: { $ne: null },
							orderId: [1, 2],
						}),
					},
					{
						label: 'id with a path',
						contentType: type,
						body: JSON.stringify({ id: '../../1', background_check_id: '../../1', package_id: 7 }),
					},
					{
						label: '__proto__ keys',
						contentType: type,
						body: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}',
					},
				]
			: [
					{
						label: 'JSON to the XML endpoint',
						contentType: JSON_TYPE,
						body: JSON.stringify({ OrderId: '1' }),
					},
					{
						label: 'OrderId with markup',
						contentType: type,
						body: '<BackgroundReports><BackgroundReportPackage><OrderId><a>1</a></OrderId></BackgroundReportPackage></BackgroundReports>',
					},
					{
						label: 'OrderId with a path',
						contentType: type,
						body: '<BackgroundReports><BackgroundReportPackage><OrderId>../../1</OrderId></BackgroundReportPackage></BackgroundReports>',
					},
					{
						label: 'no OrderId',
						contentType: type,
						body: '<BackgroundReports><BackgroundReportPackage/></BackgroundReports>',
					},
					{ label: 'other root', contentType: type, body: '<html><body>hello</body></html>' },
				];
	const empty: Body[] = [
		{ label: 'empty, JSON type', contentType: JSON_TYPE, body: '' },
		{ label: 'empty, XML type', contentType: XML_TYPE, body: '' },
		{ label: 'empty, form type', contentType: FORM_TYPE, body: '' },
		{ label: 'empty, no type', body: '' },
		{ label: 'whitespace', contentType: type, body: ' \r\n\t ' },
		kind === 'json'
			? { label: 'empty object', contentType: type, body: '{}' }
			: { label: 'empty root', contentType: type, body: '<BackgroundReports/>' },
	];
	const big: Body[] =
		kind === 'json'
			? [
					{ label: '5 MB JSON string', contentType: type, body: fiveMb('{"id": "', 'a', '"}') },
					{
						label: '5 MB JSON array',
						contentType: type,
						body: fiveMb('{"items": [', '{"a":1},', '{}]}'),
					},
				]
			: [
					{
						label: '5 MB XML text',
						contentType: type,
						body: fiveMb(
							'<BackgroundReports><BackgroundReportPackage><OrderId>',
							'a',
							'</OrderId></BackgroundReportPackage></BackgroundReports>',
						),
					},
					{
						label: '5 MB XML elements',
						contentType: type,
						body: fiveMb(
							'<BackgroundReports>',
							'<BackgroundReportPackage/>',
							'</BackgroundReports>',
						),
					},
					{ label: '5 MB form', contentType: FORM_TYPE, body: fiveMb('request=', '%3Ca%3E', '') },
				];
	// The endpoint's format under a type that does not match it, and other formats under the endpoint's type.
	const contentType: Body[] = [
		{
			label: 'octet-stream garbage',
			contentType: 'application/octet-stream',
			body: Buffer.from([0, 255, 1, 254, 0x3c, 0x00, 0x7b]),
		},
		{
			label: 'multipart garbage',
			contentType: 'multipart/form-data; boundary=xyz',
			body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xy',
		},
		{
			label: 'text/html',
			contentType: 'text/html',
			body: '<html><script>alert(1)</script></html>',
		},
		kind === 'json'
			? { label: 'well-formed XML', contentType: XML_TYPE, body: '<order><id>1</id></order>' }
			: {
					label: 'JSON under the XML type',
					contentType: XML_TYPE,
					body: JSON.stringify({ OrderId: '1' }),
				},
		{
			label: 'charset nonsense',
			contentType: `${kind === 'json' ? 'application/json' : 'application/xml'}; charset=x-unknown-42`,
			body: kind === 'json' ? '{"a":' : '<a',
		},
	];
	const form: Body[] = [
		{ label: 'form with bad escapes', contentType: FORM_TYPE, body: 'a=%ZZ&&&=&b=%&c' },
		{
			label: 'form prototype pollution',
			contentType: FORM_TYPE,
			body: '__proto__[admin]=1&constructor[prototype][x]=1&a[b][c][d][e][f]=1',
		},
		{
			label: 'form with 10,000 fields',
			contentType: FORM_TYPE,
			body: Array.from({ length: 10_000 }, (_, i) => `f${i}=${i}`).join('&'),
		},
		{ label: 'form, XML field not XML', contentType: FORM_TYPE, body: 'request=hello&xml=%3C' },
	];
	return { truncated, wrongTyped, empty, big, contentType, form };
}

/** Billion laughs: ten levels of ten references (10^9 expansions if a parser expands them). */
export function billionLaughs(): string {
	const lines = ['<!ENTITY lol0 "lol">'];
	for (let i = 1; i <= 9; i++) lines.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
	return `<?xml version="1.0"?><!DOCTYPE BackgroundReports [${lines.join('')}]><BackgroundReports><BackgroundReportPackage><OrderId>&lol9;</OrderId></BackgroundReportPackage></BackgroundReports>`;
}

/** External entities: a local file and a URL on a loopback canary that counts who fetches it. */
export function xxe(canaryUrl: string): Body[] {
	const doc = (decl: string) =>
		`<?xml version="1.0"?><!DOCTYPE BackgroundReports [${decl}]><BackgroundReports><BackgroundReportPackage><OrderId>1</OrderId><ReferenceId>&x;</ReferenceId></BackgroundReportPackage></BackgroundReports>`;
	return [
		{
			label: 'XXE file:///etc/passwd',
			contentType: XML_TYPE,
			body: doc('<!ENTITY x SYSTEM "file:///etc/passwd">'),
		},
		{
			label: 'XXE loopback URL',
			contentType: XML_TYPE,
			body: doc(`<!ENTITY x SYSTEM "${canaryUrl}/xxe">`),
		},
		{
			label: 'XXE parameter entity',
			contentType: XML_TYPE,
			body: doc(`<!ENTITY % p SYSTEM "${canaryUrl}/dtd"> %p; <!ENTITY x "y">`),
		},
		{
			label: 'XXE in the form field',
			contentType: FORM_TYPE,
			body: new URLSearchParams({
				request: doc('<!ENTITY x SYSTEM "file:///etc/passwd">'),
			}).toString(),
		},
	];
}

export function entityExpansion(): Body[] {
	const laughs = billionLaughs();
	return [
		{ label: 'billion laughs', contentType: XML_TYPE, body: laughs },
		{
			label: 'billion laughs in the form field',
			contentType: FORM_TYPE,
			body: new URLSearchParams({ request: laughs }).toString(),
		},
		{ label: 'undefined entity', contentType: XML_TYPE, body: '<a>&x;</a>' },
		{
			label: 'quadratic blowup',
			contentType: XML_TYPE,
			body: `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${'a'.repeat(50_000)}">]><BackgroundReports><BackgroundReportPackage><OrderId>${'&a;'.repeat(2_000)}</OrderId></BackgroundReportPackage></BackgroundReports>`,
		},
	];
}
