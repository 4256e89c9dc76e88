import type { IDataObject } from 'n8n-workflow';

import { runNode, runPoll } from '../../../harness';
import { PageUpSandbox } from './sandbox-helpers';

/**
 * The trigger's lease: a check emitted and not settled within the lease is given back to the workflow
 * (returned to pending when still queued, else emitted again with its id), flagged `repeat: true` with its
 * `attempt`. Settlement is learned from the PageUp node's updates in this process, else from PageUp's refusal
 * of `pending`. Time passes by ageing the stored leases (no timed tests).
 */

const sandbox = new PageUpSandbox();
const trigger = { type: 'pageUpTrigger', parameters: { options: { concurrency: 1 } } };

beforeAll(async () => await sandbox.start());
afterAll(async () => await sandbox.close());
beforeEach(async () => await sandbox.admin.call('POST', '/reset', { demoData: false }));

type Lease = { attempt: number; claimedAt: number };
const leasesOf = (staticData: IDataObject) =>
	Object.fromEntries(
		((staticData['node:PageUp Trigger'] as IDataObject).leases as Array<[string, Lease]>) ?? [],
	);
/** Moves every lease `minutes` into the past, as if that time had passed since the emission. */
function age(staticData: IDataObject, minutes: number) {
	const node = staticData['node:PageUp Trigger'] as IDataObject;
	node.leases = (node.leases as Array<[string, Lease]>).map(([id, lease]) => [
		id,
		{ ...lease, claimedAt: lease.claimedAt - minutes * 60_000 },
	]) as unknown as IDataObject[];
}
const view = (items: Array<{ json: IDataObject }>) =>
	items.map(({ json }) => [json.id, json.attempt, json.repeat, json.claim ?? null]);

const update = (credentials: IDataObject, checkId: string, status: string, extra = {}) =>
	runNode(
		{
			type: 'pageUp',
			parameters: {
				resource: 'backgroundCheck',
				operation: 'updateStatus',
				checkId,
				status,
				referenceNumber: `BG-${checkId}`,
				...extra,
			} as never,
		},
		{ credentials: credentials as never },
	);
const complete = (credentials: IDataObject, id: string) =>
	update(credentials, id, 'completed', {
		results: { result: [{ reportType: 'Check', reportLink: `https://r.test/${id}` }] },
	});

test('every emission carries its attempt; the lease keeps only id, attempt and time', async () => {
	const ids = await sandbox.seed(2);
	const { items, staticData } = await runPoll(trigger, { credentials: sandbox.credentials() });
	expect(view(items)).toEqual(ids.map((id) => [id, 1, false, null]));
	const leases = leasesOf(staticData);
	expect(Object.keys(leases)).toEqual(ids);
	for (const lease of Object.values(leases))
		expect(Object.keys(lease).sort()).toEqual(['attempt', 'claimedAt']);
});

test('n8n stopped after the claim: once the lease runs out the check goes back to pending and is emitted again as a repeat', async () => {
	const [id] = await sandbox.seed(1);
	const credentials = sandbox.credentials();
	const first = await runPoll(trigger, { credentials });
	// Nothing ran. Within the lease nothing happens:
	const early = await runPoll(trigger, { credentials, staticData: first.staticData });
	expect(early.items).toEqual([]);
	age(first.staticData, 31);
	const second = await runPoll(trigger, { credentials, staticData: first.staticData });
	expect(view(second.items)).toEqual([[id, 2, true, null]]);
	const [check] = await sandbox.checks();
	expect(check.status).toBe('queued');
	expect(check.history.map((put) => put.body.status)).toEqual(['queued', 'pending', 'queued']);
});

test('n8n stopped after Set New: PageUp refuses pending, the check is emitted again with its id', async () => {
	const [id] = await sandbox.seed(1);
	const credentials = sandbox.credentials();
	const first = await runPoll(trigger, { credentials });
	await update(credentials, id, 'new');
	age(first.staticData, 31);
	const second = await runPoll(trigger, { credentials, staticData: first.staticData });
	expect(second.items.map((item) => item.json)).toEqual([
		{ id, attempt: 2, repeat: true, claim: 'leaseExpired' },
	]);
	expect(leasesOf(second.staticData)[id].attempt).toBe(2);
});

test('completed by the PageUp node in this process: settled, no request to PageUp at lease time', async () => {
	const [id] = await sandbox.seed(1);
	const credentials = sandbox.credentials();
	const first = await runPoll(trigger, { credentials });
	await complete(credentials, id);
	age(first.staticData, 31);
	const second = await runPoll(trigger, { credentials, staticData: first.staticData });
	expect(second.items).toEqual([]);
	expect(leasesOf(second.staticData)).toEqual({});
	const [check] = await sandbox.checks();
	expect(check.history.map((put) => put.body.status)).toEqual(['queued', 'completed']);
});

test('completed by another n8n process (no note here): PageUp refuses pending naming completed, settled', async () => {
	const [id] = await sandbox.seed(1);
	const credentials = sandbox.credentials();
	const first = await runPoll(trigger, { credentials });
	// The same sandbox under another address: the node's note is filed under another account.
	const elsewhere = {
		pageUpApi: {
			...credentials.pageUpApi,
			apiBaseUrl: credentials.pageUpApi.apiBaseUrl.replace('127.0.0.1', 'localhost'),
			tokenUrl: credentials.pageUpApi.tokenUrl.replace('127.0.0.1', 'localhost'),
		},
	};
	await complete(elsewhere, id);
	age(first.staticData, 31);
	const second = await runPoll(trigger, { credentials, staticData: first.staticData });
	expect(second.items).toEqual([]);
	expect(leasesOf(second.staticData)).toEqual({});
	const [check] = await sandbox.checks();
	expect(check.status).toBe('completed');
});

test('Settled Statuses with New: a check handed on at New is settled', async () => {
	const [id] = await sandbox.seed(1);
	const credentials = sandbox.credentials();
	const handOff = {
		...trigger,
		parameters: {
			options: {
				concurrency: 1,
				settledStatuses: ['new', 'completed', 'failed', 'cancelled', 'expired'],
			},
		},
	};
	const first = await runPoll(handOff, { credentials });
	await update(credentials, id, 'new');
	age(first.staticData, 31);
	const second = await runPoll(handOff, { credentials, staticData: first.staticData });
	expect(second.items).toEqual([]);
	expect(leasesOf(second.staticData)).toEqual({});
});

test('returned to pending by the workflow: taken again with the next attempt, not a repeat', async () => {
	const [id] = await sandbox.seed(1);
	const credentials = sandbox.credentials();
	const first = await runPoll(trigger, { credentials });
	await runNode(
		{
			type: 'pageUp',
			parameters: {
				resource: 'backgroundCheck',
				operation: 'returnToPending',
				checkId: id,
			} as never,
		},
		{ credentials },
	);
	const second = await runPoll(trigger, { credentials, staticData: first.staticData });
	expect(view(second.items)).toEqual([[id, 2, false, null]]);
});

test('never settled: emitted again up to 5 times, then left with an error in the log', async () => {
	const [id] = await sandbox.seed(1);
	const credentials = sandbox.credentials();
	let { staticData, items } = await runPoll(trigger, { credentials });
	await update(credentials, id, 'inprogress');
	const attempts = [items[0].json.attempt];
	for (let poll = 0; poll < 6; poll++) {
		age(staticData, 31);
		({ staticData, items } = await runPoll(trigger, { credentials, staticData }));
		attempts.push(...items.map((item) => item.json.attempt));
	}
	expect(attempts).toEqual([1, 2, 3, 4, 5]);
	expect(leasesOf(staticData)).toEqual({});
});

test('Give Back Unsettled Checks After 0: off', async () => {
	await sandbox.seed(1);
	const credentials = sandbox.credentials();
	const off = { ...trigger, parameters: { options: { concurrency: 1, leaseMinutes: 0 } } };
	const first = await runPoll(off, { credentials });
	age(first.staticData, 10_000);
	const second = await runPoll(off, { credentials, staticData: first.staticData });
	expect(second.items).toEqual([]);
});
