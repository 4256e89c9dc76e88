import { runNode, runPoll } from '../../../harness';
import { PageUpSandbox } from './sandbox-helpers';

/** Issue 11: claims and updates whose answer is lost, against the sandbox (real HTTP, fuzzy serializer on). */

const sandbox = new PageUpSandbox();
const trigger = { type: 'pageUpTrigger', parameters: { options: { concurrency: 1 } } };

beforeAll(async () => await sandbox.start());
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	await sandbox.admin.call('POST', '/reset', { demoData: false });
});

const failNext = async (route: string, status: number | 'drop' | 'applyThenDrop', count = 1) =>
	await sandbox.admin.call('POST', '/faults/fail-next', { vendor: 'pageup', route, count, status });

const ids = (items: Array<{ json: Record<string, unknown> }>) => items.map((item) => item.json.id);

describe.each([false, true])(
	'PageUp refuses a PUT repeating the current status: %s',
	(rejectRepeatedStatus) => {
		beforeEach(async () => {
			await sandbox.admin.call('PUT', '/pageup/settings', { rejectRepeatedStatus });
		});

		test('a claim applied whose answer is lost is retried and counts as claimed: emitted once', async () => {
			const [id] = await sandbox.seed(1);
			await failNext('update', 'applyThenDrop');
			const { items } = await runPoll(trigger, { credentials: sandbox.credentials() });
			expect(ids(items)).toEqual([id]);
			expect(items[0].json.claim).toBeUndefined();
			const [check] = await sandbox.checks();
			expect(check.status).toBe('queued');
			expect(check.history.map((put) => [put.statusBefore, put.httpStatus])).toEqual([
				['pending', 200],
				['queued', rejectRepeatedStatus ? 400 : 200],
			]);
		});

		test('a claim applied, then every retry failing: settled on the same poll once the list is empty (claim: recovered)', async () => {
			const [id] = await sandbox.seed(1);
			await failNext('update', 'applyThenDrop');
			await failNext('update', 500, 2);
			const { items } = await runPoll(trigger, { credentials: sandbox.credentials() });
			expect(ids(items)).toEqual([id]);
			expect(items[0].json).toMatchObject({ id, status: 'pending', claim: 'recovered' });
			expect((await sandbox.checks())[0].status).toBe('queued');
		});

		test('an unsettled claim survives in static data and is settled on the next poll', async () => {
			const [first, second, third] = await sandbox.seed(3);
			await failNext('update', 'applyThenDrop');
			await failNext('update', 500, 2);
			const credentials = sandbox.credentials();
			// Two claims per poll (a claim without an answer counts): the first gets no answer (it was applied), the
			// second is claimed, and the poll stops at its maximum before the list has been read to its end.
			const spec = {
				type: 'pageUpTrigger',
				parameters: { options: { concurrency: 1, maxChecksPerPoll: 2 } },
			};
			const one = await runPoll(spec, { credentials, staticData: {} });
			expect(ids(one.items)).toEqual([second]);
			expect(JSON.stringify(one.staticData)).toContain('unsettledClaims');
			const two = await runPoll(spec, { credentials, staticData: one.staticData });
			expect(ids(two.items)).toEqual([third, first]);
			expect(two.items.map((item) => item.json.claim)).toEqual([undefined, 'recovered']);
			const three = await runPoll(spec, { credentials, staticData: two.staticData });
			expect(three.result).toBeNull();
			expect((await sandbox.checks()).map((check) => check.status)).toEqual([
				'queued',
				'queued',
				'queued',
			]);
		});

		test('a claim whose answer is lost and that was not applied: listed again, it is said to stay pending; the next poll takes it', async () => {
			const [id] = await sandbox.seed(1);
			await failNext('update', 'drop');
			await failNext('update', 500, 2);
			const credentials = sandbox.credentials();
			const error = await runPoll(trigger, { credentials }).then(
				() => undefined,
				(e: Error & { description?: string }) => e,
			);
			expect(error?.description).toContain(`Could not claim check ${id}`);
			expect(error?.description).toContain('it stays pending');
			expect((await sandbox.checks())[0].status).toBe('pending');
			const next = await runPoll(trigger, { credentials });
			expect(ids(next.items)).toEqual([id]);
			expect(next.items[0].json.claim).toBeUndefined();
		});

		test('Update Status: a retry after a lost answer counts as done, whatever PageUp says to the repeat', async () => {
			const [id] = await sandbox.seed(1);
			const credentials = sandbox.credentials();
			await runPoll(trigger, { credentials });
			await failNext('update', 'applyThenDrop');
			const { items, error } = await runNode(
				{
					type: 'pageUp',
					parameters: {
						resource: 'backgroundCheck',
						operation: 'updateStatus',
						checkId: id,
						status: 'new',
						referenceNumber: 'BG-1',
					},
				},
				{ credentials },
			);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({
				id,
				status: 'new',
				...(rejectRepeatedStatus ? { probablyApplied: true, refusal: { httpCode: 400 } } : {}),
			});
			const [check] = await sandbox.checks();
			expect(check.status).toBe('new');
			expect(check.referenceNumber).toBe('BG-1');
			expect(
				check.history.filter((put) => put.body.status === 'new').map((put) => put.httpStatus),
			).toEqual([200, rejectRepeatedStatus ? 400 : 200]);
		});
	},
);

test('without a lost answer, a refused repeat is a real error (nothing is assumed)', async () => {
	const [id] = await sandbox.seed(1);
	await sandbox.admin.call('PUT', '/pageup/settings', { rejectRepeatedStatus: true });
	const credentials = sandbox.credentials();
	await runPoll(trigger, { credentials });
	const { error } = await runNode(
		{
			type: 'pageUp',
			parameters: {
				resource: 'backgroundCheck',
				operation: 'updateStatus',
				checkId: id,
				status: 'queued',
			},
		},
		{ credentials },
	);
	expect(error?.message).toContain('The request is invalid.');
});

test('Return to Pending: a queued check goes back to the list with one PUT, and the next poll takes it again', async () => {
	const [id] = await sandbox.seed(1);
	const credentials = sandbox.credentials();
	const staticData = {};
	const first = await runPoll(trigger, { credentials, staticData });
	expect(ids(first.items)).toEqual([id]);
	const { items, error } = await runNode(
		{
			type: 'pageUp',
			parameters: {
				resource: 'backgroundCheck',
				operation: 'returnToPending',
				checkId: id,
				reason: 'provider system down',
			},
		},
		{ credentials },
	);
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ id, status: 'pending', reason: 'provider system down' });
	const [check] = await sandbox.checks();
	expect(check.history.map((put) => put.body)).toEqual([
		{ status: 'queued' },
		{ status: 'pending' },
	]);
	const second = await runPoll(trigger, { credentials, staticData: first.staticData });
	expect(ids(second.items)).toEqual([id]);
});

test('Get Pending with Claim: a claim left without an answer says how to settle it (nothing outlives the call)', async () => {
	await sandbox.seed(2);
	await failNext('update', 'applyThenDrop');
	await failNext('update', 500, 2);
	const { error } = await runNode(
		{
			type: 'pageUp',
			parameters: {
				resource: 'backgroundCheck',
				operation: 'getPending',
				claim: true,
				limit: 1,
				options: { concurrency: 1 },
			},
		},
		{ credentials: sandbox.credentials() },
	);
	expect((error as { description?: string } | undefined)?.description).toContain(
		'No clear answer to the claim of check 10001: PageUp may have set it to queued. Run Get Pending again',
	);
	expect((await sandbox.checks()).map((check) => check.status)).toEqual(['queued', 'pending']);
});
