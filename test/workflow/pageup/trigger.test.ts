import nock from 'nock';

import { runPoll } from '../../../harness';
import { API, BASE_PATH, credentials, FakePageUp, fuzz, LOGIN, makeCheck } from './fixtures';

const trigger = { type: 'pageUpTrigger', parameters: {} };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function remembered(staticData: Record<string, unknown>) {
	const stored = (
		staticData['node:PageUp Trigger'] as
			| { recentlyEmittedIds?: Array<[string, unknown]> }
			| undefined
	)?.recentlyEmittedIds;
	// Stored by BoundedMemory as [id, emitted at] pairs.
	return stored?.map(([id]) => id);
}

function ids(items: Array<{ json: Record<string, unknown> }>) {
	return items.map((item) => item.json.id);
}

describe('PageUp Trigger', () => {
	test('drains 23 pending checks in one poll: 5 reads of up to 5, 23 claims, a final empty read, each emitted once', async () => {
		const fake = new FakePageUp(23).install();
		const { items, result, staticData } = await runPoll(trigger, { credentials });

		expect(result).not.toBeNull();
		expect(fake.reads()).toEqual([5, 5, 5, 5, 3, 0]);
		const claims = fake.log.filter((r) => r.method === 'PUT');
		expect(claims).toHaveLength(23);
		for (const claim of claims) expect(claim.body).toEqual({ status: 'queued' });
		const expectedIds = Array.from({ length: 23 }, (_, i) => String(1001 + i));
		expect(ids(items)).toEqual(expectedIds);
		for (const id of expectedIds) expect(fake.claimsOf(id)).toBe(1);
		expect([...fake.checks.values()].every((check) => check.status === 'queued')).toBe(true);
		// The check as PageUp sent it, without the serializer's GUID property, plus the emission count.
		expect(items[0].json).toEqual({
			attempt: 1,
			repeat: false,
			id: '1001',
			status: 'pending',
			provider: 'bg',
			applicant: { firstName: 'First1001', lastName: 'Last1001', email: 'c1001@example.com' },
			referenceNumber: null,
			reasonForFail: null,
			results: [],
		});
		expect(fake.tokenBodies).toHaveLength(1);
		expect(remembered(staticData)).toEqual(expectedIds);
	});

	test('a claim failing with 500 three times leaves that check pending and un-emitted; the next poll takes it', async () => {
		const fake = new FakePageUp(8).install();
		fake.failPut(1003, 3, 500, { message: 'Internal error' });
		const staticData = {};

		const first = await runPoll(trigger, { credentials, staticData });
		expect(ids(first.items)).toEqual(['1001', '1002', '1004', '1005', '1006', '1007', '1008']);
		expect(
			fake.log.filter((r) => r.method === 'PUT' && r.id === '1003').map((r) => r.status),
		).toEqual([500, 500, 500]);
		expect(fake.checks.get('1003')?.status).toBe('pending');
		// Read 1: five; read 2: 1003 again plus 1006-1008; read 3: only 1003, already tried: the drain stops.
		expect(fake.reads()).toEqual([5, 4, 1]);

		const second = await runPoll(trigger, { credentials, staticData: first.staticData });
		expect(ids(second.items)).toEqual(['1003']);
		for (let id = 1001; id <= 1008; id++) expect(fake.claimsOf(id)).toBe(1);
	});

	test('429 with Retry-After is waited out and the poll succeeds', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok-1' });
		nock(API)
			.get(BASE_PATH)
			.query({ status: 'pending' })
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '1' });
		nock(API)
			.get(BASE_PATH)
			.query({ status: 'pending' })
			.reply(200, fuzz([makeCheck(77)]));
		const claim = nock(API).put(`${BASE_PATH}/77`, { status: 'queued' }).reply(200, {});
		nock(API).get(BASE_PATH).query({ status: 'pending' }).reply(200, []);

		const { items } = await runPoll(trigger, { credentials });
		expect(ids(items)).toEqual(['77']);
		expect(claim.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('a claim answered 429 with Retry-After is retried after the wait, not dropped', async () => {
		const fake = new FakePageUp(2).install();
		fake.failPut(1002, 1, 429, { message: 'slow down' }, { 'Retry-After': '1' });
		const { items } = await runPoll(trigger, { credentials });
		expect(ids(items)).toEqual(['1001', '1002']);
		expect(
			fake.log.filter((r) => r.method === 'PUT' && r.id === '1002').map((r) => r.status),
		).toEqual([429, 200]);
	});

	test('a 401 during the drain refreshes the token once and the poll carries on', async () => {
		const fake = new FakePageUp(7).install();
		// Requests: read (1), five claims (2-6), the second read (7) finds the token expired.
		fake.expireTokensAtRequest = 7;

		const { items, credentials: store } = await runPoll(trigger, { credentials });
		expect(ids(items)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006', '1007']);
		expect(store.preAuthCalls).toEqual([
			{ type: 'pageUpApi', expired: false },
			{ type: 'pageUpApi', expired: true },
		]);
		expect(fake.tokenBodies).toHaveLength(2);
		expect(store.stored('pageUpApi').accessToken).toBe('tok-2');
		const gets = fake.log.filter((r) => r.method === 'GET').map((r) => [r.status, r.authorization]);
		expect(gets).toEqual([
			[200, 'Bearer tok-1'],
			[401, 'Bearer tok-1'],
			[200, 'Bearer tok-2'],
			[200, 'Bearer tok-2'],
		]);
		for (let id = 1001; id <= 1007; id++) expect(fake.claimsOf(id)).toBe(1);
	});

	test('a check that comes back to pending after it was emitted is claimed and emitted again (issue 11)', async () => {
		const fake = new FakePageUp(3).install();
		const first = await runPoll(trigger, { credentials });
		expect(ids(first.items)).toEqual(['1001', '1002', '1003']);
		// Its processing failed and it was returned (Return to Pending); a new check arrives too.
		fake.checks.get('1002')!.status = 'pending';
		fake.add(makeCheck(1004));

		const second = await runPoll(trigger, { credentials, staticData: first.staticData });
		expect(ids(second.items)).toEqual(['1002', '1004']);
		expect(second.items.every((item) => item.json.claim === undefined)).toBe(true);
		expect(fake.checks.get('1002')?.status).toBe('queued');
		expect(fake.claimsOf(1002)).toBe(2);

		// Only returned checks: claimed and emitted.
		fake.checks.get('1001')!.status = 'pending';
		const third = await runPoll(trigger, { credentials, staticData: second.staticData });
		expect(ids(third.items)).toEqual(['1001']);
		expect(fake.checks.get('1001')?.status).toBe('queued');
	});

	test('with "Skip Checks Already Emitted" off, a reset check is emitted again', async () => {
		const fake = new FakePageUp(1).install();
		const spec = { type: 'pageUpTrigger', parameters: { options: { skipEmitted: false } } };
		const first = await runPoll(spec, { credentials });
		fake.checks.get('1001')!.status = 'pending';
		const second = await runPoll(spec, { credentials, staticData: first.staticData });
		expect(ids(second.items)).toEqual(['1001']);
	});

	test('the emitted-ID memory is bounded to the last 1000', async () => {
		new FakePageUp(3, 5001).install();
		const earlier = Array.from({ length: 999 }, (_, i) => String(i + 1));
		const { items, staticData } = await runPoll(trigger, {
			credentials,
			staticData: { 'node:PageUp Trigger': { recentlyEmittedIds: earlier } },
		});
		expect(ids(items)).toEqual(['5001', '5002', '5003']);
		const kept = remembered(staticData) ?? [];
		expect(kept).toHaveLength(1000);
		expect(kept.slice(0, 2)).toEqual(['3', '4']);
		expect(kept.slice(-3)).toEqual(['5001', '5002', '5003']);
	});

	test('stops at the per-poll maximum; the rest stays pending for the next poll', async () => {
		const fake = new FakePageUp(12).install();
		const spec = { type: 'pageUpTrigger', parameters: { options: { maxChecksPerPoll: 7 } } };
		const first = await runPoll(spec, { credentials });
		expect(ids(first.items)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006', '1007']);
		expect([...fake.checks.values()].filter((check) => check.status === 'pending')).toHaveLength(5);
		const second = await runPoll(spec, { credentials, staticData: first.staticData });
		expect(ids(second.items)).toEqual(['1008', '1009', '1010', '1011', '1012']);
	});

	test('stops reading when the poll budget is used up; unread checks stay pending', async () => {
		const fake = new FakePageUp(12).install();
		// A budget of 0 ms is used up as soon as the first page is read and claimed.
		const { items } = await runPoll(trigger, { credentials, pollBudgetMs: 0 });
		expect(ids(items)).toEqual(['1001', '1002', '1003', '1004', '1005']);
		expect(fake.reads()).toEqual([5]);
		expect([...fake.checks.values()].filter((check) => check.status === 'pending')).toHaveLength(7);
	});

	test('passes the provider filter on every read', async () => {
		const fake = new FakePageUp().install();
		fake.add(makeCheck(1, 'bg'));
		fake.add(makeCheck(2, 'other'));
		const { items } = await runPoll(
			{ type: 'pageUpTrigger', parameters: { provider: 'bg' } },
			{ credentials },
		);
		expect(ids(items)).toEqual(['1']);
		expect(fake.log.filter((r) => r.method === 'GET').map((r) => r.query)).toEqual([
			{ status: 'pending', provider: 'bg' },
			{ status: 'pending', provider: 'bg' },
		]);
		expect(fake.checks.get('2')?.status).toBe('pending');
	});

	test('nothing pending: returns null without claiming', async () => {
		const fake = new FakePageUp(0).install();
		const { result } = await runPoll(trigger, { credentials });
		expect(result).toBeNull();
		expect(fake.log.filter((r) => r.method === 'PUT')).toHaveLength(0);
	});

	test('manual mode ("Fetch Test Event") reads one page and claims nothing', async () => {
		const fake = new FakePageUp(8).install();
		const { items } = await runPoll(trigger, { credentials, mode: 'manual' });
		expect(ids(items)).toEqual(['1001', '1002', '1003', '1004', '1005']);
		expect(fake.log.filter((r) => r.method === 'PUT')).toHaveLength(0);
		expect(fake.reads()).toEqual([5]);
		expect([...fake.checks.values()].every((check) => check.status === 'pending')).toBe(true);
	});

	test('manual mode with nothing pending says how to get a test check', async () => {
		new FakePageUp(0).install();
		await expect(runPoll(trigger, { credentials, mode: 'manual' })).rejects.toMatchObject({
			message: 'No background check is pending in PageUp right now',
			description: expect.stringContaining('Reset to Pending'),
		});
	});

	test('when no claim succeeds (e.g. missing write scope) the poll fails, names the checks and emits nothing', async () => {
		const fake = new FakePageUp(2).install();
		fake.failPut(1001, 1, 403, {
			message: 'Insufficient scope: Public.BackgroundCheck.Write is required',
		});
		fake.failPut(1002, 1, 403, {
			message: 'Insufficient scope: Public.BackgroundCheck.Write is required',
		});
		await expect(runPoll(trigger, { credentials })).rejects.toMatchObject({
			message: expect.stringContaining('Insufficient scope'),
			description: expect.stringContaining('1001, 1002'),
		});
		expect(fake.reads()).toEqual([2]);
		expect([...fake.checks.values()].every((check) => check.status === 'pending')).toBe(true);
	});

	test('a read failing after some claims still emits the claimed checks', async () => {
		nock(LOGIN).persist().post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.get(BASE_PATH)
			.query(true)
			.reply(200, fuzz([1001, 1002, 1003, 1004, 1005].map((id) => makeCheck(id))));
		nock(API).get(BASE_PATH).query(true).times(3).reply(503, { message: 'Service Unavailable' });
		nock(API)
			.persist()
			.put(new RegExp(`^${BASE_PATH}/\\d+$`))
			.reply(200, {});
		const { items } = await runPoll(trigger, { credentials });
		expect(ids(items)).toEqual(['1001', '1002', '1003', '1004', '1005']);
	});

	test('an SSN in a failing response never reaches the poll error', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.get(BASE_PATH)
			.query(true)
			.reply(
				400,
				fuzz({
					message: 'Invalid applicant SSN 123-45-6789',
					applicant: { ssn: '123456789' },
					ssn: '123456789',
				}),
			);
		const error = await runPoll(trigger, { credentials }).then(
			() => undefined,
			(e: Error) => e,
		);
		expect(error).toBeDefined();
		const text = `${error?.message} ${(error as { description?: string }).description} ${JSON.stringify(error)}`;
		expect(text).not.toMatch(/123-?45-?6789/);
		expect(text).not.toContain('very-secret-value');
	});
});
