import { executeWorkflow, runPoll } from '../../../harness';
import { readExample, runnableNodes } from '../../../harness/examples';
import { exampleNodeTypes } from './example-node-types';
import { PageUpSandbox } from './sandbox-helpers';

/**
 * Example 1 run in-process (n8n-core's WorkflowExecute) against the sandbox, with Set New failing for 3 of 10
 * checks: those 3 go back to pending through the error output, the other 7 complete, and the next poll takes the
 * 3 again (issue 11).
 */

const workflow = readExample('1-pageup-status-flow.json');
const sandbox = new PageUpSandbox();

beforeAll(async () => {
	await sandbox.start();
	await sandbox.admin.call('POST', '/reset', { demoData: false });
});
afterAll(async () => await sandbox.close());

test("the stand-in plays the example's Code node", () => {
	const code = workflow.nodes.find((node) => node.name === 'Provider system (stand-in)');
	expect(String(code?.parameters.jsCode)).toContain("referenceNumber: 'BG-' + $json.id");
});

test('Set New fails for 3 of 10 checks: those 3 return to pending and the next poll takes them; all 10 complete', async () => {
	const ids = await sandbox.seed(10);
	const credentials = sandbox.credentials();
	const trigger = workflow.nodes.find((node) => node.name === 'PageUp Trigger')!;
	const nodes = runnableNodes(workflow);
	expect(nodes[0].name).toBe('PageUp Trigger');

	const first = await runPoll(
		{ type: 'pageUpTrigger', parameters: trigger.parameters },
		{ credentials },
	);
	expect(first.items.map((item) => item.json.id)).toEqual(ids);
	// The next three PUTs (Set New of the first three checks) are refused.
	await sandbox.admin.call('POST', '/faults/fail-next', {
		vendor: 'pageup',
		route: 'update',
		count: 3,
		status: 400,
	});
	const run = await executeWorkflow(nodes, workflow.connections, {
		credentials,
		mode: 'trigger',
		input: first.items,
		nodeTypes: exampleNodeTypes(),
	});
	expect(run.run.data.resultData.error).toBeUndefined();
	expect(run.output('Set Completed').map((item) => item.json.id)).toEqual(ids.slice(3));
	expect(run.output('Return to Pending').map((item) => item.json.id)).toEqual(ids.slice(0, 3));
	expect(run.output('Set Failed')).toEqual([]);

	const afterFirst = new Map(
		(await sandbox.checks()).map((check) => [String(check.id), check.status]),
	);
	expect(ids.map((id) => afterFirst.get(id))).toEqual([
		...Array(3).fill('pending'),
		...Array(7).fill('completed'),
	]);

	const second = await runPoll(
		{ type: 'pageUpTrigger', parameters: trigger.parameters },
		{ credentials, staticData: first.staticData },
	);
	expect(second.items.map((item) => item.json.id)).toEqual(ids.slice(0, 3));
	const again = await executeWorkflow(nodes, workflow.connections, {
		credentials,
		mode: 'trigger',
		input: second.items,
		nodeTypes: exampleNodeTypes(),
	});
	expect(again.output('Set Completed').map((item) => item.json.id)).toEqual(ids.slice(0, 3));

	const checks = await sandbox.checks();
	expect(checks.map((check) => check.status)).toEqual(Array(10).fill('completed'));
	for (const check of checks.slice(0, 3)) {
		// (The refused Set New was an injected fault: it never reached the check's history.)
		expect(check.history.map((put) => [put.body.status, put.httpStatus])).toEqual([
			['queued', 200],
			['pending', 200],
			['queued', 200],
			['new', 200],
			['inprogress', 200],
			['completed', 200],
		]);
	}
});
