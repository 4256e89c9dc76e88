import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { executeWorkflow, runPoll } from '../../../harness';
import { readExample, runnableNodes } from '../../../harness/examples';
import { exampleNodeTypes } from './example-node-types';
import { PageUpSandbox } from './sandbox-helpers';

/**
 * Example 1 run in-process (n8n-core's WorkflowExecute) against the sandbox with per-check failures: a
 * failure that will not pass (400) fails the check at once with a reason; one that may pass (503) returns it
 * to pending while the trigger has emitted it fewer than 3 times, then fails it; and when Set Failed itself
 * fails, the check lands on the alert path and the other checks carry on.
 */

const workflow = readExample('1-pageup-status-flow.json');
const trigger = workflow.nodes.find((node) => node.name === 'PageUp Trigger')!;
const sandbox = new PageUpSandbox();
const TENANT = '218';

beforeAll(async () => await sandbox.start());
afterAll(async () => await sandbox.close());
beforeEach(async () => await sandbox.admin.call('POST', '/reset', { demoData: false }));

test("the stand-in plays the example's Code node", () => {
	const code = workflow.nodes.find((node) => node.name === 'Provider system (stand-in)');
	expect(String(code?.parameters.jsCode)).toContain("referenceNumber: 'BG-' + $json.id");
});

/** The next `count` PUTs of check `id` get `status`. */
const failPuts = async (id: string, status: number, count: number) =>
	await sandbox.admin.call('POST', '/faults/fail-next', {
		vendor: 'pageup',
		route: `/v3/${TENANT}/backgroundchecking/${id}`,
		count,
		status,
	});

/** One poll and, when it emitted, one execution of example 1 (`faults` are set in between). */
async function pollAndRun(
	staticData: IDataObject,
	faults: () => Promise<unknown> = async () => {},
) {
	const poll = await runPoll(
		{ type: 'pageUpTrigger', parameters: trigger.parameters },
		{ credentials: sandbox.credentials(), staticData },
	);
	if (poll.items.length === 0) return { poll, run: undefined };
	await faults();
	const run = await executeWorkflow(runnableNodes(workflow), workflow.connections, {
		credentials: sandbox.credentials(),
		mode: 'trigger',
		input: poll.items,
		nodeTypes: exampleNodeTypes(),
	});
	expect(run.run.data.resultData.error).toBeUndefined();
	return { poll, run };
}

const idsOf = (items: INodeExecutionData[]) => items.map((item) => String(item.json.id));
const byId = async () =>
	new Map((await sandbox.checks()).map((check) => [String(check.id), check] as const));

test('Set New fails with 400 for 2 of 10 and with 503 for 2 others: the 400s fail at once, the 503s go back until the bound', async () => {
	const ids = await sandbox.seed(10);
	const [bad1, bad2, flaky, down] = ids;
	const staticData: IDataObject = {};

	// Poll 1 claims all ten; then Set New is refused for two and unavailable (3 attempts each) for two.
	const first = await runPoll(
		{ type: 'pageUpTrigger', parameters: trigger.parameters },
		{ credentials: sandbox.credentials(), staticData },
	);
	expect(first.items.map((item) => [item.json.id, item.json.attempt])).toEqual(
		ids.map((id) => [id, 1]),
	);
	await failPuts(bad1, 400, 1);
	await failPuts(bad2, 400, 1);
	await failPuts(flaky, 503, 3);
	await failPuts(down, 503, 3);
	const run1 = await executeWorkflow(runnableNodes(workflow), workflow.connections, {
		credentials: sandbox.credentials(),
		mode: 'trigger',
		input: first.items,
		nodeTypes: exampleNodeTypes(),
	});
	expect(run1.run.data.resultData.error).toBeUndefined();
	expect(idsOf(run1.output('Return to Pending'))).toEqual([flaky, down]);
	expect(idsOf(run1.output('Set Failed'))).toEqual([bad1, bad2]);
	expect(idsOf(run1.output('Set Completed'))).toEqual(ids.slice(4));
	let checks = await byId();
	for (const id of [bad1, bad2]) {
		expect(checks.get(id)?.status).toBe('failed');
		expect(checks.get(id)?.reasonForFail).toMatch(
			/could not process this check: PageUp: .*Please check the candidate details in PageUp and resend the check/,
		);
	}
	expect([flaky, down].map((id) => checks.get(id)?.status)).toEqual(['pending', 'pending']);

	// Poll 2 (attempt 2): both still unavailable, both go back again.
	const second = await pollAndRun(staticData, async () => {
		await failPuts(flaky, 503, 3);
		await failPuts(down, 503, 3);
	});
	expect(
		second.poll.items.map((item) => [item.json.id, item.json.attempt, item.json.repeat]),
	).toEqual([
		[flaky, 2, false],
		[down, 2, false],
	]);
	expect(idsOf(second.run!.output('Return to Pending'))).toEqual([flaky, down]);

	// Poll 3 (attempt 3, the bound): one works now and completes; the other fails with the attempts named.
	const third = await pollAndRun(staticData, () => failPuts(down, 503, 3));
	expect(third.poll.items.map((item) => item.json.attempt)).toEqual([3, 3]);
	expect(idsOf(third.run!.output('Set Completed'))).toEqual([flaky]);
	expect(idsOf(third.run!.output('Set Failed'))).toEqual([down]);
	expect(idsOf(third.run!.output('Return to Pending'))).toEqual([]);

	// Nothing loops past the bound: the next poll has nothing to take.
	const fourth = await pollAndRun(staticData);
	expect(fourth.poll.items).toEqual([]);

	checks = await byId();
	expect(ids.map((id) => checks.get(id)?.status)).toEqual([
		'failed',
		'failed',
		'completed',
		'failed',
		...Array(6).fill('completed'),
	]);
	expect(checks.get(down)?.reasonForFail).toMatch(
		/could not process this check after 3 attempts \(PageUp: .*\[temporary\]\)\. Please resend the check later/,
	);
	// Each check was claimed once per attempt and never more.
	const claims = (id: string) =>
		checks.get(id)!.history.filter((put) => put.body.status === 'queued' && put.httpStatus === 200)
			.length;
	expect([bad1, bad2, flaky, down].map(claims)).toEqual([1, 1, 3, 3]);
});

test('Set Failed itself fails for 1 check of 10: it lands on the alert path, the other nine complete', async () => {
	const ids = await sandbox.seed(10);
	const staticData: IDataObject = {};
	const poll = await runPoll(
		{ type: 'pageUpTrigger', parameters: trigger.parameters },
		{ credentials: sandbox.credentials(), staticData },
	);
	// Set New refused (400), then Set Failed refused too (400).
	await failPuts(ids[4], 400, 2);
	const run = await executeWorkflow(runnableNodes(workflow), workflow.connections, {
		credentials: sandbox.credentials(),
		mode: 'trigger',
		input: poll.items,
		nodeTypes: exampleNodeTypes(),
	});
	expect(run.run.data.resultData.error).toBeUndefined();
	expect(idsOf(run.output('Set Completed'))).toEqual(ids.filter((id) => id !== ids[4]));
	const alert = run.output('Not recorded in PageUp (alert here)');
	expect(alert).toHaveLength(1);
	expect(String(alert[0].json.error)).toContain('PageUp');
	expect(alert[0].pairedItem).toEqual({ item: 0 });
	const checks = await byId();
	expect(ids.map((id) => checks.get(id)?.status)).toEqual([
		...Array(4).fill('completed'),
		'queued',
		...Array(5).fill('completed'),
	]);
});
