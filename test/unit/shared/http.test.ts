import nock from 'nock';
import { DateTime } from 'luxon';

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { connectionCodeOf, vendorApiError } from '../../../nodes/shared/errors';
import { backoffMs, DEFAULT_RETRY, retryAfterMs, vendorRequest } from '../../../nodes/shared/http';
import { requestContext } from '../../../harness';

const BASE = 'https://vendor.test';
const fast = { baseDelayMs: 10, maxDelayMs: 40 };

function call(idempotent: boolean, extra: Partial<Parameters<typeof vendorRequest>[0]> = {}) {
	return vendorRequest.call(requestContext(), {
		vendor: 'Vendor',
		request: {
			method: idempotent ? 'GET' : 'POST',
			url: `${BASE}/thing`,
			json: true,
			timeout: 2000,
		},
		idempotent,
		retry: fast,
		...extra,
	});
}

/** A loopback server that accepts each request and then drops the connection without answering. */
async function droppingServer() {
	let requests = 0;
	const server: Server = createServer((req) => {
		requests++;
		req.socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/thing`,
		requests: () => requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

describe('vendorRequest retries', () => {
	test('a read that gets 503 twice succeeds on the third attempt', async () => {
		const scope = nock(BASE)
			.get('/thing')
			.times(2)
			.reply(503)
			.get('/thing')
			.reply(200, { ok: true });
		const response = await call(true);
		expect(response.body).toEqual({ ok: true });
		expect(response.attempts).toBe(3);
		expect(scope.isDone()).toBe(true);
	});

	test('attempts are bounded: three 500s give one error after exactly three requests', async () => {
		let requests = 0;
		nock(BASE)
			.get('/thing')
			.times(5)
			.reply(() => {
				requests++;
				return [500, { message: 'down' }];
			});
		await expect(call(true)).rejects.toMatchObject({ httpCode: '500', message: 'Vendor: down' });
		expect(requests).toBe(3);
	});

	test('a request that may create something is not retried after a 503', async () => {
		let requests = 0;
		nock(BASE)
			.post('/thing')
			.times(3)
			.reply(() => {
				requests++;
				return [503, {}];
			});
		await expect(call(false)).rejects.toMatchObject({ httpCode: '503' });
		expect(requests).toBe(1);
	});

	test('a request that may create something is not retried after the connection drops', async () => {
		const server = await droppingServer();
		try {
			const error = await call(false, {
				request: { method: 'POST', url: server.url, json: true },
			}).catch((e) => e);
			expect((error as Error).message).toBe('Vendor: could not reach the service');
			expect(connectionCodeOf(error)).toBe('ECONNRESET');
			expect(server.requests()).toBe(1);
		} finally {
			await server.close();
		}
	});

	test('a read is retried after the connection drops', async () => {
		const server = await droppingServer();
		try {
			await expect(
				call(true, { request: { method: 'GET', url: server.url, json: true } }),
			).rejects.toThrow(/could not reach the service/);
			expect(server.requests()).toBe(3);
		} finally {
			await server.close();
		}
	});

	test('a refused connection is retried even for a creating request (nothing reached the vendor)', async () => {
		const port = await closedPort();
		const error = await call(false, {
			request: { method: 'POST', url: `http://127.0.0.1:${port}/thing`, json: true },
		}).catch((e) => e);
		expect(connectionCodeOf(error)).toBe('ECONNREFUSED');
		expect(String((error as { description?: string }).description)).toContain('ECONNREFUSED');
		// A host that could not be reached is not said to have refused anything.
		expect((error as Error).message).toBe('Vendor: could not reach the service');
	});

	test("a vendor message that names a connection code keeps its words (n8n would replace it with 'refused')", () => {
		const error = vendorApiError(requestContext().getNode(), {
			vendor: 'Vendor',
			message: 'upstream said: connect ECONNREFUSED 10.0.0.1:443, then ENOTFOUND',
		});
		expect(error.message).toBe(
			'Vendor: upstream said: connect no connection 10.0.0.1:443, then host not found',
		);
		expect(error.message).not.toMatch(/refused/i);
	});

	test('429 is retried even for a creating request, after the Retry-After it asks for', async () => {
		const seen: number[] = [];
		nock(BASE)
			.post('/thing')
			.reply(() => {
				seen.push(Date.now());
				return [429, { message: 'slow down' }, { 'Retry-After': '1' }];
			})
			.post('/thing')
			.reply(() => {
				seen.push(Date.now());
				return [201, { id: 'x' }];
			});
		const response = await call(false);
		expect(response.statusCode).toBe(201);
		expect(seen).toHaveLength(2);
		// Retry-After: 1 means at least a second between the two attempts (a lower bound, not a timing test).
		expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(950);
	});

	test('a Retry-After longer than the allowed wait is reported instead of waited out', async () => {
		let requests = 0;
		nock(BASE)
			.get('/thing')
			.times(2)
			.reply(() => {
				requests++;
				return [429, {}, { 'Retry-After': '3600' }];
			});
		await expect(call(true)).rejects.toMatchObject({ httpCode: '429' });
		expect(requests).toBe(1);
	});

	test('no attempt starts after the deadline', async () => {
		let requests = 0;
		nock(BASE)
			.get('/thing')
			.times(3)
			.reply(() => {
				requests++;
				return [503, {}];
			});
		await expect(
			call(true, { retry: { ...fast, deadline: Date.now() + 5 } }),
		).rejects.toMatchObject({ httpCode: '503' });
		expect(requests).toBe(1);
	});

	test('4xx other than 429 is not retried', async () => {
		let requests = 0;
		nock(BASE)
			.get('/thing')
			.times(2)
			.reply(() => {
				requests++;
				return [400, { message: 'bad' }];
			});
		await expect(call(true)).rejects.toMatchObject({ httpCode: '400', message: 'Vendor: bad' });
		expect(requests).toBe(1);
	});
});

describe('vendorRequest errors', () => {
	test('personal data and secrets in a failing body never reach the error', async () => {
		nock(BASE)
			.post('/thing')
			.reply(422, {
				message: 'Applicant 123-45-6789 born 1990-01-02 rejected; token sk_live_abcdef',
				applicant: { ssn: '123456789', dob: '1990-01-02' },
			});
		const error = await call(false, { secrets: ['sk_live_abcdef'] }).catch((e: Error) => e);
		const text =
			JSON.stringify(error) +
			(error as Error).message +
			String((error as { description?: string }).description);
		expect(text).not.toMatch(/123-45-6789|123456789|sk_live_abcdef/);
		expect((error as Error).message).toContain('Vendor:');
	});

	test('the vendor message is extracted by the caller when it knows the format', async () => {
		nock(BASE)
			.get('/thing')
			.reply(409, { fault: { text: 'already queued' } });
		await expect(
			call(true, {
				describeError: (body) => ({
					message: (body as { fault: { text: string } }).fault.text,
					code: 'E409',
				}),
			}),
		).rejects.toMatchObject({ message: 'Vendor: already queued [E409]' });
	});
});

describe('backoff and Retry-After', () => {
	test('backoff doubles per attempt, stays within half..full of the ceiling, and is capped', () => {
		const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffMs(1, policy, () => 0)).toBe(50);
		expect(backoffMs(1, policy, () => 1)).toBe(100);
		expect(backoffMs(3, policy, () => 1)).toBe(400);
		expect(backoffMs(10, policy, () => 1)).toBe(1000);
		expect(backoffMs(10, policy, () => 0)).toBe(500);
	});

	test('Retry-After as seconds or an HTTP date', () => {
		expect(retryAfterMs('2')).toBe(2000);
		expect(retryAfterMs('garbage')).toBeUndefined();
		expect(retryAfterMs(undefined)).toBeUndefined();
		const now = DateTime.fromISO('2026-11-22T10:00:00Z', { zone: 'utc' }) as DateTime<true>;
		expect(retryAfterMs('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30000);
		expect(retryAfterMs('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
	});
});
