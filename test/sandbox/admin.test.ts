/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RunningSandbox } from '../../sandbox/server';
import { json, pageUpToken, start } from './helpers';

describe('sandbox server and admin API', () => {
	let sb: RunningSandbox;

	beforeAll(async () => {
		sb = await start({ demoData: true });
	});
	afterAll(async () => {
		await sb.close();
	});

	it('binds 127.0.0.1 on an ephemeral port and indexes the vendor prefixes', async () => {
		expect(sb.url).toBe(`http://127.0.0.1:${sb.port}`);
		expect(sb.port).toBeGreaterThan(0);
		const index = await json(`${sb.url}/`);
		expect(index.body.vendors).toEqual({
			pageup: `${sb.url}/pageup`,
			ats: `${sb.url}/ats`,
			riq: `${sb.url}/riq`,
			choice: `${sb.url}/choice`,
		});
		expect((await json(`${sb.url}/elsewhere`)).status).toBe(404);
	});

	it('shows people a status page at its root: per vendor its state and latest requests, no secrets', async () => {
		await sb.admin.reset({ demoData: true });
		await json(`${sb.url}/pageup/v3/218/backgroundchecking?status=pending`);
		const page = await fetch(`${sb.url}/`, { headers: { Accept: 'text/html' } });
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/^text\/html/);
		const html = await page.text();
		for (const heading of ['PageUp', 'ATS Anywhere', 'ResidentIQ', 'Choice Screening'])
			expect(html).toContain(`<h2>${heading}`);
		// The demo's three pending checks, and the request just made (refused: no token).
		expect(html.match(/<td>pending<\/td>/g)?.length).toBeGreaterThanOrEqual(3);
		expect(html).toMatch(
			/<td>GET<\/td><td>\/pageup\/v3\/218\/backgroundchecking<\/td><td>[^<]+<\/td><td>401<\/td>/,
		);
		for (const account of sb.sandbox.ats.provider.accounts)
			expect(html).not.toContain(account.apiSecret);
		expect(html).not.toContain('<script');
	});

	it('starts with demo data: pending PageUp checks, RIQ reports and products, Choice packages', async () => {
		await sb.admin.request('POST', '/reset', { demoData: true });
		const state = (await sb.admin.request('GET', '/state')).body;
		expect(state.pageUp.checks.filter((check: any) => check.status === 'pending')).toHaveLength(3);
		expect(state.riq.orders.map((order: any) => order.status)).toEqual(['ready', 'ready']);
		expect(state.riq.products['sandbox-riq-user']).toHaveLength(3);
		const token = await pageUpToken(sb);
		const list = await json(
			`${sb.url}/pageup/v3/218/backgroundchecking?status=pending&provider=bg`,
			{ headers: { Authorization: `Bearer ${token}` } },
		);
		expect(list.body).toHaveLength(3);
		const packages = await json(`${sb.url}/choice/api/v1/packages`, {
			headers: { 'X-API-Key': 'sandbox-choice-api-key' },
		});
		expect(packages.body.length).toBeGreaterThan(5);
	});

	it('reads the demo credentials from sandbox/demo-credentials.json', () => {
		const file = JSON.parse(
			readFileSync(join(__dirname, '../../sandbox/demo-credentials.json'), 'utf8'),
		);
		expect(Object.keys(file)).toEqual(['pageUp', 'atsAnywhere', 'residentIq', 'choiceScreening']);
		expect(Object.keys(file.pageUp).sort()).toEqual([
			'clientId',
			'clientSecret',
			'instanceId',
			'provider',
			'scope',
			'tenantId',
		]);
		expect(Object.keys(file.atsAnywhere).sort()).toEqual(['accountIds', 'masterKey']);
		expect(Object.keys(file.residentIq).sort()).toEqual(['password', 'userId']);
		expect(Object.keys(file.choiceScreening).sort()).toEqual([
			'apiKey',
			'apiKeyHeader',
			'callbackPassword',
			'callbackUser',
			'clientId',
			'clientSecret',
			'scope',
		]);
	});

	it('state shows every section; reset empties it', async () => {
		await sb.admin.request('POST', '/faults', { vendor: 'riq', latencyMs: 1 });
		const before = (await sb.admin.request('GET', '/state')).body;
		expect(Object.keys(before)).toEqual(
			expect.arrayContaining([
				'clock',
				'faults',
				'tokens',
				'pageUp',
				'ats',
				'riq',
				'choice',
				'seed',
			]),
		);
		expect(before.faults.rules).toHaveLength(1);
		const reset = await sb.admin.request('POST', '/reset', { demoData: false, seed: 99 });
		expect(reset.body).toEqual({ ok: true, seed: 99, demoData: false });
		const after = (await sb.admin.request('GET', '/state')).body;
		expect(after.pageUp.checks).toEqual([]);
		expect(after.riq.orders).toEqual([]);
		expect(after.faults.rules).toEqual([]);
		expect(after.tokens).toEqual([]);
		expect(after.seed).toBe(99);
	});

	it('seeds N pending PageUp checks for a tenant and provider', async () => {
		await sb.admin.request('POST', '/reset', { demoData: false });
		const seeded = await sb.admin.request('POST', '/pageup/checks', {
			tenantId: '218',
			provider: 'acme',
			count: 4,
		});
		expect(seeded.body.checks).toHaveLength(4);
		expect(
			seeded.body.checks.every(
				(check: any) => check.provider === 'acme' && check.status === 'pending',
			),
		).toBe(true);
		const other = await sb.admin.request('POST', '/pageup/checks', { tenantId: '555', count: 1 });
		expect(other.status).toBe(200);
		expect((await sb.admin.request('GET', '/state')).body.pageUp.tenants).toEqual(['218', '555']);
	});

	it('seeds deterministic data under the same seed', async () => {
		await sb.admin.request('POST', '/reset', { demoData: false, seed: 5 });
		const a = (await sb.admin.request('POST', '/pageup/checks', { count: 3 })).body.checks.map(
			(c: any) => c.applicant.email,
		);
		await sb.admin.request('POST', '/reset', { demoData: false, seed: 5 });
		const b = (await sb.admin.request('POST', '/pageup/checks', { count: 3 })).body.checks.map(
			(c: any) => c.applicant.email,
		);
		expect(b).toEqual(a);
	});

	it('advances the sandbox clock', async () => {
		const before = (await sb.admin.request('GET', '/clock')).body;
		const after = (await sb.admin.request('POST', '/clock/advance', { seconds: 3600 })).body;
		expect(after.offsetSeconds).toBe(before.offsetSeconds + 3600);
		expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(3600 * 1000);
	});

	it('logs vendor requests with their route id and status', async () => {
		await sb.admin.request('POST', '/reset', { demoData: false });
		await fetch(`${sb.url}/choice/api/v1/ping`);
		const log = (await sb.admin.request('GET', '/requests')).body;
		expect(log).toEqual([
			expect.objectContaining({ method: 'GET', vendor: 'choice', route: 'ping', status: 401 }),
		]);
	});

	it('answers 404/405 for unknown routes and 400 with issues for bad bodies', async () => {
		expect((await sb.admin.request('GET', '/nope')).status).toBe(404);
		expect((await sb.admin.request('DELETE', '/state')).status).toBe(405);
		const bad = await sb.admin.request('POST', '/clock/advance', { seconds: 'soon' });
		expect(bad.status).toBe(400);
		expect(bad.body.issues[0].path).toEqual(['seconds']);
		expect((await sb.admin.request('POST', '/riq/orders/1/complete')).status).toBe(404);
		expect(
			(await json(`${sb.url}/pageup/v3/218/backgroundchecking`, { method: 'DELETE' })).status,
		).toBe(405);
		const routes = (await sb.admin.request('GET', '')).body.routes as string[];
		expect(routes).toEqual(
			expect.arrayContaining([expect.stringContaining('POST /_admin/faults ')]),
		);
	});

	it('a second sandbox runs side by side on its own port and state', async () => {
		const other = await start();
		try {
			expect(other.port).not.toBe(sb.port);
			await other.admin.request('POST', '/pageup/checks', { count: 2 });
			expect((await other.admin.request('GET', '/state')).body.pageUp.checks).toHaveLength(2);
			expect(other.sandbox.pageUp.snapshot()).toMatchObject({
				checks: [expect.anything(), expect.anything()],
			});
		} finally {
			await other.close();
		}
	});
});
