import { demoCredentials } from '../../../sandbox/server';
import { executeWorkflow, runPoll } from '../../../harness';
import { CodeStandIn } from '../../../harness/code-stand-in';
import { readExample, runnableNodes } from '../../../harness/examples';
import { exampleNodeTypes } from './example-node-types';
import { PageUpSandbox } from './sandbox-helpers';

/**
 * Template 5's top row (PageUp Trigger -> candidate details -> Order from Choice -> PageUp: New, with its error
 * paths) in-process against the sandbox, which plays PageUp and Choice: one check of five has a candidate
 * without a last name. Four orders, four checks New with the Choice order number, the fifth Failed with a
 * reason, none left queued.
 */

const workflow = readExample('5-pageup-to-choice.json');
const top = runnableNodes(workflow).filter((node) => node.position[1] < 300);
const trigger = workflow.nodes.find((node) => node.name === 'PageUp Trigger')!;
const sandbox = new PageUpSandbox();

beforeAll(async () => await sandbox.start());
afterAll(async () => await sandbox.close());

test('one invalid applicant among 5 checks: 4 orders, the fifth check failed with a reason, none left queued', async () => {
	await sandbox.admin.call('POST', '/reset', { demoData: false });
	const good = await sandbox.seed(4);
	const [bad] = (
		await sandbox.admin.call<{ checks: Array<{ id: number }> }>('POST', '/pageup/checks', {
			count: 1,
			applicant: { lastName: '' },
		})
	).checks.map((check) => String(check.id));
	const demo = demoCredentials.choiceScreening;
	const credentials = {
		...sandbox.credentials(),
		choiceScreeningApi: {
			authentication: 'apiKey',
			environment: 'custom',
			baseUrl: `${sandbox.url}/choice`,
			apiKey: demo.apiKey,
			apiKeyHeader: demo.apiKeyHeader,
		},
	};
	const poll = await runPoll(
		{ type: 'pageUpTrigger', parameters: trigger.parameters },
		{ credentials },
	);
	expect(poll.items.map((item) => item.json.id)).toEqual([...good, bad]);
	const run = await executeWorkflow(top, workflow.connections, {
		credentials,
		mode: 'trigger',
		input: poll.items,
		nodeTypes: exampleNodeTypes(new CodeStandIn()),
	});
	expect(run.run.data.resultData.error).toBeUndefined();

	const orders = run.output('Order from Choice');
	expect(orders).toHaveLength(4);
	const state = await sandbox.admin.call<{
		choice: { orders: Array<{ id: number; trackingId: string }> };
	}>('GET', '/state');
	expect(state.choice.orders.map((order) => order.trackingId)).toEqual(
		good.map((id) => `PAGEUP-${id}`),
	);
	const checks = new Map((await sandbox.checks()).map((check) => [String(check.id), check]));
	for (const [index, id] of good.entries()) {
		expect(checks.get(id)?.status).toBe('new');
		// The reference is the Choice order number, read from the node's normalised orderId.
		expect(checks.get(id)?.referenceNumber).toBe(`CHOICE-${state.choice.orders[index].id}`);
	}
	expect(checks.get(bad)?.status).toBe('failed');
	expect(checks.get(bad)?.reasonForFail).toMatch(
		new RegExp(
			`could not order this check: No candidate name for PageUp check ${bad}: add the candidate's first and last name in PageUp, then resend the check`,
		),
	);
	expect([...checks.values()].filter((check) => check.status === 'queued')).toEqual([]);
	expect(run.output('Not recorded in PageUp (alert here)')).toEqual([]);
});

test('a repeat (an earlier run did not finish) is failed with a note to look it up in Choice, not ordered again', async () => {
	await sandbox.admin.call('POST', '/reset', { demoData: false });
	const [id] = await sandbox.seed(1);
	const demo = demoCredentials.choiceScreening;
	const credentials = {
		...sandbox.credentials(),
		choiceScreeningApi: {
			authentication: 'apiKey',
			environment: 'custom',
			baseUrl: `${sandbox.url}/choice`,
			apiKey: demo.apiKey,
			apiKeyHeader: demo.apiKeyHeader,
		},
	};
	const poll = await runPoll(
		{ type: 'pageUpTrigger', parameters: trigger.parameters },
		{ credentials },
	);
	const repeat = poll.items.map((item) => ({ ...item, json: { ...item.json, repeat: true } }));
	const run = await executeWorkflow(top, workflow.connections, {
		credentials,
		mode: 'trigger',
		input: repeat,
		nodeTypes: exampleNodeTypes(new CodeStandIn()),
	});
	expect(run.output('Order from Choice')).toEqual([]);
	const [check] = await sandbox.checks();
	expect([check.id, check.status]).toEqual([Number(id), 'failed']);
	expect(check.reasonForFail).toContain(
		`may already be ordered from Choice (tracking ID PAGEUP-${id})`,
	);
});
