/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import { stripFuzz } from '../../sandbox/fuzzy';
import type { RunningSandbox } from '../../sandbox/server';
import { demoCredentials, form, isGuid, json, objectsIn, pageUpToken, start } from './helpers';

const c = demoCredentials.pageUp;
const READ = 'Public.BackgroundCheck.Read';
const WRITE = 'Public.BackgroundCheck.Write';

describe('PageUp sandbox (seed 000)', () => {
	let sb: RunningSandbox;
	let token: string;
	const api = (path = '') => `${sb.url}/pageup/v3/${c.tenantId}/backgroundchecking${path}`;
	const auth = (t = token) => ({ Authorization: `Bearer ${t}` });
	const list = async (query = '?status=pending', t = token) =>
		await json<any[]>(api(query), { headers: auth(t) });
	const put = async (id: number, body: unknown, t = token) =>
		await json(api(`/${id}`), {
			method: 'PUT',
			headers: { ...auth(t), 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
	const seed = async (body: Record<string, unknown> = {}) =>
		(await sb.admin.request('POST', '/pageup/checks', body)).body.checks as any[];
	const stored = async (id: number) =>
		((await sb.admin.request('GET', '/state')).body.pageUp.checks as any[]).find(
			(check) => check.id === id,
		);

	beforeAll(async () => {
		sb = await start();
	});
	afterAll(async () => {
		await sb.close();
	});
	beforeEach(async () => {
		await sb.admin.request('POST', '/reset', { demoData: false });
		token = await pageUpToken(sb);
	});

	describe('POST /connect/token', () => {
		const tokenWith = async (overrides: Record<string, string | undefined>) => {
			const values: Record<string, string> = {};
			const all = {
				grant_type: 'client_credentials',
				client_id: c.clientId,
				client_secret: c.clientSecret,
				instanceId: c.instanceId,
				scope: READ,
				...overrides,
			};
			for (const [k, v] of Object.entries(all)) if (v !== undefined) values[k] = v;
			return await json(`${sb.url}/pageup/connect/token`, form(values));
		};

		it('issues an opaque, expiring Bearer token carrying the granted scopes', async () => {
			const answer = await tokenWith({ scope: `${READ} ${WRITE}` });
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({
				access_token: expect.any(String),
				token_type: 'Bearer',
				expires_in: 3600,
				scope: `${READ} ${WRITE}`,
			});
			expect(answer.body.access_token.split('.')).toHaveLength(1); // not a JWT
		});

		it('grants every allowed scope when none is asked for, and accepts client auth by Basic header', async () => {
			const answer = await json(`${sb.url}/pageup/connect/token`, {
				...form({ grant_type: 'client_credentials', instanceId: c.instanceId }),
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					Authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
				},
			});
			expect(answer.status).toBe(200);
			expect(answer.body.scope).toBe(c.scope);
		});

		it.each([
			['a wrong secret', 'invalid_client', { client_secret: 'nope' }],
			['an unknown client', 'invalid_client', { client_id: 'nobody' }],
			['another grant type', 'unsupported_grant_type', { grant_type: 'password' }],
			['no instanceId', 'invalid_request', { instanceId: undefined }],
			['a wrong instanceId', 'invalid_request', { instanceId: '999' }],
			['a scope the client does not have', 'invalid_scope', { scope: 'Public.Jobs.Read' }],
		])('rejects %s with 400 %s', async (_label, error, overrides) => {
			const answer = await tokenWith(overrides);
			expect(answer.status).toBe(400);
			expect(answer.body.error).toBe(error);
		});

		it('requires a form body', async () => {
			const answer = await json(`${sb.url}/pageup/connect/token`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ grant_type: 'client_credentials' }),
			});
			expect(answer.status).toBe(400);
			expect(answer.body.error).toBe('invalid_request');
		});
	});

	describe('authorisation on /v3', () => {
		it('answers 401 without a token, with an unknown token, and with an expired token', async () => {
			expect((await json(api('?status=pending'))).status).toBe(401);
			const bad = await list('?status=pending', 'not-a-token');
			expect(bad.status).toBe(401);
			expect(bad.headers.get('www-authenticate')).toContain('Bearer');
			await sb.admin.request('POST', '/clock/advance', { seconds: 3601 });
			expect((await list()).status).toBe(401);
		});

		it('answers 403 when the token lacks the scope of the operation', async () => {
			const readOnly = await pageUpToken(sb, READ);
			const writeOnly = await pageUpToken(sb, WRITE);
			const [check] = await seed();
			expect((await list('?status=pending', writeOnly)).status).toBe(403);
			expect((await list('?status=pending', readOnly)).status).toBe(200);
			expect((await put(check.id, { status: 'queued' }, readOnly)).status).toBe(403);
			expect((await put(check.id, { status: 'queued' }, writeOnly)).status).toBe(200);
		});

		it('answers 404 for an unknown tenant and 403 for a tenant the client is not bound to', async () => {
			const unknown = await json(`${sb.url}/pageup/v3/777/backgroundchecking?status=pending`, {
				headers: auth(),
			});
			expect(unknown.status).toBe(404);
			await sb.admin.request('POST', '/pageup/tenants', { tenantId: '300' });
			const other = await json(`${sb.url}/pageup/v3/300/backgroundchecking?status=pending`, {
				headers: auth(),
			});
			expect(other.status).toBe(403);
			expect((await put(1, { status: 'queued' })).status).toBe(404); // unknown check
		});

		it('answers 403 when the client has no partner id claim', async () => {
			await sb.admin.request('POST', '/pageup/clients', {
				clientId: 'no-partner',
				clientSecret: 's',
				instanceId: c.tenantId,
			});
			const answer = await json(
				`${sb.url}/pageup/connect/token`,
				form({
					grant_type: 'client_credentials',
					client_id: 'no-partner',
					client_secret: 's',
					instanceId: c.tenantId,
				}),
			);
			expect(answer.status).toBe(200);
			expect((await list('?status=pending', answer.body.access_token)).status).toBe(403);
		});
	});

	describe('GET /v3/{tenantId}/backgroundchecking', () => {
		it('returns checks in the shape PageUp hands to providers', async () => {
			await seed({
				count: 1,
				packageCode: 'BGC-STD',
				applicant: {
					firstName: 'Ada',
					middleName: 'M',
					lastName: 'Lovelace',
					email: 'ada@example.com',
				},
			});
			const answer = await list(`?status=pending&provider=${c.provider}`);
			expect(answer.status).toBe(200);
			const [check] = stripFuzz(answer.body) as any[];
			expect(check).toEqual({
				id: expect.any(Number),
				status: 'pending',
				provider: c.provider,
				package: { code: 'BGC-STD', name: expect.any(String) },
				applicant: {
					id: expect.any(Number),
					firstName: 'Ada',
					middleName: 'M',
					lastName: 'Lovelace',
					email: 'ada@example.com',
				},
				application: { id: expect.any(Number), submittedDate: expect.any(String) },
				job: {
					id: expect.any(Number),
					reference: expect.any(String),
					title: expect.any(String),
					location: expect.any(String),
				},
				referenceNumber: null,
				reasonForFail: null,
				results: [],
				createdDate: expect.any(String),
				lastModifiedDate: expect.any(String),
			});
		});

		it('returns at most 5; queueing them reveals the rest', async () => {
			const created = await seed({ count: 7 });
			const first = stripFuzz((await list()).body) as any[];
			expect(first.map((check) => check.id)).toEqual(created.slice(0, 5).map((check) => check.id));
			for (const check of first)
				expect((await put(check.id, { status: 'queued' })).status).toBe(200);
			const second = stripFuzz((await list()).body) as any[];
			expect(second.map((check) => check.id)).toEqual(created.slice(5).map((check) => check.id));
			for (const check of second) await put(check.id, { status: 'queued' });
			expect((await list()).body).toEqual([]);
		});

		it('lists only pending checks and filters by provider when asked', async () => {
			const [pending] = await seed({ count: 1 });
			await seed({ count: 1, status: 'inprogress' });
			const [other] = await seed({ count: 1, provider: 'otherco' });
			const ids = async (query: string) =>
				((stripFuzz((await list(query)).body) as any[]) ?? []).map((check) => check.id);
			expect(await ids(`?status=pending&provider=${c.provider}`)).toEqual([pending.id]);
			expect(await ids('?status=pending&provider=otherco')).toEqual([other.id]);
			expect(await ids('?status=pending')).toEqual([pending.id, other.id]);
			const notPending = await list('?status=completed');
			expect(notPending.status).toBe(400);
		});
	});

	describe('fuzzy serializer', () => {
		it('adds one GUID-named GUID-valued property to every object', async () => {
			await seed({ count: 2 });
			const answer = await list();
			const objects = objectsIn(answer.body);
			expect(objects.length).toBeGreaterThan(8);
			for (const object of objects) {
				const guidKeys = Object.keys(object).filter(isGuid);
				expect(guidKeys).toHaveLength(1);
				expect(isGuid(object[guidKeys[0]])).toBe(true);
			}
		});

		it('shuffles key order and uses fresh GUIDs on every answer', async () => {
			await seed({ count: 3 });
			const orders = new Set<string>();
			const guids = new Set<string>();
			for (let i = 0; i < 5; i++) {
				const [first] = (await list()).body;
				orders.add(Object.keys(stripFuzz(first) as object).join(','));
				guids.add(Object.keys(first).filter(isGuid)[0]);
			}
			expect(orders.size).toBeGreaterThan(1);
			expect(guids.size).toBe(5);
		});

		it('also applies to PUT answers and errors', async () => {
			const [check] = await seed();
			const ok = await put(check.id, { status: 'queued' });
			expect(Object.keys(ok.body).filter(isGuid)).toHaveLength(1);
			const bad = await put(check.id, { status: 'bogus' });
			expect(bad.status).toBe(400);
			expect(Object.keys(bad.body).filter(isGuid)).toHaveLength(1);
		});

		it('is deterministic under a seed and can be switched off', async () => {
			const shape = async (s: RunningSandbox) => {
				const t = await pageUpToken(s);
				const body = (
					await json(`${s.url}/pageup/v3/${c.tenantId}/backgroundchecking`, {
						headers: { Authorization: `Bearer ${t}` },
					})
				).body;
				return JSON.stringify(objectsIn(body).map((o) => Object.keys(o)));
			};
			const a = await start({ seed: 42, demoData: true });
			const b = await start({ seed: 42, demoData: true });
			try {
				expect(await shape(a)).toEqual(await shape(b));
			} finally {
				await a.close();
				await b.close();
			}
			await seed();
			await sb.admin.request('PUT', '/pageup/settings', { fuzzy: false });
			expect(
				objectsIn((await list()).body).every((o) => Object.keys(o).every((k) => !isGuid(k))),
			).toBe(true);
		});
	});

	describe('PUT /v3/{tenantId}/backgroundchecking/{id}', () => {
		it('is a full override: fields not sent are cleared, and every PUT is kept in the history', async () => {
			const [check] = await seed();
			const completed = {
				status: 'completed',
				referenceNumber: 'BG-123',
				reasonForFail: '',
				results: [
					{ reportLink: 'https://results.example.com/123', reportType: 'result', status: 'pass' },
					{
						reportLink: 'https://results.example.com/123/extra',
						reportType: 'additional',
						status: 'pass',
					},
				],
			};
			const first = await put(check.id, completed);
			expect(first.status).toBe(200);
			expect(stripFuzz(first.body)).toMatchObject({
				id: check.id,
				status: 'completed',
				referenceNumber: 'BG-123',
				results: completed.results,
			});
			expect((await put(check.id, { status: 'inprogress' })).status).toBe(200);
			const state = await stored(check.id);
			expect(state).toMatchObject({
				status: 'inprogress',
				referenceNumber: null,
				reasonForFail: null,
				results: [],
			});
			expect(state.applicant).toEqual(check.applicant); // PageUp-owned data is not writable
			expect(state.history.map((h: any) => [h.statusBefore, h.statusAfter, h.httpStatus])).toEqual([
				['pending', 'completed', 200],
				['completed', 'inprogress', 200],
			]);
			expect(state.history[0].body).toEqual(completed);
		});

		it('allows queued -> pending and nothing else -> pending', async () => {
			const [check] = await seed();
			const toPending = await put(check.id, { status: 'pending' });
			expect(toPending.status).toBe(400); // pending -> pending
			await put(check.id, {
				status: 'completed',
				results: [{ reportType: 'result', reportLink: 'https://r.example.com/1', status: 'pass' }],
			});
			expect((await put(check.id, { status: 'pending' })).status).toBe(400);
			expect((await put(check.id, { status: 'queued' })).status).toBe(200);
			expect((await put(check.id, { status: 'pending' })).status).toBe(200);
			expect((stripFuzz((await list()).body) as any[]).map((x) => x.id)).toEqual([check.id]);
			const history = (await stored(check.id)).history;
			expect(history.map((h: any) => h.httpStatus)).toEqual([400, 200, 400, 200, 200]);
		});

		it.each(['new', 'inprogress', 'completed', 'cancelled', 'expired', 'queued'])(
			'accepts status %s',
			async (status) => {
				const [check] = await seed();
				expect((await put(check.id, { status })).status).toBe(200);
			},
		);

		it('requires reasonForFail for failed', async () => {
			const [check] = await seed();
			const missing = await put(check.id, { status: 'failed' });
			expect(missing.status).toBe(400);
			expect(JSON.stringify(missing.body)).toContain('reasonForFail');
			expect((await put(check.id, { status: 'failed', reasonForFail: '  ' })).status).toBe(400);
			const ok = await put(check.id, {
				status: 'failed',
				reasonForFail: 'missing mandatory fields',
			});
			expect(ok.status).toBe(200);
		});

		it('requires reportType on every result', async () => {
			const [check] = await seed();
			const answer = await put(check.id, {
				status: 'completed',
				results: [{ reportLink: 'https://r.example.com/1', status: 'pass' }],
			});
			expect(answer.status).toBe(400);
			expect(JSON.stringify(stripFuzz(answer.body))).toContain('results[0].reportType is required');
		});

		it('rejects unknown statuses, missing status and malformed JSON', async () => {
			const [check] = await seed();
			expect((await put(check.id, { status: 'done' })).status).toBe(400);
			expect((await put(check.id, { referenceNumber: 'x' })).status).toBe(400);
			const malformed = await json(api(`/${check.id}`), {
				method: 'PUT',
				headers: { ...auth(), 'Content-Type': 'application/json' },
				body: '{',
			});
			expect(malformed.status).toBe(400);
			expect((await stored(check.id)).status).toBe('pending');
		});
	});
});
