import { executeWorkflow, runPoll } from '../../../harness';
import { readExample, runnableNodes } from '../../../harness/examples';
import { exampleNodeTypes } from './example-node-types';
import { PageUpSandbox, type SandboxCheck } from './sandbox-helpers';

/**
 * Example 1 in-process (n8n-core's WorkflowExecute) against the sandbox with issue 11's fault mix, in both
 * repeat-status settings: polls and executions until nothing is pending or queued. The same run in a real n8n
 * with 1,000 checks is `npm run test:soak`.
 */

const CHECKS = 50;
const workflow = readExample('1-pageup-status-flow.json');
const trigger = workflow.nodes.find((node) => node.name === 'PageUp Trigger')!;
const sandbox = new PageUpSandbox();

beforeAll(async () => await sandbox.start());
afterAll(async () => await sandbox.close());

async function faultsOn() {
	await sandbox.admin.call('POST', '/faults', {
		vendor: 'pageup',
		rateLimit: { retryAfterSeconds: 1, rate: 0.02 },
		tokenTtlSeconds: 20,
	});
	await sandbox.admin.call('POST', '/faults', {
		vendor: 'pageup',
		route: 'update',
		errorRate: 0.1,
		errorStatuses: [500],
		applyThenDropRate: 0.03,
	});
	await sandbox.admin.call('POST', '/faults', {
		vendor: 'pageup',
		route: 'list',
		errorRate: 0.05,
		errorStatuses: [503],
	});
}

test.each([
	[false, 'already'],
	[true, 'already'],
	[true, 'bare400'],
	[true, 'emptyJson400'],
	[true, 'conflict409'],
	[true, 'unprocessable422'],
	[true, 'bothStatuses'],
])(
	'rejectRepeatedStatus %s (refusal worded %s): every check ends completed or failed with a reason; none stranded; no unexplained second New',
	async (rejectRepeatedStatus, repeatRefusal) => {
		await sandbox.admin.call('POST', '/reset', { demoData: false });
		const ids = await sandbox.seed(CHECKS);
		await sandbox.admin.call('PUT', '/pageup/settings', { rejectRepeatedStatus, repeatRefusal });
		await faultsOn();
		const credentials = sandbox.credentials();
		let staticData = {};
		let checks: SandboxCheck[] = [];
		const executionErrors: string[] = [];
		for (let round = 0; round < 40; round++) {
			try {
				const poll = await runPoll(
					{ type: 'pageUpTrigger', parameters: trigger.parameters },
					{ credentials, staticData },
				);
				staticData = poll.staticData;
				if (poll.items.length > 0) {
					const run = await executeWorkflow(runnableNodes(workflow), workflow.connections, {
						credentials,
						mode: 'trigger',
						input: poll.items,
						nodeTypes: exampleNodeTypes(),
					});
					const error = run.run.data.resultData.error;
					if (error) executionErrors.push(error.message);
				}
			} catch {
				// A poll that took nothing fails; the next one tries again.
			}
			checks = await sandbox.checks();
			if (checks.every((check) => check.status === 'completed' || check.status === 'failed')) break;
		}
		await sandbox.admin.call('DELETE', '/faults');
		expect(executionErrors).toEqual([]);
		if (rejectRepeatedStatus && repeatRefusal !== 'already') {
			// The wording was met: at least one retry after a lost answer was refused that way.
			const refused = checks.flatMap((check) =>
				check.history.filter((put) =>
					String((put as { error?: string }).error).includes(`(${repeatRefusal})`),
				),
			);
			expect(refused.length).toBeGreaterThan(0);
		}
		expect(checks.map((check) => String(check.id))).toEqual(ids);
		expect(
			checks
				.filter((c) => c.status !== 'completed' && c.status !== 'failed')
				.map((c) => [c.id, c.status]),
		).toEqual([]);
		for (const check of checks) {
			if (check.status === 'failed') expect(check.reasonForFail?.trim()).toBeTruthy();
			const news = check.history.filter(
				(put) => put.body.status === 'new' && put.httpStatus === 200,
			);
			const lost = news.filter((put) => (put as { answerLost?: true }).answerLost).length;
			expect({ id: check.id, extraNews: Math.max(0, news.length - 1 - lost) }).toEqual({
				id: check.id,
				extraNews: 0,
			});
		}
	},
	240_000,
);
