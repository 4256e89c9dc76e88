import { chain, executeWorkflow, makeNode, runPoll } from '../../../harness';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { pageUpSandboxCredentials, type SandboxCheck } from './sandbox-helpers';

/** The PageUp nodes against the running sandbox (real HTTP, fuzzy serializer on), not against nock. */

let sandbox: RunningSandbox;

async function sandboxChecks(): Promise<SandboxCheck[]> {
	const state = await sandbox.admin.call<{ pageUp: { fuzzy: boolean; checks: SandboxCheck[] } }>(
		'GET',
		'/state',
	);
	expect(state.pageUp.fuzzy).toBe(true);
	return state.pageUp.checks;
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, demoData: false });
});

afterAll(async () => {
	await sandbox?.close();
});

beforeEach(async () => {
	await sandbox.admin.call('POST', '/reset', { demoData: false });
});

test('23 seeded checks: one trigger poll drains them, each is then completed with a result; one claim each', async () => {
	const seeded = await sandbox.admin.call<{ checks: Array<{ id: number }> }>(
		'POST',
		'/pageup/checks',
		{
			count: 23,
		},
	);
	expect(seeded.checks).toHaveLength(23);
	const credentials = pageUpSandboxCredentials(sandbox.url);

	const poll = await runPoll({ type: 'pageUpTrigger', parameters: {} }, { credentials });
	expect(poll.items).toHaveLength(23);
	expect(new Set(poll.items.map((item) => item.json.id)).size).toBe(23);
	// Fuzz stripped: no GUID-named key survives, at any depth.
	expect(JSON.stringify(poll.items)).not.toMatch(
		/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\s*:/i,
	);

	// What n8n does next: the trigger's items flow into the rest of the workflow.
	const trigger = makeNode({ type: 'pageUpTrigger', name: 'PageUp Trigger' }, credentials, 0);
	const complete = makeNode(
		{
			type: 'pageUp',
			name: 'Completed',
			parameters: {
				resource: 'backgroundCheck',
				operation: 'updateStatus',
				checkId: '={{ $json.id }}',
				status: 'completed',
				referenceNumber: '={{ "BG-" + $json.id }}',
				results: {
					result: [
						{
							reportType: 'Criminal history',
							reportLink: '=https://reports.example-provider.test/checks/{{ $json.id }}',
							status: 'pass',
						},
					],
				},
			},
		},
		credentials,
		1,
	);
	const run = await executeWorkflow([trigger, complete], chain([trigger, complete]), {
		credentials,
		mode: 'trigger',
		input: poll.items,
	});
	expect(run.errorOf('Completed')).toBeUndefined();
	expect(run.output('Completed')).toHaveLength(23);

	const checks = await sandboxChecks();
	expect(checks).toHaveLength(23);
	for (const check of checks) {
		expect(check.status).toBe('completed');
		expect(check.referenceNumber).toBe(`BG-${check.id}`);
		expect(check.reasonForFail).toBe('');
		expect(check.results).toEqual([
			{
				reportType: 'Criminal history',
				reportLink: `https://reports.example-provider.test/checks/${check.id}`,
				status: 'pass',
			},
		]);
		const claims = check.history.filter(
			(put) => put.body.status === 'queued' && put.httpStatus === 200,
		);
		expect(claims).toHaveLength(1);
		expect(check.history.map((put) => [put.statusBefore, put.statusAfter])).toEqual([
			['pending', 'queued'],
			['queued', 'completed'],
		]);
	}
});

test('faults injected by the sandbox: a 429 on a read and a 503 on a claim are retried; nothing is lost or emitted twice', async () => {
	await sandbox.admin.call('POST', '/pageup/checks', { count: 8 });
	await sandbox.admin.call('POST', '/faults/fail-next', {
		vendor: 'pageup',
		route: 'list',
		count: 1,
		status: 429,
		retryAfterSeconds: 1,
	});
	await sandbox.admin.call('POST', '/faults/fail-next', {
		vendor: 'pageup',
		route: 'update',
		count: 1,
		status: 503,
	});
	const credentials = pageUpSandboxCredentials(sandbox.url);
	const staticData = {};
	const first = await runPoll(
		{ type: 'pageUpTrigger', parameters: {} },
		{ credentials, staticData },
	);
	const second = await runPoll(
		{ type: 'pageUpTrigger', parameters: {} },
		{ credentials, staticData: first.staticData },
	);
	const emitted = [...first.items, ...second.items].map((item) => item.json.id);
	expect(emitted).toHaveLength(8);
	expect(new Set(emitted).size).toBe(8);
	const checks = await sandboxChecks();
	expect(checks.every((check) => check.status === 'queued')).toBe(true);
});

test('Reset to Pending puts a completed check back on the list, and Get Pending reads it', async () => {
	const seeded = await sandbox.admin.call<{ checks: Array<{ id: number }> }>(
		'POST',
		'/pageup/checks',
		{
			count: 1,
			status: 'completed',
		},
	);
	const id = String(seeded.checks[0].id);
	const credentials = pageUpSandboxCredentials(sandbox.url);
	const reset = makeNode(
		{
			type: 'pageUp',
			name: 'Reset',
			parameters: { resource: 'backgroundCheck', operation: 'resetToPending', checkId: id },
		},
		credentials,
		1,
	);
	const read = makeNode(
		{
			type: 'pageUp',
			name: 'Read',
			parameters: { resource: 'backgroundCheck', operation: 'getPending', provider: 'bg' },
		},
		credentials,
		2,
	);
	const start = makeNode({ type: 'harness.start', name: 'Start' }, credentials, 0);
	const run = await executeWorkflow([start, reset, read], chain([start, reset, read]), {
		credentials,
	});
	expect(run.errorOf('Reset')).toBeUndefined();
	expect(run.output('Read').map((item) => item.json.id)).toEqual([id]);
	const [check] = await sandboxChecks();
	expect(check.history.map((put) => put.body)).toEqual([
		{ status: 'queued' },
		{ status: 'pending' },
	]);
});
