import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { deliverWebhook } from '../../../harness';
import { forgetInProcessLedgers } from '../../../nodes/shared/ledger';
import { basicAuthHeader } from '../../../nodes/shared/webhook-auth';
import { API, mockToken, oauthCredentials } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
// Each test is a fresh n8n process: the same webhook id with fresh static data is not a simultaneous duplicate.
afterEach(() => forgetInProcessLedgers());

const WEBHOOK_ID = '3f0c2a4e-7d1b-4c55-9a8e-1b2c3d4e5f60';

/** A completion callback: the order response body (the public status model's shape). */
const CALLBACK = {
	order: {
		id: 1234567,
		isError: false,
		isComplete: true,
		status: 'Complete',
		statusDateTime: '2026-11-21T09:00:00Z',
		applicant: { firstName: 'JOHN', lastName: 'DOE', reference: 'APP-1', ssn: '123456789' },
		items: {
			item: [{ Id: 5123456, line: 1, product: 'County Criminal Search', statusText: 'Complete' }],
		},
	},
};
const MASKED_CALLBACK = {
	order: { ...CALLBACK.order, applicant: { ...CALLBACK.order.applicant, ssn: '*****6789' } },
};
const NOT_CONFIRMED = 'Confirm With Choice is off: the callback body is as sent';

function trigger(parameters: INodeParameters = {}) {
	return { type: 'choiceScreeningTrigger', parameters, settings: { webhookId: WEBHOOK_ID } };
}
/** The trusting set-up: no authentication, no confirmation (both must be chosen explicitly). */
const open = (parameters: INodeParameters = {}) =>
	trigger({ authentication: 'none', confirmWithChoice: false, ...parameters });

describe('secure by default', () => {
	test('a new trigger requires Basic Auth (through a credential) and confirms with Choice', async () => {
		const { response, items } = await deliverWebhook(trigger(), { body: CALLBACK });
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();

		mockToken();
		nock(API).get('/api/v1/order/1234567').reply(200, CALLBACK);
		const accepted = await deliverWebhook(
			trigger(),
			{ headers: { authorization: basicAuthHeader('choice', 'p4ss-w0rd') }, body: CALLBACK },
			{
				credentials: {
					...oauthCredentials,
					choiceScreeningCallbackApi: { user: 'choice', password: 'p4ss-w0rd' },
				},
			},
		);
		expect(accepted.response.statusCode).toBe(200);
		expect(accepted.items?.[0].json).toMatchObject({ orderId: '1234567', confirmed: true });
		expect(nock.isDone()).toBe(true);
	});
});

describe('callback without authentication or confirmation (chosen explicitly)', () => {
	test('answers 200 and starts the workflow with the order response, SSN masked, marked unconfirmed', async () => {
		const { response, items } = await deliverWebhook(open(), { body: CALLBACK });
		expect(response).toMatchObject({ statusCode: 200, body: { received: true }, ended: true });
		expect(items).toEqual([
			{
				json: {
					orderId: '1234567',
					confirmed: false,
					reason: NOT_CONFIRMED,
					vendorStatus: null,
					receivedAt: expect.any(String),
					...MASKED_CALLBACK,
				},
			},
		]);
	});

	test('with masking off the body is emitted as received', async () => {
		const { items } = await deliverWebhook(open({ callbackOptions: { maskPersonalData: false } }), {
			body: CALLBACK,
		});
		expect(items?.[0].json).toEqual({
			orderId: '1234567',
			confirmed: false,
			reason: NOT_CONFIRMED,
			vendorStatus: null,
			receivedAt: expect.any(String),
			...CALLBACK,
		});
	});

	test('JSON sent as text/plain is read from the raw body', async () => {
		const { response, items } = await deliverWebhook(open(), {
			headers: { 'content-type': 'text/plain' },
			body: JSON.stringify(CALLBACK),
		});
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json.orderId).toBe('1234567');
	});

	test.each([
		['not JSON', { headers: { 'content-type': 'text/plain' }, body: 'hello' }],
		['truncated JSON', { headers: { 'content-type': 'text/plain' }, body: '{"order":{"id":12' }],
		['an empty body', { body: '' }],
	])('%s is answered 400 and starts nothing', async (_name, request) => {
		const { response, items } = await deliverWebhook(open(), request);
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({
			error: 'Expected a JSON body (a Choice Screening order response)',
		});
		expect(items).toBeUndefined();
	});
});

describe('Basic Auth (Choice Screening Callback credential)', () => {
	const parameters = { authentication: 'basicAuth', confirmWithChoice: false };
	const credentials = { choiceScreeningCallbackApi: { user: 'choice', password: 'p4ss-w0rd' } };

	test.each([
		['no credentials', {}],
		['a wrong password', { authorization: basicAuthHeader('choice', 'guess') }],
		['a wrong user', { authorization: basicAuthHeader('other', 'p4ss-w0rd') }],
		['a bearer token', { authorization: 'Bearer p4ss-w0rd' }],
	])('%s: 401 with a Basic challenge, nothing started', async (_name, headers) => {
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ headers, body: CALLBACK },
			{ credentials },
		);
		expect(response.statusCode).toBe(401);
		expect(response.headers['www-authenticate']).toBe('Basic realm="Choice Screening callback"');
		expect(items).toBeUndefined();
	});

	test('the right user and password start the workflow', async () => {
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ headers: { authorization: basicAuthHeader('choice', 'p4ss-w0rd') }, body: CALLBACK },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
	});

	test('authentication is checked before the body: a bad body without credentials gets 401', async () => {
		const { response } = await deliverWebhook(
			trigger(parameters),
			{ body: 'not json' },
			{ credentials },
		);
		expect(response.statusCode).toBe(401);
	});

	test('with no password in the credential every callback is refused', async () => {
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ headers: { authorization: basicAuthHeader('choice', '') }, body: CALLBACK },
			{ credentials: { choiceScreeningCallbackApi: { user: 'choice', password: '' } } },
		);
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});
});

describe('Header Auth (Choice Screening Callback credential)', () => {
	const parameters = { authentication: 'headerAuth', confirmWithChoice: false };
	const credentials = {
		choiceScreeningCallbackApi: { headerName: 'X-Choice-Token', headerSecret: 'tok-abc-123' },
	};

	test.each([
		['no header', {}],
		['a wrong token', { 'x-choice-token': 'tok-abc-124' }],
		['the token in another header', { 'x-callback-token': 'tok-abc-123' }],
	])('%s: 401, nothing started', async (_name, headers) => {
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ headers, body: CALLBACK },
			{ credentials },
		);
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});

	test('the agreed token is accepted', async () => {
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ headers: { 'X-Choice-Token': 'tok-abc-123' }, body: CALLBACK },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
	});
});

describe('Confirm With Choice (on by default)', () => {
	const parameters = { authentication: 'none' };
	const STATUS = {
		order: {
			id: 1234567,
			isComplete: true,
			status: 'Complete',
			statusDateTime: '2026-11-21T09:00:05Z',
		},
	};

	test('re-reads the order with the credential and emits that, keeping the callback as "callback"', async () => {
		mockToken();
		nock(API)
			.get('/api/v1/order/1234567')
			.matchHeader('authorization', 'Bearer tok-1')
			.reply(200, STATUS);
		const forged = {
			order: { ...CALLBACK.order, status: 'Clear - no records', applicant: { firstName: 'JOHN' } },
		};
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ body: forged },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toEqual({
			orderId: '1234567',
			confirmed: true,
			vendorStatus: 'Complete',
			receivedAt: expect.any(String),
			...STATUS,
			callback: forged,
		});
	});

	test('an order Choice does not know, once the credential has confirmed orders, is refused with 400', async () => {
		mockToken();
		nock(API).get('/api/v1/order/1234567').reply(404, { message: 'Order 1234567 was not found' });
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ body: CALLBACK },
			{
				credentials: oauthCredentials,
				staticData: { 'node:Choice Screening Trigger': { confirmedWithVendor: true } },
			},
		);
		expect(response).toMatchObject({
			statusCode: 400,
			body: { error: 'Choice Screening does not know this order' },
		});
		expect(items).toBeUndefined();
	});

	test('a 404 page (a wrong status path, not an unknown order) emits the callback unconfirmed with the reason', async () => {
		mockToken();
		nock(API)
			.get('/api/v1/order/1234567')
			.reply(404, '<html><head><title>404 - File or directory not found.</title></head></html>', {
				'content-type': 'text/html',
			});
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ body: CALLBACK },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toMatchObject({
			orderId: '1234567',
			confirmed: false,
			...MASKED_CALLBACK,
		});
		expect(items?.[0].json.reason).toContain(
			'https://api.choicescreening.com/api/v1/order/1234567',
		);
		expect(items?.[0].json.reason).toContain('Order Status Path');
	});

	test('a different order in the answer: emitted unconfirmed, with the reason', async () => {
		mockToken();
		nock(API)
			.get('/api/v1/order/1234567')
			.reply(200, { order: { id: 7, status: 'Complete' } });
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ body: CALLBACK },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toMatchObject({
			orderId: '1234567',
			confirmed: false,
			reason: 'Choice Screening answered with order 7 for order 1234567',
		});
	});

	test('when Choice cannot be reached the callback is still emitted, unconfirmed with the reason (never dropped)', async () => {
		mockToken();
		let reads = 0;
		nock(API)
			.get('/api/v1/order/1234567')
			.times(3)
			.reply(() => {
				reads++;
				return [500, { message: 'down' }];
			});
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ body: CALLBACK },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({
			orderId: '1234567',
			confirmed: false,
			...MASKED_CALLBACK,
		});
		expect(items?.[0].json.reason).toBe(
			'could not be confirmed with Choice Screening: Choice Screening: down',
		);
		expect(reads).toBe(2);
	});
});

describe('replays (Skip Repeated Callbacks, on by default)', () => {
	const parameters = { authentication: 'none' };
	const status = (value: string) => ({
		order: { id: 1234567, status: value, isComplete: value === 'Complete' },
	});

	test('the same callback again is answered 200 and starts nothing; a new confirmed status starts the workflow', async () => {
		const staticData: IDataObject = {};
		const run = async (answer: Record<string, unknown>) => {
			mockToken();
			nock(API).get('/api/v1/order/1234567').reply(200, answer);
			return await deliverWebhook(
				trigger(parameters),
				{ body: CALLBACK },
				{ credentials: oauthCredentials, staticData },
			);
		};
		const first = await run(status('In Progress'));
		expect(first.items).toHaveLength(1);
		const replay = await run(status('In Progress'));
		expect(replay.response).toMatchObject({
			statusCode: 200,
			body: { received: true, repeated: true },
		});
		expect(replay.items).toBeUndefined();
		const news = await run(status('Complete'));
		expect(news.items?.[0].json).toMatchObject({
			orderId: '1234567',
			confirmed: true,
			order: { status: 'Complete' },
		});
		const again = await run(status('Complete'));
		expect(again.items).toBeUndefined();
	});

	test('a callback that could not be confirmed is not remembered, so its later copy still gets through', async () => {
		const staticData: IDataObject = {};
		mockToken();
		nock(API).get('/api/v1/order/1234567').times(2).reply(503, { message: 'busy' });
		const failed = await deliverWebhook(
			trigger(parameters),
			{ body: CALLBACK },
			{ credentials: oauthCredentials, staticData },
		);
		expect(failed.items?.[0].json.confirmed).toBe(false);
		mockToken();
		nock(API).get('/api/v1/order/1234567').reply(200, status('Complete'));
		const later = await deliverWebhook(
			trigger(parameters),
			{ body: CALLBACK },
			{ credentials: oauthCredentials, staticData },
		);
		expect(later.items?.[0].json.confirmed).toBe(true);
	});

	test('turned off, every copy starts the workflow', async () => {
		const staticData: IDataObject = {};
		for (let i = 0; i < 2; i++) {
			const { items } = await deliverWebhook(
				open({ callbackOptions: { skipRepeats: false } }),
				{ body: CALLBACK },
				{ staticData },
			);
			expect(items).toHaveLength(1);
		}
	});

	test('with confirmation off, a repeat of the same body starts nothing', async () => {
		const staticData: IDataObject = {};
		expect((await deliverWebhook(open(), { body: CALLBACK }, { staticData })).items).toHaveLength(
			1,
		);
		expect(
			(await deliverWebhook(open(), { body: CALLBACK }, { staticData })).items,
		).toBeUndefined();
	});
});
