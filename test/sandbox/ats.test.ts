/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import { atsDemoAccounts, type RunningSandbox } from '../../sandbox/server';
import type { ReceivedRequest, Receiver } from './helpers';
import { json, start, startReceiver } from './helpers';

/** The default client account (the first); the sandbox ATS has several. */
const c = atsDemoAccounts()[0];
const basicOf = (a: { accountId: string; apiSecret: string }) =>
	`Basic ${Buffer.from(`${a.accountId}:${a.apiSecret}`).toString('base64')}`;

/** The seed's package list, as a provider would answer it. */
const SEED_PACKAGES = {
	packages: [
		{
			id: 'PKG001',
			name: 'Basic Package',
			price: '29.99',
			description: 'A basic background check screening',
			screenings: ['Address to Federal Criminal History (7 year)'],
		},
		{
			id: 'PKG002',
			name: 'Standard Package',
			price: '49.99',
			description: 'A basic background check screening',
			screenings: [
				'Address to Federal Criminal History (7 year)',
				'Social Security Address/Alias Trace',
			],
		},
	],
	add_on_packages: [
		{
			id: 'DRG02',
			name: 'Comprehensive Drug Screening',
			price: '39.99',
			description: 'A comprehensive 10 panel urine test for prohibited substances',
		},
	],
};

describe('ATS Anywhere sandbox (seed 001): the sandbox plays the ATS', () => {
	let sb: RunningSandbox;
	let provider: Receiver;
	let answer: (request: ReceivedRequest) => { status: number; body?: unknown };
	const configure = () =>
		sb.admin.request('PUT', '/ats/provider', {
			packagesUrl: `${provider.url}/packages`,
			ordersUrl: `${provider.url}/orders`,
		});
	const postWebhook = async (url: string, body: unknown) =>
		await json(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});

	beforeAll(async () => {
		sb = await start();
		provider = await startReceiver((request) => answer(request));
	});
	afterAll(async () => {
		await sb.close();
		await provider.close();
	});
	beforeEach(async () => {
		await sb.admin.request('POST', '/reset', { demoData: false });
		provider.requests.length = 0;
		answer = (request) =>
			request.url === '/packages'
				? { status: 200, body: SEED_PACKAGES }
				: { status: 201, body: { id: 'PROV-1' } };
	});

	it('needs the provider URLs before calling', async () => {
		expect((await sb.admin.request('POST', '/ats/fetch-packages')).status).toBe(409);
		expect((await sb.admin.request('POST', '/ats/orders', {})).status).toBe(409);
	});

	describe('package list', () => {
		it('GETs the packages URL with HTTP Basic (account id + API secret) and records a valid answer', async () => {
			await configure();
			const fetched = await sb.admin.request('POST', '/ats/fetch-packages');
			expect(fetched.status).toBe(200);
			expect(fetched.body.problems).toEqual([]);
			expect(fetched.body.body).toEqual(SEED_PACKAGES);
			expect(provider.requests[0].method).toBe('GET');
			expect(provider.requests[0].headers.authorization).toBe(
				`Basic ${Buffer.from(`${c.accountId}:${c.apiSecret}`).toString('base64')}`,
			);
			expect((await sb.admin.request('GET', '/state')).body.ats.packageFetches).toHaveLength(1);
		});

		it('records where an answer departs from the seed', async () => {
			await configure();
			answer = () => ({
				status: 200,
				body: {
					packages: [{ name: 'No id', price: 'cheap' }],
					add_on_packages: [{ id: 'A1', name: 'Add-on' }],
				},
			});
			const fetched = await sb.admin.request('POST', '/ats/fetch-packages');
			expect(fetched.body.problems).toEqual([
				'packages[0].id is required',
				'packages[0].price must be a decimal',
				'add_on_packages[0].price is required and must be a decimal',
				'add_on_packages[0].description is required',
			]);
			answer = () => ({ status: 401, body: { error_message: 'bad credentials' } });
			expect((await sb.admin.request('POST', '/ats/fetch-packages')).body.problems).toEqual([
				'expected HTTP 200, got 401',
			]);
		});
	});

	describe('orders', () => {
		it("POSTs the seed's exact payload with a fresh background_check_id and a webhook_url back to the sandbox", async () => {
			await configure();
			const placed = await sb.admin.request('POST', '/ats/orders', {
				package_id: 'PKG002',
				add_on_package_ids: ['DRG02'],
			});
			expect(placed.body).toMatchObject({
				accepted: true,
				problems: [],
				responseBody: { id: 'PROV-1' },
			});
			const request = provider.requests[0];
			expect(request.method).toBe('POST');
			expect(request.headers['content-type']).toBe('application/json');
			expect(request.headers.authorization).toMatch(/^Basic /);
			const payload = JSON.parse(request.body);
			expect(Object.keys(payload)).toEqual([
				'account_id',
				'hiring_manager_user_id',
				'background_check_id',
				'package_id',
				'add_on_package_ids',
				'webhook_url',
				'hiring_manager',
				'applicant',
				'job',
			]);
			expect(payload).toMatchObject({
				account_id: c.accountId,
				package_id: 'PKG002',
				add_on_package_ids: ['DRG02'],
				job: { id: '12345' },
			});
			expect(Object.keys(payload.hiring_manager)).toEqual([
				'id',
				'first_name',
				'last_name',
				'email',
			]);
			expect(Object.keys(payload.applicant)).toEqual([
				'id',
				'first_name',
				'last_name',
				'phone',
				'email',
				'address',
				'address_2',
				'city',
				'state',
				'zip',
			]);
			expect(payload.webhook_url).toMatch(
				new RegExp(`^${sb.url}/ats/webhooks/${payload.background_check_id}-[0-9a-f]{16}$`),
			);
			const second = await sb.admin.request('POST', '/ats/orders', {});
			expect(second.body.backgroundCheckId).not.toBe(payload.background_check_id);
		});

		it('records a refusal with error_message, and flags a refusal without it', async () => {
			await configure();
			answer = () => ({ status: 422, body: { error_message: 'Unknown package' } });
			const refused = await sb.admin.request('POST', '/ats/orders', { package_id: 'NOPE' });
			expect(refused.body).toMatchObject({
				accepted: false,
				problems: ['order not accepted: HTTP 422'],
				responseBody: { error_message: 'Unknown package' },
			});
			answer = () => ({ status: 200, body: { ok: true } });
			const wrong = await sb.admin.request('POST', '/ats/orders', {});
			expect(wrong.body.accepted).toBe(false);
			expect(wrong.body.problems).toEqual([
				'order not accepted: HTTP 200',
				'a non-201 answer must be JSON with an error_message key',
			]);
		});
	});

	describe('several client accounts', () => {
		it('has three demo accounts whose secrets are the HMAC-SHA256 of the id under the master key (base64url)', () => {
			const accounts = atsDemoAccounts();
			expect(accounts.map((a) => a.accountId)).toEqual(['ACCT123', 'ACCT456', 'ACCT789']);
			for (const a of accounts) expect(a.apiSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
			expect(new Set(accounts.map((a) => a.apiSecret)).size).toBe(3);
		});

		it('each account fetches with its own credentials and keeps its own package view', async () => {
			await configure();
			const [first, second] = atsDemoAccounts();
			answer = (request) => ({
				status: 200,
				body:
					request.headers.authorization === basicOf(second)
						? { packages: [SEED_PACKAGES.packages[1]] }
						: SEED_PACKAGES,
			});
			expect(
				(await sb.admin.request('POST', '/ats/fetch-packages', { account_id: first.accountId }))
					.body.accountId,
			).toBe(first.accountId);
			expect(
				(await sb.admin.request('POST', '/ats/fetch-packages', { account_id: second.accountId }))
					.body.accountId,
			).toBe(second.accountId);
			expect(provider.requests.map((r) => r.headers.authorization)).toEqual([
				basicOf(first),
				basicOf(second),
			]);
			const views = (await sb.admin.request('GET', '/state')).body.ats.packageViews;
			expect(views[first.accountId]).toEqual(SEED_PACKAGES);
			expect(views[second.accountId]).toEqual({ packages: [SEED_PACKAGES.packages[1]] });
			expect(
				(await sb.admin.request('POST', '/ats/fetch-packages', { account_id: 'NOBODY' })).status,
			).toBe(404);
		});

		it('orders as the named account, and accounts added later (onboarding) can order', async () => {
			await configure();
			await sb.admin.request('PUT', '/ats/provider', {
				addAccounts: [{ accountId: 'NEW1', apiSecret: 'onboarded-secret' }],
			});
			const placed = await sb.admin.request('POST', '/ats/orders', { account_id: 'NEW1' });
			expect(placed.body.accountId).toBe('NEW1');
			expect(provider.requests[0].headers.authorization).toBe(
				basicOf({ accountId: 'NEW1', apiSecret: 'onboarded-secret' }),
			);
			expect(JSON.parse(provider.requests[0].body).account_id).toBe('NEW1');
		});

		it('sends the same order twice at once (one payload, one background_check_id) and records every answer', async () => {
			await configure();
			const placed = await sb.admin.request('POST', '/ats/orders/concurrent', { count: 2 });
			expect(placed.body).toHaveLength(2);
			expect(placed.body.map((o: any) => o.call.status)).toEqual([201, 201]);
			expect(placed.body[0].backgroundCheckId).toBe(placed.body[1].backgroundCheckId);
			expect(provider.requests).toHaveLength(2);
			expect(provider.requests[0].body).toBe(provider.requests[1].body);
			expect((await sb.admin.request('GET', '/state')).body.ats.orders).toHaveLength(1);
		});
	});

	describe('POST /ats/webhooks/{token}', () => {
		let order: any;
		beforeEach(async () => {
			await configure();
			order = (await sb.admin.request('POST', '/ats/orders', {})).body;
		});

		it("accepts the seed's webhook and records it on the order", async () => {
			const body = {
				background_check_id: order.backgroundCheckId,
				status: 'complete',
				result: 'Pass',
				result_link_url: 'https://provider.example.com/checks/T1/results',
			};
			const received = await postWebhook(order.webhookUrl, body);
			expect(received.status).toBe(200);
			const state = (await sb.admin.request('GET', '/state')).body.ats;
			expect(state.webhooks).toEqual([
				expect.objectContaining({
					accepted: true,
					httpStatus: 200,
					body,
					backgroundCheckId: order.backgroundCheckId,
				}),
			]);
			expect(state.orders[0].webhooks).toHaveLength(1);
		});

		it('accepts an interim status without a result', async () => {
			expect(
				(
					await postWebhook(order.webhookUrl, {
						background_check_id: order.backgroundCheckId,
						status: 'in_progress',
					})
				).status,
			).toBe(200);
		});

		const link = 'https://x.example.com/r';
		it.each([
			[
				'no background_check_id',
				() => ({ status: 'complete', result: 'Pass', result_link_url: link }),
				'background_check_id is required',
			],
			[
				'a different background_check_id',
				() => ({
					background_check_id: '1',
					status: 'complete',
					result: 'Pass',
					result_link_url: link,
				}),
				'does not match',
			],
			[
				'no status',
				(id: string) => ({ background_check_id: id, result: 'Pass' }),
				'status is required',
			],
			[
				'a complete status without result',
				(id: string) => ({ background_check_id: id, status: 'complete', result_link_url: link }),
				'result is required when status is complete',
			],
			[
				'a complete status without result_link_url',
				(id: string) => ({ background_check_id: id, status: 'complete', result: 'Pass' }),
				'result_link_url is required when status is complete',
			],
			[
				'a relative result_link_url',
				(id: string) => ({
					background_check_id: id,
					status: 'complete',
					result: 'Pass',
					result_link_url: '/results/1',
				}),
				'absolute http(s) URL',
			],
		])('rejects %s with 400 and records it', async (_label, body, message) => {
			const received = await postWebhook(order.webhookUrl, body(order.backgroundCheckId));
			expect(received.status).toBe(400);
			expect(received.body.error_message).toContain(message);
			const state = (await sb.admin.request('GET', '/state')).body.ats;
			expect(state.webhooks[0]).toMatchObject({ accepted: false, httpStatus: 400 });
		});

		it('rejects malformed JSON (400) and unknown webhook URLs (404), recording both', async () => {
			expect((await postWebhook(order.webhookUrl, '{nope')).status).toBe(400);
			expect(
				(await postWebhook(`${sb.url}/ats/webhooks/unknown`, { status: 'complete' })).status,
			).toBe(404);
			expect(
				(await sb.admin.request('GET', '/state')).body.ats.webhooks.map((w: any) => w.httpStatus),
			).toEqual([400, 404]);
		});
	});
});
