import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { deliverWebhook } from '../../../harness';
import { RAW_BODY_KEPT } from '../../../nodes/ChoiceScreening/trigger/callback';
import { forgetInProcessLedgers } from '../../../nodes/shared/ledger';
import { redactText } from '../../../nodes/shared/pii';
import { API, apiKeyCredentials } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterEach(() => forgetInProcessLedgers());

const WEBHOOK_ID = '5d1e7a90-3c2b-4f8e-a1d0-9b8c7d6e5f41';
const CALLBACK = { order: { id: 1234567, status: 'Complete', isComplete: true } };
const MB = 1024 * 1024;

function trigger(parameters: INodeParameters = {}) {
	return {
		type: 'choiceScreeningTrigger',
		parameters: { authentication: 'none', ...parameters },
		settings: { webhookId: WEBHOOK_ID },
	};
}

/** `count` identical callbacks at once, each with the static data n8n loaded for it (none saved yet). */
async function atOnce(count: number, parameters: INodeParameters, body: (i: number) => unknown) {
	const staticData: IDataObject[] = Array.from({ length: count }, () => ({}));
	const results = await Promise.all(
		staticData.map((data, i) =>
			deliverWebhook(
				trigger(parameters),
				{ body: body(i) },
				{ credentials: apiKeyCredentials, staticData: data },
			),
		),
	);
	return { results, staticData };
}

describe('concurrent duplicates within one n8n process', () => {
	test('5 identical callbacks at once (confirmed with Choice): all answered 200, one asks Choice and starts the workflow', async () => {
		const reads = nock(API).get('/api/v1/order/1234567').reply(200, CALLBACK);
		const { results, staticData } = await atOnce(5, {}, () => CALLBACK);
		expect(reads.isDone()).toBe(true);
		expect(results.map((r) => r.response.statusCode)).toEqual([200, 200, 200, 200, 200]);
		const started = results.filter((r) => r.items !== undefined);
		expect(started).toHaveLength(1);
		expect(started[0].items).toHaveLength(1);
		expect(started[0].items?.[0].json).toMatchObject({ orderId: '1234567', confirmed: true });
		// The four duplicates waited for the first one's answer and got the same.
		for (const r of results) expect(r.response.body).toEqual({ received: true });
		// The emitting request's static data holds the order, so later copies are replays after a restart too.
		const saved = staticData[results.indexOf(started[0])];
		forgetInProcessLedgers();
		nock(API).get('/api/v1/order/1234567').reply(200, CALLBACK);
		const later = await deliverWebhook(
			trigger(),
			{ body: CALLBACK },
			{ credentials: apiKeyCredentials, staticData: saved },
		);
		expect(later.response.body).toEqual({ received: true, repeated: true });
		expect(later.items).toBeUndefined();
	});

	test('confirmation off: 5 identical bodies at once start one execution', async () => {
		const { results } = await atOnce(5, { confirmWithChoice: false }, () => CALLBACK);
		expect(results.map((r) => r.response.statusCode)).toEqual([200, 200, 200, 200, 200]);
		expect(results.filter((r) => r.items !== undefined)).toHaveLength(1);
	});

	test('callbacks for different orders at once each start the workflow', async () => {
		const ids = [1001, 1002, 1003, 1004, 1005];
		const { results } = await atOnce(5, { confirmWithChoice: false }, (i) => ({
			order: { id: ids[i], status: 'Complete' },
		}));
		expect(results.map((r) => r.items?.[0].json.orderId).sort()).toEqual(ids.map(String));
	});

	test('a new status arriving with a duplicate of the old one is still emitted', async () => {
		const { results } = await atOnce(3, { confirmWithChoice: false }, (i) => ({
			order: { id: 1234567, status: i === 2 ? 'Complete' : 'In Progress' },
		}));
		const emitted = results.flatMap((r) => r.items ?? []).map((item) => item.json.order);
		expect(emitted).toEqual([
			{ id: 1234567, status: 'In Progress' },
			{ id: 1234567, status: 'Complete' },
		]);
	});

	test('with Skip Repeated Callbacks off, every copy starts the workflow', async () => {
		const { results } = await atOnce(
			3,
			{ confirmWithChoice: false, callbackOptions: { skipRepeats: false } },
			() => CALLBACK,
		);
		expect(results.filter((r) => r.items !== undefined)).toHaveLength(3);
	});
});

describe('Max Callback Size (default 2 MB)', () => {
	const body = (bytes: number) => {
		const frame = JSON.stringify({ order: { id: 1234567, notes: '' } });
		return JSON.stringify({ order: { id: 1234567, notes: 'x'.repeat(bytes - frame.length) } });
	};

	test('a body one byte over 2 MB is refused with 413 before anything is asked or started', async () => {
		const read = nock(API).get('/api/v1/order/1234567').reply(200, CALLBACK);
		const text = body(2 * MB + 1);
		expect(Buffer.byteLength(text)).toBe(2 * MB + 1);
		const { response, items } = await deliverWebhook(
			trigger(),
			{ headers: { 'content-type': 'application/json' }, body: text },
			{ credentials: apiKeyCredentials },
		);
		expect(response.statusCode).toBe(413);
		expect(response.body).toEqual({
			error: `Request too large: at most ${2 * MB} bytes are accepted`,
		});
		expect(items).toBeUndefined();
		expect(read.isDone()).toBe(false);
	});

	test('a body of exactly 2 MB is taken', async () => {
		nock(API).get('/api/v1/order/1234567').reply(200, CALLBACK);
		const { response, items } = await deliverWebhook(
			trigger(),
			{ headers: { 'content-type': 'application/json' }, body: body(2 * MB) },
			{ credentials: apiKeyCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toMatchObject({ orderId: '1234567', confirmed: true });
	});

	test('a declared Content-Length over the limit is refused without reading the body', async () => {
		const { response, items } = await deliverWebhook(
			trigger(),
			{ headers: { 'content-length': String(5 * MB) }, body: CALLBACK },
			{ credentials: apiKeyCredentials },
		);
		expect(response.statusCode).toBe(413);
		expect(items).toBeUndefined();
	});

	test('the limit is an option: 0.5 MB refuses 600 KB, 3 MB takes 2.5 MB', async () => {
		const small = await deliverWebhook(
			trigger({ confirmWithChoice: false, callbackOptions: { maxBodyMb: 0.5 } }),
			{ headers: { 'content-type': 'application/json' }, body: body(600 * 1024) },
		);
		expect(small.response.statusCode).toBe(413);
		expect(small.items).toBeUndefined();
		const large = await deliverWebhook(
			trigger({ confirmWithChoice: false, callbackOptions: { maxBodyMb: 3 } }),
			{ headers: { 'content-type': 'application/json' }, body: body(2.5 * MB) },
		);
		expect(large.response.statusCode).toBe(200);
		expect(large.items).toHaveLength(1);
	});

	test('authentication comes first: an oversized body without credentials gets 401', async () => {
		const { response } = await deliverWebhook(
			trigger({ authentication: 'basicAuth' }),
			{ headers: { 'content-type': 'application/json' }, body: body(3 * MB) },
			{ credentials: { choiceScreeningCallbackApi: { user: 'choice', password: 'pw' } } },
		);
		expect(response.statusCode).toBe(401);
	});
});

describe('the raw body kept for a callback without an order number', () => {
	test(`is cut to ${RAW_BODY_KEPT} characters, saying so, with SSNs masked`, async () => {
		const text = JSON.stringify({
			note: 'SSN 123-45-6789',
			filler: 'y'.repeat(300 * 1024),
			tail: 'SSN 987-65-4321',
		});
		const { response, items } = await deliverWebhook(
			trigger(),
			{ headers: { 'content-type': 'application/json' }, body: text },
			{ credentials: apiKeyCredentials },
		);
		expect(response.statusCode).toBe(200);
		const json = items?.[0].json ?? {};
		expect(json).toMatchObject({
			orderId: null,
			confirmed: false,
			rawBodyTruncated: true,
			// The length of the kept (masked) text: masking shortens `SSN 987-65-4321`.
			rawBodyLength: redactText(text).length,
		});
		expect(json.rawBody).toHaveLength(RAW_BODY_KEPT);
		expect(json.rawBody).not.toContain('123-45-6789');
		expect(json.rawBodyLength).toBeGreaterThan(RAW_BODY_KEPT);
	});

	test('a short raw body is kept whole, with no truncation flag', async () => {
		const text = JSON.stringify({ status: 'Complete' });
		const { items } = await deliverWebhook(
			trigger(),
			{ headers: { 'content-type': 'application/json' }, body: text },
			{ credentials: apiKeyCredentials },
		);
		expect(items?.[0].json.rawBody).toBe(text);
		expect(items?.[0].json).not.toHaveProperty('rawBodyTruncated');
	});
});

describe('Header Auth reads the header as the secret or as "Bearer <secret>"', () => {
	const parameters = { authentication: 'headerAuth', confirmWithChoice: false };
	const deliver = (value: string | undefined, credentialValue = 'tok-abc-123') =>
		deliverWebhook(
			trigger(parameters),
			{ headers: value === undefined ? {} : { Authorization: value }, body: CALLBACK },
			{
				credentials: {
					choiceScreeningCallbackApi: {
						headerName: 'Authorization',
						headerSecret: credentialValue,
					},
				},
			},
		);

	test.each([
		['the bare token', 'tok-abc-123', 'tok-abc-123'],
		['Bearer and the token', 'Bearer tok-abc-123', 'tok-abc-123'],
		['bearer in lower case', 'bearer tok-abc-123', 'tok-abc-123'],
		[
			'the bare token, the credential holding "Bearer <token>"',
			'tok-abc-123',
			'Bearer tok-abc-123',
		],
		[
			'Bearer and the token, the credential holding it so',
			'Bearer tok-abc-123',
			'Bearer tok-abc-123',
		],
	])('%s: accepted', async (_name, header, credentialValue) => {
		const { response, items } = await deliver(header, credentialValue);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
	});

	test.each([
		['no header', undefined, 'tok-abc-123'],
		['Bearer and a wrong token', 'Bearer tok-abc-124', 'tok-abc-123'],
		['Bearer alone', 'Bearer ', 'tok-abc-123'],
		['a token with "Bearer" glued on', 'Bearertok-abc-123', 'tok-abc-123'],
		['Basic and the token', 'Basic tok-abc-123', 'tok-abc-123'],
		['anything, the credential holding only "Bearer"', 'Bearer ', 'Bearer '],
	])('%s: 401, nothing started', async (_name, header, credentialValue) => {
		const { response, items } = await deliver(header, credentialValue);
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});
});
