/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import type { RunningSandbox } from '../../sandbox/server';
import { choiceToken, demoCredentials, json, pageUpToken, riqRequest, start } from './helpers';

describe('fault injection', () => {
	let sb: RunningSandbox;
	let token: string;
	const list = async () =>
		await fetch(
			`${sb.url}/pageup/v3/${demoCredentials.pageUp.tenantId}/backgroundchecking?status=pending`,
			{ headers: { Authorization: `Bearer ${token}` } },
		);
	const statuses = async (n: number) => {
		const out: number[] = [];
		for (let i = 0; i < n; i++) out.push((await list()).status);
		return out;
	};
	const fault = async (rule: Record<string, unknown>) => {
		const answer = await sb.admin.request('POST', '/faults', rule);
		expect(answer.status).toBe(200);
	};

	beforeAll(async () => {
		sb = await start();
	});
	afterAll(async () => {
		await sb.close();
	});
	beforeEach(async () => {
		await sb.admin.request('POST', '/reset', { demoData: true, seed: 7 });
		token = await pageUpToken(sb);
	});

	describe('error answers', () => {
		it('answers errorRate 1 with the given statuses, marked X-Sandbox-Fault', async () => {
			await fault({ vendor: 'pageup', route: 'list', errorRate: 1, errorStatuses: [503] });
			const response = await list();
			expect(response.status).toBe(503);
			expect(response.headers.get('x-sandbox-fault')).toBe('error-rate');
			expect(await statuses(5)).toEqual([503, 503, 503, 503, 503]);
		});

		it('draws 500/502/503 by default, a fraction of the time, identically under the same seed', async () => {
			await fault({ vendor: 'pageup', errorRate: 0.5 });
			const first = await statuses(40);
			const faults = first.filter((s) => s !== 200);
			expect(faults.length).toBeGreaterThan(5);
			expect(faults.length).toBeLessThan(35);
			expect(new Set(faults).size).toBeGreaterThan(1);
			for (const status of faults) expect([500, 502, 503]).toContain(status);

			await sb.admin.request('POST', '/reset', { demoData: true, seed: 7 });
			token = await pageUpToken(sb);
			await fault({ vendor: 'pageup', errorRate: 0.5 });
			expect(await statuses(40)).toEqual(first);

			await sb.admin.request('POST', '/reset', { demoData: true, seed: 8 });
			token = await pageUpToken(sb);
			await fault({ vendor: 'pageup', errorRate: 0.5 });
			expect(await statuses(40)).not.toEqual(first);
		});

		it('counts what each rule injected', async () => {
			await fault({ vendor: 'pageup', route: 'list', errorRate: 1 });
			await statuses(3);
			const rules = (await sb.admin.request('GET', '/faults')).body.rules;
			expect(rules).toEqual([
				expect.objectContaining({
					key: 'pageup:list',
					stats: { requests: 3, dropped: 0, rateLimited: 0, errors: 3 },
				}),
			]);
		});

		it('scopes a rule to its vendor and route (by route id or path prefix)', async () => {
			await fault({ vendor: 'pageup', route: 'token', errorRate: 1 });
			expect((await list()).status).toBe(200);
			expect(
				(await json(`${sb.url}/pageup/connect/token`, { method: 'POST' })).status,
			).toBeGreaterThanOrEqual(500);
			await fault({ vendor: 'choice', errorRate: 1 });
			expect((await list()).status).toBe(200);
			await sb.admin.request('DELETE', '/faults');
			await fault({
				vendor: 'pageup',
				route: `/v3/${demoCredentials.pageUp.tenantId}`,
				errorRate: 1,
				errorStatuses: [502],
			});
			expect((await list()).status).toBe(502);
			expect((await json(`${sb.url}/pageup/v3/999/backgroundchecking`)).status).toBe(401); // other prefix untouched
		});

		it('is removed by DELETE /_admin/faults', async () => {
			await fault({ vendor: 'pageup', errorRate: 1 });
			expect((await list()).status).toBeGreaterThanOrEqual(500);
			expect((await sb.admin.request('DELETE', '/faults?vendor=pageup')).body.removed).toBe(1);
			expect((await list()).status).toBe(200);
		});

		it('answers in the vendor format: RIQ faults are real HTTP errors, not x:error', async () => {
			await fault({ vendor: 'riq', route: 'packages', errorRate: 1, errorStatuses: [500] });
			const response = await fetch(`${sb.url}/riq/api/partner/packages`, {
				method: 'POST',
				body: riqRequest({}),
			});
			expect(response.status).toBe(500);
			expect(response.headers.get('content-type')).toContain('text/plain');
		});
	});

	describe('fail-next', () => {
		it('fails exactly the next N requests with the given status', async () => {
			await sb.admin.request('POST', '/faults/fail-next', {
				vendor: 'pageup',
				route: 'list',
				count: 3,
				status: 500,
			});
			expect(await statuses(5)).toEqual([500, 500, 500, 200, 200]);
			expect((await sb.admin.request('GET', '/faults')).body.failNext).toEqual([]);
		});

		it('can answer 429 with Retry-After or drop the connection', async () => {
			await sb.admin.request('POST', '/faults/fail-next', {
				vendor: 'pageup',
				route: 'list',
				count: 1,
				status: 429,
				retryAfterSeconds: 2,
			});
			await sb.admin.request('POST', '/faults/fail-next', {
				vendor: 'pageup',
				route: 'list',
				count: 1,
				status: 'drop',
			});
			const limited = await list();
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('2');
			await expect(list()).rejects.toThrow();
			expect((await list()).status).toBe(200);
		});
	});

	describe('rate limiting', () => {
		it('answers 429 with Retry-After for the next `count` requests', async () => {
			await fault({
				vendor: 'pageup',
				route: 'list',
				rateLimit: { retryAfterSeconds: 7, count: 2 },
			});
			const first = await list();
			expect(first.status).toBe(429);
			expect(first.headers.get('retry-after')).toBe('7');
			expect(await statuses(3)).toEqual([429, 200, 200]);
		});

		it('answers 429 for a fraction `rate` of requests', async () => {
			await fault({ vendor: 'choice', rateLimit: { retryAfterSeconds: 1, rate: 1 } });
			const response = await fetch(`${sb.url}/choice/api/v1/ping`);
			expect(response.status).toBe(429);
			expect(response.headers.get('retry-after')).toBe('1');
			expect(await response.json()).toEqual({ message: 'Too many requests' });
		});
	});

	describe('dropped connections', () => {
		it('closes the connection without an answer', async () => {
			await fault({ vendor: 'pageup', route: 'list', dropRate: 1 });
			await expect(list()).rejects.toThrow('fetch failed');
			const log = (await sb.admin.request('GET', '/requests')).body as any[];
			expect(log[log.length - 1]).toMatchObject({ route: 'list', fault: 'drop' });
		});
	});

	describe('latency', () => {
		it('delays the answer by at least latencyMs', async () => {
			await fault({ vendor: 'pageup', route: 'list', latencyMs: 300 });
			const started = Date.now();
			expect((await list()).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(290); // timer granularity
			const log = (await sb.admin.request('GET', '/requests')).body as any[];
			expect(log[log.length - 1]).toMatchObject({ route: 'list', latencyMs: 300, status: 200 });
		});
	});

	describe('token expiry', () => {
		it('shortens token lifetimes to tokenTtlSeconds, for new and already issued tokens', async () => {
			const old = await pageUpToken(sb);
			await fault({ vendor: 'pageup', tokenTtlSeconds: 5 });
			const answer = await json(`${sb.url}/pageup/connect/token`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: demoCredentials.pageUp.clientId,
					client_secret: demoCredentials.pageUp.clientSecret,
					instanceId: demoCredentials.pageUp.instanceId,
				}).toString(),
			});
			expect(answer.body.expires_in).toBe(5);
			token = answer.body.access_token;
			expect((await list()).status).toBe(200);
			await sb.admin.request('POST', '/clock/advance', { seconds: 6 });
			expect((await list()).status).toBe(401);
			token = old;
			expect((await list()).status).toBe(401);
		});

		it('revokes every token on demand', async () => {
			const choice = await choiceToken(sb);
			expect(
				(await sb.admin.request('POST', '/tokens/expire', { vendor: 'pageup' })).body.expired,
			).toBeGreaterThan(0);
			expect((await list()).status).toBe(401);
			expect(
				(
					await fetch(`${sb.url}/choice/api/v1/ping`, {
						headers: { Authorization: `Bearer ${choice}` },
					})
				).status,
			).toBe(200);
		});
	});

	it('validates fault rules', async () => {
		expect(
			(await sb.admin.request('POST', '/faults', { vendor: 'nobody', errorRate: 1 })).status,
		).toBe(400);
		expect(
			(await sb.admin.request('POST', '/faults', { vendor: 'pageup', errorRate: 2 })).status,
		).toBe(400);
		expect(
			(
				await sb.admin.request('POST', '/faults', {
					vendor: 'pageup',
					rateLimit: { retryAfterSeconds: 1 },
				})
			).status,
		).toBe(400);
		expect(
			(
				await sb.admin.request('POST', '/faults/fail-next', {
					vendor: 'pageup',
					count: 0,
					status: 500,
				})
			).status,
		).toBe(400);
	});
});
