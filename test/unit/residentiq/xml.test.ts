import { XMLParser } from 'fast-xml-parser';

import { findErrorReport, isRiqDocument } from '../../../nodes/ResidentIq/transport';
import {
	attribute,
	buildXml,
	child,
	parseXml,
	reportPackages,
	text,
	texts,
	withCredentialAttributes,
	xmlText,
} from '../../../nodes/ResidentIq/transport/xml';

const reader = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	parseTagValue: false,
});

describe('building request XML', () => {
	test('values are escaped, empty optional elements are left out, arrays repeat the element', () => {
		const xml = buildXml('BackgroundCheck', {
			BackgroundSearchPackage: {
				'@_action': 'a"b<c>',
				OrderId: '<x>&amp;</x>',
				Missing: undefined,
				AdditionalItems: [
					{ '@_type': 'x:link_order', Text: '1' },
					{ '@_type': 'x:link_order', Text: '2' },
				],
			},
		});
		expect(xml.startsWith('<?xml version="1.0"?><BackgroundCheck>')).toBe(true);
		expect(xml).not.toContain('<x>');
		expect(xml).not.toContain('Missing');
		expect(reader.parse(xml)).toEqual({
			'?xml': { '@_version': '1.0' },
			BackgroundCheck: {
				BackgroundSearchPackage: {
					'@_action': 'a"b<c>',
					OrderId: '<x>&amp;</x>',
					AdditionalItems: [
						{ '@_type': 'x:link_order', Text: '1' },
						{ '@_type': 'x:link_order', Text: '2' },
					],
				},
			},
		});
	});

	test('characters XML cannot carry are removed, surrounding space trimmed', () => {
		expect(xmlText(' a\u0000b\u0007c\u001Fd\te\n ')).toBe('abcd\te');
		expect(xmlText(undefined)).toBe('');
		expect(xmlText(42)).toBe('42');
	});

	test('the credential attributes are set on the root, first, replacing any already there', () => {
		const xml =
			'<?xml version="1.0"?><BackgroundReports password="old" keep="1"><A>x &amp; y</A></BackgroundReports>';
		const result = withCredentialAttributes(xml, 'user&1', 'pa"ss<');
		expect(result).toContain(
			'<BackgroundReports userId="user&amp;1" password="pa&quot;ss&lt;" keep="1">',
		);
		expect(reader.parse(result).BackgroundReports).toEqual({
			'@_userId': 'user&1',
			'@_password': 'pa"ss<',
			'@_keep': '1',
			A: 'x & y',
		});
		expect(() => withCredentialAttributes('just text', 'u', 'p')).toThrow('not an XML document');
	});
});

describe('reading RIQ answers', () => {
	test('values stay strings (leading zeros kept); repeatable elements are always arrays', () => {
		const doc = parseXml(
			'<BackgroundReports userId="u" password="p"><BackgroundReportPackage><OrderId>000123</OrderId><GroupedReports><ReportId>0042</ReportId></GroupedReports></BackgroundReportPackage></BackgroundReports>',
		);
		const [pkg] = reportPackages(doc);
		expect(text(pkg, 'OrderId')).toBe('000123');
		expect(texts(child(pkg, 'GroupedReports'), 'ReportId')).toEqual(['0042']);
		expect(
			Array.isArray((doc.BackgroundReports as Record<string, unknown>).BackgroundReportPackage),
		).toBe(true);
		expect(attribute(doc.BackgroundReports, 'userId')).toBe('u');
	});

	test("RIQ's error sample (no BackgroundReports opening tag) is still read", () => {
		const doc = parseXml(`<BackgroundReportPackage>
			<ReferenceId>R-1</ReferenceId>
			<ScreeningStatus><OrderStatus>x:error</OrderStatus></ScreeningStatus>
			<ErrorReport><ErrorCode>1</ErrorCode><ErrorDescription>Bad things</ErrorDescription></ErrorReport>
		</BackgroundReportPackage>
		</BackgroundReports>`);
		expect(isRiqDocument(doc)).toBe(true);
		expect(findErrorReport(doc)).toEqual({
			code: '1',
			description: 'Bad things',
			referenceId: 'R-1',
		});
	});

	test('an ErrorReport without x:error, or x:error without ErrorReport, is still an error; success is not', () => {
		expect(
			findErrorReport(
				parseXml(
					'<BackgroundReports><ErrorReport><ErrorCode>9</ErrorCode></ErrorReport></BackgroundReports>',
				),
			),
		).toEqual({
			code: '9',
			description: undefined,
			referenceId: undefined,
		});
		expect(
			findErrorReport(
				parseXml(
					'<BackgroundReports><BackgroundReportPackage><ScreeningStatus><OrderStatus>X:ERROR</OrderStatus></ScreeningStatus></BackgroundReportPackage></BackgroundReports>',
				),
			),
		).toMatchObject({ code: undefined });
		expect(
			findErrorReport(
				parseXml(
					'<BackgroundReports><BackgroundReportPackage><ScreeningStatus><OrderStatus>x:ready</OrderStatus></ScreeningStatus></BackgroundReportPackage></BackgroundReports>',
				),
			),
		).toBeUndefined();
	});

	test('documents that are not RIQ answers are recognised', () => {
		expect(isRiqDocument(parseXml('<html><body/></html>'))).toBe(false);
		expect(isRiqDocument(parseXml('no xml here'))).toBe(false);
		expect(isRiqDocument(parseXml('<BackgroundCheck/>'))).toBe(true);
	});
});
