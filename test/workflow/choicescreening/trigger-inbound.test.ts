/**
 * The Choice Screening Trigger on the shared inbound pipeline: no callback is swallowed by a guess about Choice's
 * field names, an unknown-order answer from a credential that never confirmed anything is passed on (flagged),
 * ids are found at any bounded depth, and identical unconfirmable callbacks start one execution.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { deliverWebhook } from '../../../harness';
import { captureWarnings } from '../../../harness/logs';
import { forgetInProcessLedgers } from '../../../nodes/shared/ledger';
import { API, apiKeyCredentials } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterEach(() => forgetInProcessLedgers());

function trigger(parameters: INodeParameters = {}) {
	return {
		type: 'choiceScreeningTrigger',
		parameters: { authentication: 'none', ...parameters },
		settings: { webhookId: '0a6f3c2e-8d41-4b7a-9e15-3c2d1b0a9f88' },
	};
}

test.each(['orderStatus', 'state'])(
	'a status field named %s: In Progress -> Complete starts 2 executions, a repeat none',
	async (name) => {
		const staticData = {};
		const deliver = async (status: string) => {
			nock(API)
				.get('/api/v1/order/1234567')
				.reply(200, { order: { id: 1234567, [name]: status } });
			return await deliverWebhook(
				trigger(),
				{ body: { order: { id: 1234567, [name]: status } } },
				{ credentials: apiKeyCredentials, staticData },
			);
		};
		const runs = [
			await deliver('In Progress'),
			await deliver('Complete'),
			await deliver('Complete'),
		];
		expect(runs.map((run) => run.response.statusCode)).toEqual([200, 200, 200]);
		expect(runs.map((run) => run.items?.[0].json.vendorStatus ?? null)).toEqual([
			'In Progress',
			'Complete',
			null,
		]);
		expect(runs.filter((run) => run.items !== undefined)).toHaveLength(2);
	},
);

test('a JSON 404 on confirmation, from a credential that never confirmed an order: 1 execution, unconfirmed, a warning', async () => {
	nock(API).get('/api/v1/order/1234567').reply(404, { message: 'Not Found' });
	const warnings = captureWarnings();
	const { response, items } = await deliverWebhook(
		trigger(),
		{ body: { order: { id: 1234567, status: 'Complete' } } },
		{ credentials: apiKeyCredentials },
	);
	warnings.restore();
	expect(response.statusCode).toBe(200);
	expect(items).toHaveLength(1);
	expect(items?.[0].json).toMatchObject({ orderId: '1234567', confirmed: false });
	expect(String(items?.[0].json.reason)).toMatch(/never confirmed/);
	expect(warnings.messages.join('\n')).toMatch(/1234567 passed on unconfirmed/);
	expect(warnings.messages.join('\n')).not.toContain('Complete');
});

test('an order id three levels deep is found', async () => {
	nock(API)
		.get('/api/v1/order/4242')
		.reply(200, { order: { id: 4242, status: 'Complete' } });
	const { items } = await deliverWebhook(
		trigger(),
		{ body: { event: { payload: { order: { orderNumber: 4242 } } } } },
		{ credentials: apiKeyCredentials },
	);
	expect(items?.[0].json).toMatchObject({ orderId: '4242', confirmed: true });
});

test('two identical unconfirmable callbacks (no order id) start 1 execution', async () => {
	const staticData = {};
	const body = { event: 'completed', reference: 'X-1', sentAt: new Date().toISOString() };
	const first = await deliverWebhook(
		trigger(),
		{ body },
		{ credentials: apiKeyCredentials, staticData },
	);
	const again = await deliverWebhook(
		trigger(),
		// The same callback, sent again a moment later.
		{ body: { ...body, sentAt: new Date(Date.now() + 1000).toISOString() } },
		{ credentials: apiKeyCredentials, staticData },
	);
	expect([first.response.statusCode, again.response.statusCode]).toEqual([200, 200]);
	expect(first.items?.[0].json).toMatchObject({ orderId: null, confirmed: false });
	expect(again.items).toBeUndefined();
	expect(again.response.body).toEqual({ received: true, repeated: true });
});

test('three identical callbacks at once while Choice answers 500: 1 execution, all answered alike', async () => {
	nock(API).get('/api/v1/order/1234567').times(4).reply(500, { message: 'down' });
	const runs = await Promise.all(
		Array.from({ length: 3 }, () =>
			deliverWebhook(
				trigger(),
				{ body: { order: { id: 1234567, status: 'Complete' } } },
				{ credentials: apiKeyCredentials, staticData: {} },
			),
		),
	);
	expect(runs.map((run) => run.response.statusCode)).toEqual([200, 200, 200]);
	expect(runs.filter((run) => run.items !== undefined)).toHaveLength(1);
	expect(runs.find((run) => run.items)?.items?.[0].json).toMatchObject({ confirmed: false });
});
