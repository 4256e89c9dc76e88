import nock from 'nock';
import { Workflow, type IDataObject } from 'n8n-workflow';

import { deliverWebhook, makeNode } from '../../../harness';
import { HarnessNodeTypes } from '../../../harness/node-types';
import { forgetInProcessLedgers } from '../../../nodes/shared/ledger';
import {
	credentials,
	errorAnswer,
	riqAnswer,
	riqRoute,
	serialise,
	USER_ID,
	withCredentials,
} from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const xmlHeaders = { 'Content-Type': 'application/xml; charset=utf-8' };
const noAuth = { authentication: 'none' };

function postback(
	orderId = '500001',
	status = 'x:ready',
	decision = 'Accept',
	root = '<BackgroundReports>',
) {
	return `<?xml version="1.0"?>${root}<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>${orderId}</OrderId><ScreeningStatus><OrderStatus>${status}</OrderStatus><OrderDecision>${decision}</OrderDecision></ScreeningStatus></BackgroundReportPackage></BackgroundReports>`;
}

function statusAnswer(orderId: string, status: string, decision = 'Accept') {
	return riqAnswer(
		`<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>${orderId}</OrderId><ScreeningStatus><OrderStatus>${status}</OrderStatus><OrderDecision>${decision}</OrderDecision></ScreeningStatus></BackgroundReportPackage>`,
	);
}

describe('n8n leaves the body to the trigger', () => {
	test('the node carries options.binaryData, which n8n reads to skip its own body parsing, whatever the user sets', () => {
		const nodeTypes = new HarnessNodeTypes();
		for (const parameters of [
			{},
			{ postbackOptions: { formField: 'request', skipRepeats: false } },
		]) {
			const node = makeNode({ type: 'residentIqTrigger', parameters });
			const workflow = new Workflow({
				id: 'w',
				nodes: [node],
				connections: {},
				nodeTypes,
				active: true,
			});
			// The expression n8n's webhook-helpers parseRequestBody evaluates for version-1 webhook nodes.
			const value = workflow.expression.getSimpleParameterValue(
				workflow.getNode(node.name)!,
				'={{$parameter["options"]["binaryData"]}}',
				'webhook',
				{},
				undefined,
				false,
			);
			expect(node.typeVersion).toBe(1);
			expect(value).toBe(true);
		}
	});

	test.each([
		['a lone <', '<'],
		['a cut declaration', '<?xml vers'],
		[
			'a document cut mid-element',
			'<BackgroundReports><BackgroundReportPackage><OrderId>500001</Ord',
		],
		['the wedge request', '<a>&x;</a>'],
		['5,000-deep nesting', `${'<a>'.repeat(5000)}1${'</a>'.repeat(5000)}`],
		['5,000-deep nesting, never closed', `<BackgroundReports>${'<x>'.repeat(5000)}`],
	])('malformed XML (%s): a clean 400, nothing started, no stack trace', async (_name, body) => {
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: { ...noAuth, confirmWithRiq: false } },
			{ headers: xmlHeaders, body },
		);
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({ error: 'Not a ResidentIQ postback' });
		expect(items).toBeUndefined();
	});

	test('multipart/form-data: the XML field is read from the raw body', async () => {
		const boundary = 'XyZ123';
		const body = [
			`--${boundary}`,
			'Content-Disposition: form-data; name="note"',
			'',
			'hi',
			`--${boundary}`,
			'Content-Disposition: form-data; name="request"',
			'',
			postback(),
			`--${boundary}--`,
			'',
		].join('\r\n');
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: { ...noAuth, confirmWithRiq: false } },
			{ headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toMatchObject({ orderId: '500001', status: 'ready' });
	});
});

describe('no postback dropped (Confirm With RIQ on)', () => {
	test('RIQ answering 500: passed on unconfirmed with the reason, answered 200', async () => {
		riqRoute('/status', { status: 500, body: '' }, { status: 500, body: '' });
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({ orderId: '500001', status: 'ready', confirmed: false });
		expect(items?.[0].json.reason).toMatch(/HTTP 500/);
	});

	test('RIQ timing out: passed on unconfirmed with the reason, answered 200', async () => {
		const timeout = () => Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
		nock('https://apiqa.residentiq.com')
			.post('/api/partner/status')
			.replyWithError(timeout())
			.post('/api/partner/status')
			.replyWithError(timeout());
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toMatchObject({ orderId: '500001', confirmed: false });
		expect(items?.[0].json.reason).toMatch(/ETIMEDOUT/);
	});

	test("RIQ refusing the credential: passed on unconfirmed with RIQ's reason", async () => {
		riqRoute('/status', { body: errorAnswer('2', 'Unable to identify the client location') });
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json.reason).toBe(
			'ResidentIQ refused the status request (RIQ error code 2): Unable to identify the client location',
		);
	});

	test("another client location's report: passed on unconfirmed, naming the location, not refused", async () => {
		riqRoute('/status', {
			body: errorAnswer('3', 'Report 500001 was not found for this client location'),
		});
		const body = postback(
			'500001',
			'x:ready',
			'Accept',
			'<BackgroundReports userId="other-location">',
		);
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toMatchObject({
			orderId: '500001',
			confirmed: false,
			clientLocation: 'other-location',
		});
		expect(items?.[0].json.reason).toMatch(/another client location/);
	});

	test('"Pass On Unconfirmed": an unknown report without a location is passed on; the default refuses it', async () => {
		riqRoute(
			'/status',
			{ body: errorAnswer('3', 'Report 500001 was not found for this client location') },
			{ body: errorAnswer('3', 'Report 500001 was not found for this client location') },
		);
		const emitted = await deliverWebhook(
			{
				type: 'residentIqTrigger',
				parameters: { ...noAuth, postbackOptions: { unknownOrders: 'emitUnconfirmed' } },
			},
			{ headers: xmlHeaders, body: postback() },
			{ credentials },
		);
		expect(emitted.response.statusCode).toBe(200);
		expect(emitted.items?.[0].json).toMatchObject({ orderId: '500001', confirmed: false });
		const refused = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			// Once this credential has confirmed a report, an unknown one is refused.
			{ credentials, staticData: { 'node:ResidentIQ Trigger': { confirmedWithVendor: true } } },
		);
		expect(refused.response.statusCode).toBe(404);
		expect(refused.items).toBeUndefined();
	});

	test('a report in error state is confirmed with status "error" and RIQ\'s description', async () => {
		riqRoute('/status', {
			body: riqAnswer(
				'<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>500001</OrderId><ScreeningStatus><OrderStatus>x:error</OrderStatus></ScreeningStatus><ErrorReport><ErrorCode>7</ErrorCode><ErrorDescription>Applicant identity could not be verified</ErrorDescription></ErrorReport></BackgroundReportPackage>',
			),
		});
		const { response, items } = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toMatchObject({
			orderId: '500001',
			status: 'error',
			statusRaw: 'x:error',
			confirmed: true,
			errorCode: '7',
			errorDescription: 'Applicant identity could not be verified',
		});
	});
});

describe('replays (Skip Repeats, on by default)', () => {
	test('the same status again is answered 200 and starts nothing; a changed status is emitted', async () => {
		const staticData: IDataObject = {};
		riqRoute(
			'/status',
			{ body: statusAnswer('500001', 'x:ready') },
			{ body: statusAnswer('500001', 'x:ready') },
			{ body: statusAnswer('500001', 'x:ready', 'Decline') },
		);
		const first = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			{ credentials, staticData },
		);
		expect(first.items).toHaveLength(1);
		const replay = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			{ credentials, staticData },
		);
		expect(replay.response.statusCode).toBe(200);
		expect(replay.response.body).toEqual({ status: 'received', reports: 1, replays: 1 });
		expect(replay.items).toBeUndefined();
		const changed = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			{ credentials, staticData },
		);
		expect(changed.items?.[0].json).toMatchObject({ decision: 'Decline', confirmed: true });
		// Only ids and statuses are remembered, never applicant data or links.
		expect(serialise(staticData)).not.toMatch(/reports\/|APP-1/);
	});

	test('5 identical postbacks at once (each with the static data n8n loaded for it): all answered 200 alike, one starts the workflow', async () => {
		const settings = { webhookId: 'riq-concurrent-1' };
		riqRoute(
			'/status',
			...Array.from({ length: 5 }, () => ({ body: statusAnswer('500001', 'x:ready') })),
		);
		const results = await Promise.all(
			Array.from({ length: 5 }, () =>
				deliverWebhook(
					{ type: 'residentIqTrigger', parameters: noAuth, settings },
					{ headers: xmlHeaders, body: postback() },
					{ credentials, staticData: {} },
				),
			),
		);
		expect(results.map((r) => r.response.statusCode)).toEqual([200, 200, 200, 200, 200]);
		expect(results.filter((r) => r.items !== undefined)).toHaveLength(1);
		// The four duplicates waited for the first one's answer and got the same.
		for (const r of results) expect(r.response.body).toEqual({ status: 'received', reports: 1 });
		forgetInProcessLedgers();
	});

	test('turned off, every postback starts the workflow', async () => {
		const staticData: IDataObject = {};
		const parameters = {
			...noAuth,
			confirmWithRiq: false,
			postbackOptions: { skipRepeats: false },
		};
		for (let run = 0; run < 2; run++) {
			const { items } = await deliverWebhook(
				{ type: 'residentIqTrigger', parameters },
				{ headers: xmlHeaders, body: postback() },
				{ staticData },
			);
			expect(items).toHaveLength(1);
		}
	});

	test('identical unconfirmable postbacks (RIQ unreachable) start one execution; a confirmable copy still gets through', async () => {
		const staticData: IDataObject = {};
		riqRoute(
			'/status',
			{ status: 500, body: '' },
			{ status: 500, body: '' },
			{ status: 500, body: '' },
			{ status: 500, body: '' },
		);
		const runs = [];
		for (let run = 0; run < 2; run++) {
			runs.push(
				await deliverWebhook(
					{ type: 'residentIqTrigger', parameters: noAuth },
					{ headers: xmlHeaders, body: postback() },
					{ credentials, staticData },
				),
			);
		}
		expect(runs.map((run) => run.response.statusCode)).toEqual([200, 200]);
		expect(runs[0].items?.[0].json.confirmed).toBe(false);
		expect(runs[1].items).toBeUndefined();
		riqRoute('/status', { body: statusAnswer('500001', 'x:ready') });
		const confirmed = await deliverWebhook(
			{ type: 'residentIqTrigger', parameters: noAuth },
			{ headers: xmlHeaders, body: postback() },
			{ credentials, staticData },
		);
		expect(confirmed.items?.[0].json.confirmed).toBe(true);
	});
});

describe('personal data', () => {
	const withPersonalData = `<BackgroundReports userId="${USER_ID}" password="leaked-pw"><BackgroundReportPackage><OrderId>500001</OrderId><PersonalData><DemographicDetail><GovernmentId issuingAuthority="SSN">333221111</GovernmentId><DateOfBirth>1970-12-01</DateOfBirth></DemographicDetail></PersonalData><ScreeningStatus><OrderStatus>x:ready</OrderStatus></ScreeningStatus></BackgroundReportPackage></BackgroundReports>`;

	test('the masking option is on by default, and neither SSN, birth date nor echoed password reach the output', async () => {
		const { ResidentIqTrigger } = await import('../../../nodes/ResidentIq/ResidentIqTrigger.node');
		const options = new ResidentIqTrigger().description.properties.find(
			(property) => property.name === 'postbackOptions',
		);
		expect(options?.options).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'maskPersonalData', default: true }),
			]),
		);
		for (const maskPersonalData of [true, false]) {
			const { items } = await deliverWebhook(
				{
					type: 'residentIqTrigger',
					parameters: {
						...noAuth,
						confirmWithRiq: false,
						postbackOptions: { maskPersonalData, skipRepeats: false },
					},
				},
				{ headers: xmlHeaders, body: withPersonalData },
			);
			expect(items).toHaveLength(1);
			expect(serialise(items)).not.toMatch(/333221111|1970-12-01|leaked-pw/);
		}
	});
});

test('inbound auth with Basic credentials still refuses before any confirmation request', async () => {
	const recorded = riqRoute('/status', { body: statusAnswer('500001', 'x:ready') });
	const { response, items } = await deliverWebhook(
		{ type: 'residentIqTrigger', parameters: { authentication: 'basicAuth' } },
		{ headers: xmlHeaders, body: postback() },
		withCredentials({
			...credentials,
			residentIqPostbackApi: { user: 'riq', password: 'pb-secret-9' },
		}),
	);
	expect(response.statusCode).toBe(401);
	expect(items).toBeUndefined();
	expect(recorded.bodies).toHaveLength(0);
});
