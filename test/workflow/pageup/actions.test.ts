import nock from 'nock';

import { runNode } from '../../../harness';
import { API, BASE_PATH, credentials, FakePageUp, fuzz, LOGIN, makeCheck } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const getPending = (extra: Record<string, unknown> = {}) => ({
	type: 'pageUp',
	parameters: { resource: 'backgroundCheck', operation: 'getPending', ...extra } as never,
});

describe('token', () => {
	test('the exact token request: form-encoded client credentials with instanceId and scope', async () => {
		const seen: Array<{ headers: Record<string, unknown>; body: string }> = [];
		nock(LOGIN)
			.post('/connect/token')
			.reply(function (_uri, body) {
				seen.push({ headers: this.req.headers, body: String(body) });
				return [200, { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 }];
			});
		nock(API)
			.get(BASE_PATH)
			.query({ status: 'pending' })
			.matchHeader('authorization', 'Bearer tok-1')
			.reply(200, []);

		const { error } = await runNode(getPending(), { credentials });
		expect(error).toBeUndefined();
		expect(seen).toHaveLength(1);
		expect(seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(Object.fromEntries(new URLSearchParams(seen[0].body))).toEqual({
			grant_type: 'client_credentials',
			client_id: 'client-1',
			client_secret: 'very-secret-value',
			instanceId: 'inst-9',
			scope: 'Public.BackgroundCheck.Read Public.BackgroundCheck.Write',
		});
	});

	test('a refused token request names the reason and never shows the client secret', async () => {
		nock(LOGIN)
			.post('/connect/token')
			.reply(400, { error: 'invalid_client', error_description: 'Unknown client or wrong secret' });
		const { error } = await runNode(getPending(), { credentials });
		expect(error?.message).toBe('PageUp: Unknown client or wrong secret');
		expect(
			`${JSON.stringify(error)} ${(error as { description?: string }).description}`,
		).not.toContain('very-secret-value');
	});

	test('UAT and custom environments use their own token and API URLs', async () => {
		nock('https://loginuat.dc4.pageuppeople.com')
			.post('/connect/token')
			.reply(200, { access_token: 'u' });
		const uat = nock('https://apiuat.dc4.pageuppeople.com')
			.get('/v3/218/backgroundchecking')
			.query(true)
			.reply(200, []);
		await runNode(getPending(), {
			credentials: {
				pageUpApi: { ...credentials.pageUpApi, environment: 'uat', dataCentre: 'dc4' },
			},
		});
		expect(uat.isDone()).toBe(true);

		nock('http://sandbox.test').post('/pageup/connect/token').reply(200, { access_token: 'c' });
		const custom = nock('http://sandbox.test')
			.get('/pageup/v3/218/backgroundchecking')
			.query(true)
			.reply(200, []);
		await runNode(getPending(), {
			credentials: {
				pageUpApi: {
					...credentials.pageUpApi,
					environment: 'custom',
					tokenUrl: 'http://sandbox.test/pageup/connect/token',
					apiBaseUrl: 'http://sandbox.test/pageup/',
				},
			},
		});
		expect(custom.isDone()).toBe(true);
	});

	test('a 401 mid-run refreshes the token once and the run succeeds', async () => {
		const fake = new FakePageUp(3).install();
		// Requests: 1001 (1), then the token expires as the update of 1002 (2) arrives.
		fake.expireTokensAtRequest = 2;
		const {
			items,
			error,
			credentials: store,
		} = await runNode(
			{
				type: 'pageUp',
				parameters: {
					resource: 'backgroundCheck',
					operation: 'updateStatus',
					checkId: '={{ $json.id }}',
					status: 'new',
					referenceNumber: '={{ "BG-" + $json.id }}',
				},
			},
			{ credentials, items: [{ id: 1001 }, { id: 1002 }, { id: 1003 }] },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(store.preAuthCalls).toEqual([
			{ type: 'pageUpApi', expired: false },
			{ type: 'pageUpApi', expired: true },
		]);
		expect(fake.tokenBodies).toHaveLength(2);
		expect(fake.log.map((r) => [r.id, r.status, r.authorization])).toEqual([
			['1001', 200, 'Bearer tok-1'],
			['1002', 401, 'Bearer tok-1'],
			['1002', 200, 'Bearer tok-2'],
			['1003', 200, 'Bearer tok-2'],
		]);
	});
});

describe('Get Pending', () => {
	test('reads a fuzzy answer (GUID property, shuffled keys, nested objects) by field name', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.get(BASE_PATH)
			.query({ status: 'pending', provider: 'bg' })
			.reply(200, [
				{
					'{0f8fad5b-d9cb-469f-a165-70867728950e}': '7c9e6679-7425-40de-944b-e07fc1f90ae7',
					applicant: {
						lastName: 'Nguyen',
						'3f2504e0-4f89-11d3-9a0c-0305e82c3301': 'a9c1e9d0-0000-4000-8000-000000000001',
						firstName: 'Olivia',
					},
					status: 'pending',
					package: { name: 'Standard', code: 'BGC-STD' },
					'6ba7b810-9dad-11d1-80b4-00c04fd430c8': '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
					id: 12345,
					results: [],
					provider: 'bg',
				},
			]);
		const { items, error } = await runNode(getPending({ provider: ' bg ' }), { credentials });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			{
				applicant: { lastName: 'Nguyen', firstName: 'Olivia' },
				status: 'pending',
				package: { name: 'Standard', code: 'BGC-STD' },
				id: '12345',
				results: [],
				provider: 'bg',
			},
		]);
	});

	test('without Claim: one read, nothing changed in PageUp', async () => {
		const fake = new FakePageUp(7).install();
		const { items } = await runNode(getPending(), { credentials });
		expect(items.map((item) => item.json.id)).toEqual(['1001', '1002', '1003', '1004', '1005']);
		expect(fake.log.filter((r) => r.method === 'PUT')).toHaveLength(0);
	});

	test('Claim: each returned check is set to queued; up to the limit, reading more pages as needed', async () => {
		const fake = new FakePageUp(9).install();
		const { items } = await runNode(getPending({ claim: true, limit: 7 }), { credentials });
		expect(items.map((item) => item.json.id)).toEqual([
			'1001',
			'1002',
			'1003',
			'1004',
			'1005',
			'1006',
			'1007',
		]);
		expect(fake.log.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual(
			Array(7).fill({ status: 'queued' }),
		);
		expect(fake.checks.get('1008')?.status).toBe('pending');
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	test('Claim + Return All: keeps reading past five until the list is empty', async () => {
		const fake = new FakePageUp(12).install();
		const { items } = await runNode(getPending({ claim: true, returnAll: true }), { credentials });
		expect(items).toHaveLength(12);
		expect(fake.reads()).toEqual([5, 5, 2, 0]);
		for (let id = 1001; id <= 1012; id++) expect(fake.claimsOf(id)).toBe(1);
	});

	test('Claim: a check whose claim fails is not returned, stays pending, and a warning names it', async () => {
		const fake = new FakePageUp(3).install();
		fake.failPut(1002, 1, 409, { message: 'Conflict' });
		const { items, error } = await runNode(getPending({ claim: true, returnAll: true }), {
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(['1001', '1003']);
		expect(fake.checks.get('1002')?.status).toBe('pending');
	});

	test('an HTML page instead of a list is an error, not "no checks"', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.get(BASE_PATH)
			.query(true)
			.reply(200, '<html><body>Sign in</body></html>', { 'Content-Type': 'text/html' });
		const { error } = await runNode(getPending(), { credentials });
		expect(error?.message).toMatch(/not a list of background checks/);
	});

	test('an error object in an HTTP 200 answer is an error', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.get(BASE_PATH)
			.query(true)
			.reply(200, fuzz({ message: 'Partner id claim missing' }));
		const { error } = await runNode(getPending(), { credentials });
		expect(error?.message).toBe('PageUp: Partner id claim missing');
	});

	test('a wrapped list and an empty body are tolerated', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.get(BASE_PATH)
			.query(true)
			.reply(200, fuzz({ items: [makeCheck(5)], total: 1 }));
		const wrapped = await runNode(getPending(), { credentials });
		expect(wrapped.items.map((item) => item.json.id)).toEqual(['5']);

		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API).get(BASE_PATH).query(true).reply(204);
		const empty = await runNode(getPending(), { credentials });
		expect(empty.error).toBeUndefined();
		expect(empty.items).toEqual([]);
	});
});

describe('Reset to Pending', () => {
	test('sets queued, then pending, in that order', async () => {
		const fake = new FakePageUp(1).install();
		fake.checks.get('1001')!.status = 'completed';
		const { items, error } = await runNode(
			{
				type: 'pageUp',
				parameters: { resource: 'backgroundCheck', operation: 'resetToPending', checkId: '1001' },
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(fake.log.filter((r) => r.method === 'PUT').map((r) => [r.id, r.body])).toEqual([
			['1001', { status: 'queued' }],
			['1001', { status: 'pending' }],
		]);
		expect(fake.checks.get('1001')?.status).toBe('pending');
		expect(items[0].json).toMatchObject({ id: '1001', status: 'pending' });
	});

	test('when the second step fails, the error says the check is queued and how to finish', async () => {
		const fake = new FakePageUp(1).install();
		fake.failPut(1001, 0);
		nock.cleanAll();
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API).put(`${BASE_PATH}/1001`, { status: 'queued' }).reply(200, {});
		nock(API)
			.put(`${BASE_PATH}/1001`, { status: 'pending' })
			.reply(400, { message: 'Not allowed' });
		const { error } = await runNode(
			{
				type: 'pageUp',
				parameters: { resource: 'backgroundCheck', operation: 'resetToPending', checkId: '1001' },
			},
			{ credentials },
		);
		expect(error?.message).toBe('PageUp: Not allowed');
		expect((error as { description?: string }).description).toMatch(
			/set to queued but not back to pending/,
		);
	});
});
