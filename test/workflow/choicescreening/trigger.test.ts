import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { deliverWebhook } from '../../harness';
import { basicAuthHeader } from '../../../nodes/shared/webhook-auth';
import { API, mockToken, oauthCredentials } from './helpers';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
// Hand the http module back, so the next test file in this worker gets a working nock.
afterAll(() => nock.restore());

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
		items: { item: [{ Id: 5123456, line: 1, product: 'County Criminal Search', statusText: 'Complete' }] },
	},
};

function trigger(parameters: INodeParameters = {}) {
	return { type: 'choiceScreeningTrigger', parameters, settings: { webhookId: WEBHOOK_ID } };
}

describe('callback without authentication (the unguessable URL only)', () => {
	test('answers 200 and starts the workflow with the order response, SSN masked', async () => {
		const { response, items } = await deliverWebhook(trigger(), { body: CALLBACK });
		expect(response).toMatchObject({ statusCode: 200, body: { received: true }, ended: true });
		expect(items).toEqual([
			{
				json: {
					orderId: '1234567',
					order: { ...CALLBACK.order, applicant: { ...CALLBACK.order.applicant, ssn: '*****6789' } },
				},
			},
		]);
	});

	test('with masking off the body is emitted as received', async () => {
		const { items } = await deliverWebhook(trigger({ options: { maskPersonalData: false } }), { body: CALLBACK });
		expect(items?.[0].json).toEqual({ orderId: '1234567', ...CALLBACK });
	});

	test('JSON sent as text/plain is read from the raw body', async () => {
		const { response, items } = await deliverWebhook(trigger(), {
			headers: { 'content-type': 'text/plain' },
			body: JSON.stringify(CALLBACK),
		});
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json.orderId).toBe('1234567');
	});

	test.each([
		['not JSON', { headers: { 'content-type': 'text/plain' }, body: 'hello' }],
		['JSON without an order', { body: { hello: 'world' } }],
		['an order without a usable id', { body: { order: { id: 'abc', status: 'Complete' } } }],
		['an empty body', { body: '' }],
	])('%s is answered 400 and starts nothing', async (_name, request) => {
		const { response, items } = await deliverWebhook(trigger(), request);
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({ error: 'Expected a Choice Screening order response (JSON with the order id)' });
		expect(items).toBeUndefined();
	});
});

describe('Basic Auth', () => {
	const parameters = { authentication: 'basicAuth', basicAuthUser: 'choice', basicAuthPassword: 'p4ss-w0rd' };

	test.each([
		['no credentials', {}],
		['a wrong password', { authorization: basicAuthHeader('choice', 'guess') }],
		['a wrong user', { authorization: basicAuthHeader('other', 'p4ss-w0rd') }],
		['a bearer token', { authorization: 'Bearer p4ss-w0rd' }],
	])('%s: 401 with a Basic challenge, nothing started', async (_name, headers) => {
		const { response, items } = await deliverWebhook(trigger(parameters), { headers, body: CALLBACK });
		expect(response.statusCode).toBe(401);
		expect(response.headers['www-authenticate']).toBe('Basic realm="Choice Screening callback"');
		expect(items).toBeUndefined();
	});

	test('the right user and password start the workflow', async () => {
		const { response, items } = await deliverWebhook(trigger(parameters), {
			headers: { authorization: basicAuthHeader('choice', 'p4ss-w0rd') },
			body: CALLBACK,
		});
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
	});

	test('authentication is checked before the body: a bad body without credentials gets 401', async () => {
		const { response } = await deliverWebhook(trigger(parameters), { body: { nothing: true } });
		expect(response.statusCode).toBe(401);
	});

	test('with no password configured every callback is refused', async () => {
		const { response, items } = await deliverWebhook(trigger({ ...parameters, basicAuthPassword: '' }), {
			headers: { authorization: basicAuthHeader('choice', '') },
			body: CALLBACK,
		});
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});
});

describe('Header Token', () => {
	const parameters = { authentication: 'headerToken', headerName: 'X-Choice-Token', headerToken: 'tok-abc-123' };

	test.each([
		['no header', {}],
		['a wrong token', { 'x-choice-token': 'tok-abc-124' }],
		['the token in another header', { 'x-callback-token': 'tok-abc-123' }],
	])('%s: 401, nothing started', async (_name, headers) => {
		const { response, items } = await deliverWebhook(trigger(parameters), { headers, body: CALLBACK });
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});

	test.each([
		['as is', 'tok-abc-123'],
		['as a Bearer value', 'Bearer tok-abc-123'],
	])('the token %s is accepted', async (_name, value) => {
		const { response, items } = await deliverWebhook(trigger(parameters), {
			headers: { 'X-Choice-Token': value },
			body: CALLBACK,
		});
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
	});
});

describe('Confirm With Choice', () => {
	const parameters = { confirmWithChoice: true };
	const STATUS = {
		order: { id: 1234567, isComplete: true, status: 'Complete', statusDateTime: '2026-11-21T09:00:05Z' },
	};

	test('re-reads the order with the credential and emits that, keeping the callback as "callback"', async () => {
		mockToken();
		nock(API).get('/api/v1/order/1234567').matchHeader('authorization', 'Bearer tok-1').reply(200, STATUS);
		const forged = { order: { ...CALLBACK.order, status: 'Clear - no records', applicant: { firstName: 'JOHN' } } };
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ body: forged },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items?.[0].json).toEqual({ orderId: '1234567', ...STATUS, callback: forged });
	});

	test('an order Choice does not know is refused with 400', async () => {
		mockToken();
		nock(API).get('/api/v1/order/1234567').reply(404, { message: 'not found' });
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ body: CALLBACK },
			{ credentials: oauthCredentials },
		);
		expect(response).toMatchObject({ statusCode: 400, body: { error: 'Choice Screening does not know this order' } });
		expect(items).toBeUndefined();
	});

	test('a different order in the answer is refused with 400', async () => {
		mockToken();
		nock(API)
			.get('/api/v1/order/1234567')
			.reply(200, { order: { id: 7, status: 'Complete' } });
		const { response, items } = await deliverWebhook(
			trigger(parameters),
			{ body: CALLBACK },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(400);
		expect(items).toBeUndefined();
	});

	test('when Choice cannot be reached the callback is answered 503 (so it can be sent again), nothing started', async () => {
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
		expect(response.statusCode).toBe(503);
		expect(items).toBeUndefined();
		expect(reads).toBe(2);
	});
});
