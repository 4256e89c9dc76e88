import { parsePostback } from '../../../nodes/ResidentIq/helpers/postback';
import { text } from '../../../nodes/ResidentIq/transport/xml';

const XML =
	'<BackgroundReports><BackgroundReportPackage><OrderId>500001</OrderId></BackgroundReportPackage></BackgroundReports>';

function orderIds(result: ReturnType<typeof parsePostback>) {
	return result.ok ? result.packages.map((pkg) => text(pkg, 'OrderId')) : result.reason;
}

test('raw XML, with or without a content type', () => {
	expect(parsePostback(Buffer.from(XML), 'application/xml', {})).toMatchObject({
		ok: true,
		format: 'xml',
	});
	expect(orderIds(parsePostback(`  \n${XML}`, undefined, {}))).toEqual(['500001']);
});

test('form-encoded: known field names first, any field holding XML otherwise', () => {
	const body = new URLSearchParams({ note: '<b>not it</b>', request: XML }).toString();
	expect(parsePostback(body, 'application/x-www-form-urlencoded', {})).toMatchObject({
		ok: true,
		format: 'form',
	});
	const other = new URLSearchParams({ custom_field: XML }).toString();
	expect(orderIds(parsePostback(other, undefined, {}))).toEqual(['500001']);
});

test('a configured field is the only one read', () => {
	const body = new URLSearchParams({ request: XML }).toString();
	expect(parsePostback(body, 'application/x-www-form-urlencoded', {}, 'xml')).toEqual({
		ok: false,
		reason: 'no XML in form field "xml"',
	});
	expect(
		parsePostback(
			new URLSearchParams({ xml: XML }).toString(),
			'application/x-www-form-urlencoded',
			{},
			'xml',
		).ok,
	).toBe(true);
});

test('the body n8n already parsed (e.g. multipart) is used when there are no raw bytes', () => {
	expect(
		orderIds(
			parsePostback(undefined, 'multipart/form-data', { data: { request: 'x' }, request: XML }),
		),
	).toEqual(['500001']);
});

test('refusals', () => {
	expect(parsePostback('', 'application/xml', {})).toEqual({
		ok: false,
		reason: 'no XML in the body or its form fields',
	});
	expect(parsePostback('<a/>', 'application/xml', {})).toEqual({
		ok: false,
		reason: 'no BackgroundReportPackage with an OrderId',
	});
	expect(
		parsePostback(
			'<BackgroundReports><BackgroundReportPackage><OrderId>1</OrderId></BackgroundReportPackage><BackgroundReportPackage><OrderId></OrderId></BackgroundReportPackage></BackgroundReports>',
			'application/xml',
			{},
		),
	).toEqual({ ok: false, reason: 'a BackgroundReportPackage has no valid OrderId' });
});
