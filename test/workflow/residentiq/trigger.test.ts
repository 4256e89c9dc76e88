import nock from 'nock';

import { deliverWebhook } from '../../../harness';
import { captureWarnings } from '../../../harness/logs';
import { basicAuthHeader } from '../../../nodes/shared/webhook-auth';
import {
	credentials,
	errorAnswer,
	PASSWORD,
	requestOf,
	riqAnswer,
	riqRoute,
	serialise,
	USER_ID,
	withCredentials,
} from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const POSTBACK = `<?xml version="1.0"?>
<BackgroundReports userId="echoed-user" password="echoed-secret">
  <BackgroundReportPackage>
    <ReferenceId>APP-1</ReferenceId>
    <OrderId>500001</OrderId>
    <ScreeningStatus>
      <OrderStatus>x:ready</OrderStatus>
      <OrderDecision>Accept</OrderDecision>
      <OrderDecisionDescription>Meets the criteria</OrderDecisionDescription>
    </ScreeningStatus>
    <ReportURL>https://apiqa.residentiq.com/reports/tok1</ReportURL>
    <AdditionalItems type="x:postback_password"><Text>echoed-secret</Text></AdditionalItems>
  </BackgroundReportPackage>
</BackgroundReports>`;

// Authentication is covered in its own block; the reading tests run without it.
const noAuth = { authentication: 'none' };
const unconfirmed = { confirmWithRiq: false, ...noAuth };
const xmlHeaders = { 'Content-Type': 'application/xml; charset=utf-8' };

describe('reading postbacks (Confirm With RIQ off)', () => {
	test('raw XML: one item per report package, mapped, 200 to RIQ', async () => {
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: unconfirmed },
			{ headers: xmlHeaders, body: POSTBACK },
		);
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual({ status: 'received', reports: 1 });
		expect(items).toHaveLength(1);
		const { receivedAt, ...json } = items?.[0].json ?? {};
		expect(json).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			status: 'ready',
			statusRaw: 'x:ready',
			decision: 'Accept',
			decisionDescription: 'Meets the criteria',
			reportUrl: 'https://apiqa.residentiq.com/reports/tok1',
			confirmed: false,
			reason: 'Confirm With RIQ is off: the postback is as sent',
			vendorStatus: null,
		});
		expect(typeof receivedAt).toBe('string');
		expect(serialise(items)).not.toContain('echoed-secret');
		expect(serialise(items)).not.toContain('echoed-user');
	});

	test('form-encoded (TazWorks style): the XML is found in the form field', async () => {
		for (const field of ['request', 'xml_data']) {
			const { response, items } = await deliverWebhook(
				{ type: 'residentIqTrigger', parameters: unconfirmed },
				{
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ other: 'x', [field]: POSTBACK }).toString(),
				},
			);
			expect(response.statusCode).toBe(200);
			expect(items?.[0].json).toMatchObject({ orderId: '500001', status: 'ready' });
		}
	});

	test('a configured form field is the only one read', async () => {
		const body = new URLSearchParams({ request: POSTBACK }).toString();
		const { response, items } = await deliverWebhook(
			{
				type: 'residentIqTrigger',
				parameters: { ...unconfirmed, options: { formField: 'postback' } },
			},
			{ headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body },
		);
		expect(response.statusCode).toBe(400);
		expect(items).toBeUndefined();
	});

	test('several report packages give several items', async () => {
		const body = `<BackgroundReports>${[1, 2, 3]
			.map(
				(n) =>
					`<BackgroundReportPackage><OrderId>50000${n}</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>`,
			)
			.join('')}</BackgroundReports>`;
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: unconfirmed },
			{ headers: { 'Content-Type': 'text/xml' }, body },
		);
		expect(response.body).toEqual({ status: 'received', reports: 3 });
		expect(items?.map((item) => item.json.orderId)).toEqual(['500001', '500002', '500003']);
	});

	test.each([
		['not XML', 'hello world', 'text/plain'],
		['empty', '', 'application/xml'],
		['XML that is not a postback', '<html><body>hi</body></html>', 'application/xml'],
		[
			'a package without OrderId',
			'<BackgroundReports><BackgroundReportPackage><ReferenceId>A</ReferenceId></BackgroundReportPackage></BackgroundReports>',
			'application/xml',
		],
		[
			'an OrderId that is not a report number',
			'<BackgroundReports><BackgroundReportPackage><OrderId>1 OR 1=1</OrderId></BackgroundReportPackage></BackgroundReports>',
			'application/xml',
		],
		[
			'a DTD',
			'<!DOCTYPE r [<!ENTITY x "500001">]><BackgroundReports><BackgroundReportPackage><OrderId>&x;</OrderId></BackgroundReportPackage></BackgroundReports>',
			'application/xml',
		],
		['a form without XML', 'request=hello&x=1', 'application/x-www-form-urlencoded'],
	])('malformed (%s): 400 and no execution', async (_name, body, contentType) => {
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: unconfirmed },
			{ headers: { 'Content-Type': contentType }, body },
		);
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({ error: 'Not a ResidentIQ postback' });
		expect(items).toBeUndefined();
	});
});

describe('Basic Auth in the Postback URL (an option)', () => {
	const basic = { residentIqPostbackApi: { user: 'riq', password: 'pb-secret-9' } };
	const parameters = { confirmWithRiq: false, authentication: 'basicAuth' };

	test.each([
		['no header', undefined],
		['wrong password', basicAuthHeader('riq', 'nope')],
		['wrong user', basicAuthHeader('RIQ', 'pb-secret-9')],
		['not basic', 'Bearer pb-secret-9'],
	])('%s: 401 with WWW-Authenticate and no execution', async (_name, authorization) => {
		const headers: Record<string, string> = { ...xmlHeaders };
		if (authorization) headers.Authorization = authorization;
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters },
			{ headers, body: POSTBACK },
			withCredentials(basic),
		);
		expect(response.statusCode).toBe(401);
		expect(response.headers['www-authenticate']).toBe(
			'Basic realm="ResidentIQ postback", charset="UTF-8"',
		);
		expect(items).toBeUndefined();
		expect(JSON.stringify(response.body)).not.toContain('pb-secret-9');
	});

	test('the right user and password let the postback in', async () => {
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters },
			{
				headers: { ...xmlHeaders, Authorization: basicAuthHeader('riq', 'pb-secret-9') },
				body: POSTBACK,
			},
			withCredentials(basic),
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
	});

	test('Basic Auth selected with an incomplete credential refuses everything', async () => {
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters },
			{ headers: { ...xmlHeaders, Authorization: basicAuthHeader('riq', '') }, body: POSTBACK },
			withCredentials({ residentIqPostbackApi: { user: 'riq', password: '' } }),
		);
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});

	test.each([
		['Read-Back without Confirm With RIQ', { confirmWithRiq: false }],
		['Header Auth (no longer offered)', { confirmWithRiq: false, authentication: 'headerAuth' }],
	])('%s refuses every postback', async (_name, settings) => {
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: settings },
			{ headers: { ...xmlHeaders, 'X-RIQ-Token': 'tok-123456' }, body: POSTBACK },
			withCredentials(basic),
		);
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});
});

describe('the postback user ID and password (x:postback_userId / x:postback_password)', () => {
	const pair = { residentIqPostbackApi: { user: 'pb-user', password: 'pb-secret-9' } };
	const parameters = { confirmWithRiq: false, authentication: 'postbackPair' };
	const withPair = (user: string, password: string) =>
		POSTBACK.replace(
			'<AdditionalItems type="x:postback_password"><Text>echoed-secret</Text></AdditionalItems>',
			`<AdditionalItems type="x:postback_userId"><Text>${user}</Text></AdditionalItems><AdditionalItems type="x:postback_password"><Text>${password}</Text></AdditionalItems>`,
		);

	test.each([
		['no pair', POSTBACK],
		['wrong password', withPair('pb-user', 'nope')],
		['wrong user', withPair('PB-user', 'pb-secret-9')],
	])('%s: 401 and no execution', async (_name, body) => {
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters },
			{ headers: xmlHeaders, body },
			withCredentials(pair),
		);
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});

	test('the pair the order supplied lets the postback in, in the XML or as form fields, and is never output', async () => {
		const inXml = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters },
			{ headers: xmlHeaders, body: withPair('pb-user', 'pb-secret-9') },
			withCredentials(pair),
		);
		expect(inXml.response.statusCode).toBe(200);
		expect(inXml.items).toHaveLength(1);
		expect(serialise(inXml.items)).not.toContain('pb-secret-9');
		const inForm = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters },
			{
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					request: withPair('', '').replace(
						/<AdditionalItems type="x:postback_\w+"><Text><\/Text><\/AdditionalItems>/g,
						'',
					),
					postback_userId: 'pb-user',
					postback_password: 'pb-secret-9',
				}).toString(),
			},
			withCredentials(pair),
		);
		expect(inForm.response.statusCode).toBe(200);
		expect(inForm.items).toHaveLength(1);
	});

	test('the selector defaults to the URL and read-back, is not an expression field; no password parameter', async () => {
		const { ResidentIqTrigger } = await import('../../../nodes/ResidentIq/ResidentIqTrigger.node');
		const properties = new ResidentIqTrigger().description.properties;
		const selector = properties.find((property) => property.name === 'authentication');
		expect(selector).toMatchObject({ default: 'readBack', noDataExpression: true });
		expect(properties.some((property) => /password/i.test(property.name))).toBe(false);
	});
});

describe('Confirm With RIQ (default)', () => {
	test('the item is what /status says; the postback is kept for reference', async () => {
		const recorded = riqRoute('/status', {
			body: riqAnswer(`<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>500001</OrderId>
				<ScreeningStatus><OrderStatus>x:ready</OrderStatus><OrderDecision>Decline</OrderDecision><OrderDecisionDescription>Does not meet the criteria</OrderDecisionDescription></ScreeningStatus>
				<ReportURL>https://apiqa.residentiq.com/reports/fresh</ReportURL></BackgroundReportPackage>`),
		});
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ request: POSTBACK }).toString(),
			},
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(requestOf(recorded.bodies[0])).toEqual({
			root: 'BackgroundCheck',
			attributes: { userId: USER_ID, password: PASSWORD },
			content: {
				BackgroundSearchPackage: { '@_action': 'status', OrderId: '500001', 'report-type': 'full' },
			},
		});
		const { receivedAt, reportUrlIssuedAt, reportUrlExpiresAt, ...json } = items?.[0].json ?? {};
		expect(Date.parse(String(reportUrlExpiresAt)) - Date.parse(String(reportUrlIssuedAt))).toBe(
			5 * 60 * 1000,
		);
		expect(json).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			status: 'ready',
			statusRaw: 'x:ready',
			decision: 'Decline',
			decisionDescription: 'Does not meet the criteria',
			reportUrl: 'https://apiqa.residentiq.com/reports/fresh',
			confirmed: true,
			vendorStatus: 'x:ready',
			postback: {
				orderId: '500001',
				referenceId: 'APP-1',
				status: 'ready',
				statusRaw: 'x:ready',
				decision: 'Accept',
				decisionDescription: 'Meets the criteria',
				reportUrl: 'https://apiqa.residentiq.com/reports/tok1',
			},
		});
		expect(typeof receivedAt).toBe('string');
		expect(typeof reportUrlIssuedAt).toBe('string');
		expect(serialise(items)).not.toContain(PASSWORD);
	});

	/** The trigger's static data once its credential has confirmed a report. */
	const confirmedBefore = { 'node:ResidentIQ Trigger': { confirmedWithVendor: true } };

	test('a report RIQ does not know, once the credential has confirmed reports: refused, no execution', async () => {
		riqRoute('/status', {
			body: errorAnswer('3', 'Report 500001 was not found for this client location'),
		});
		// The postback names this credential's own location (or none): an unknown report is a forgery.
		const ownLocation = POSTBACK.replace('userId="echoed-user"', `userId="${USER_ID}"`);
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: { confirmWithRiq: true, ...noAuth } },
			{ headers: xmlHeaders, body: ownLocation },
			{ credentials, staticData: confirmedBefore },
		);
		expect(response.statusCode).toBe(404);
		expect(response.body).toEqual({ error: 'ResidentIQ does not confirm this report' });
		expect(items).toBeUndefined();
	});

	test('"unknown report" from a credential that never confirmed one: 1 item, unconfirmed, with a warning', async () => {
		riqRoute('/status', { body: errorAnswer('3', 'Report 500001 was not found') });
		const warnings = captureWarnings();
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{
				headers: xmlHeaders,
				body: POSTBACK.replace('userId="echoed-user"', `userId="${USER_ID}"`),
			},
			{ credentials },
		);
		warnings.restore();
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({ orderId: '500001', confirmed: false });
		expect(String(items?.[0].json.reason)).toMatch(/never confirmed/);
		expect(warnings.messages.join('\n')).toMatch(/500001 passed on unconfirmed/);
	});

	test('"client location not found" (a rotated password) is no unknown report: emitted unconfirmed', async () => {
		riqRoute('/status', { body: errorAnswer('7', 'Client location not found') });
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{
				headers: xmlHeaders,
				body: POSTBACK.replace('userId="echoed-user"', `userId="${USER_ID}"`),
			},
			{ credentials, staticData: confirmedBefore },
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({ orderId: '500001', confirmed: false });
		expect(String(items?.[0].json.reason)).toMatch(/Client location not found/);
	});

	test('a two-report postback with one unknown report emits the known one', async () => {
		riqRoute(
			'/status',
			{
				body: riqAnswer(
					'<BackgroundReportPackage><OrderId>500001</OrderId><ScreeningStatus><OrderStatus>x:ready</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
				),
			},
			{ body: errorAnswer('3', 'Report 777 was not found') },
		);
		const body = `<BackgroundReports><BackgroundReportPackage><OrderId>500001</OrderId></BackgroundReportPackage><BackgroundReportPackage><OrderId>777</OrderId></BackgroundReportPackage></BackgroundReports>`;
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body },
			{ credentials, staticData: confirmedBefore },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.map((item) => [item.json.orderId, item.json.confirmed])).toEqual([
			['500001', true],
		]);
	});

	test('RIQ unreachable (503): the postback is passed on unconfirmed with the reason, answered 200', async () => {
		riqRoute(
			'/status',
			{ status: 503, body: 'down', headers: { 'Retry-After': '0' } },
			{ status: 503, body: 'down', headers: { 'Retry-After': '0' } },
		);
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: POSTBACK },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({
			orderId: '500001',
			status: 'ready',
			decision: 'Accept',
			confirmed: false,
		});
		expect(String(items?.[0].json.reason)).toMatch(/^could not read the report from ResidentIQ: /);
		expect(nock.isDone()).toBe(true);
	});

	test('a malformed body is refused before RIQ is asked anything', async () => {
		const recorded = riqRoute('/status', { body: riqAnswer('<BackgroundReportPackage/>') });
		const { response } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: '<x/>' },
			{ credentials },
		);
		expect(response.statusCode).toBe(400);
		expect(recorded.bodies).toHaveLength(0);
	});
});

test("the webhook lives under the node's random webhook ID, and needs no remote registration", async () => {
	const { node } = await deliverWebhook(
		{ type: 'residentIqTrigger', parameters: unconfirmed },
		{ headers: xmlHeaders, body: POSTBACK },
	);
	expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
});
