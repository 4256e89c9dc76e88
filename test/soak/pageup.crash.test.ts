import fs from 'node:fs';
import path from 'node:path';

import {
	loadExampleWorkflows,
	startStack,
	stdoutLog,
	type Stack,
	type WorkflowInput,
} from '../../scripts/runtime';
import { startTestStack } from '../e2e/helpers';
import { executionsOf, forcePoll, unpublish } from './force-poll';

/**
 * Crash suite: example 1 published in a real n8n against the sandbox, killed with SIGKILL during an execution.
 * Regular mode: n8n itself, at three moments (just after the claim, mid-way through Set New, mid-way through Set
 * Completed), then started again on the same user folder. Queue mode: the worker running the execution, mid-way
 * through Set New (main, the other worker, PostgreSQL and Redis keep running). Every check must end `completed` or
 * `failed` with a reason (none `pending`, `queued`, `new` or `inprogress`); the repeats (items with `repeat: true`)
 * are counted and printed, with the times. The trigger's lease is 15 s here (default 30 minutes).
 *   flock /tmp/n8n.lock npm run test:crash        (BGC_CRASH_CHECKS: checks per scenario, default 105)
 */

const CHECKS = Number(process.env.BGC_CRASH_CHECKS ?? 105);
const LEASE_MINUTES = 0.25;
/** Per-scenario limit for every check to settle after the kill. */
const SETTLE_LIMIT_MS = 180_000;

interface StateCheck {
	id: number;
	status: string;
	reasonForFail: string | null;
}

type CrashStack = Awaited<ReturnType<typeof startTestStack>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = (checks: StateCheck[], ...statuses: string[]) =>
	checks.filter((check) => statuses.includes(check.status)).length;
const summary = (checks: StateCheck[]) =>
	['pending', 'queued', 'new', 'inprogress', 'completed', 'failed']
		.map((status) => `${count(checks, status)} ${status}`)
		.join(', ');

const MOMENTS = {
	// Every check claimed (queued) and the execution started, before the workflow has moved half of them on.
	'just after the claim': (c: StateCheck[]) =>
		count(c, 'pending') === 0 && count(c, 'new') < c.length / 2,
	'mid-way through Set New': (c: StateCheck[]) => count(c, 'new') >= c.length / 2,
	'mid-way through Set Completed': (c: StateCheck[]) => count(c, 'completed') >= c.length / 2,
};
type Moment = keyof typeof MOMENTS;

/** Example 1 with polls forced by publishing (n8n polls on activation), no cron poll, and a 15 s lease. */
function crashWorkflow(): WorkflowInput {
	const example = loadExampleWorkflows().find((w) => w.name.startsWith('1.'));
	if (!example) throw new Error('example 1 not found');
	return {
		...example,
		nodes: example.nodes.map((node) =>
			node.type.endsWith('.pageUpTrigger')
				? {
						...node,
						parameters: {
							...(node.parameters as Record<string, unknown>),
							pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 1 1 *' }] },
							options: { maxChecksPerPoll: 500, leaseMinutes: LEASE_MINUTES },
						},
					}
				: node,
		),
	};
}

/** SIGKILL to a process group (the process and its task runner), as a crash or an out-of-memory kill does. */
async function killGroup(pid: number): Promise<void> {
	process.kill(-pid, 'SIGKILL');
	for (let i = 0; i < 100; i++) {
		try {
			process.kill(pid, 0);
		} catch {
			return;
		}
		await sleep(100);
	}
	throw new Error(`process ${pid} did not exit after SIGKILL`);
}

const results: string[] = [];
afterAll(() => process.stdout.write(`\n[crash] ${results.join('\n[crash] ')}\n`));

/**
 * One scenario: seed, publish (the activation poll claims every check and starts the execution), wait for
 * `moment`, `kill()`, then `recover()` (returns the n8n to use from then on) and force polls until every check is
 * settled. Records one line of figures.
 */
async function crashScenario(options: {
	label: string;
	sandboxOf: CrashStack;
	stack: Stack;
	workflowId: string;
	moment: Moment;
	kill: () => Promise<void>;
	recover: () => Promise<Stack>;
}): Promise<StateCheck[]> {
	const { sandboxOf, workflowId } = options;
	const started = Date.now();
	await sandboxOf.admin.call('DELETE', '/faults');
	const seeded = await sandboxOf.admin.call<{ checks: Array<{ id: number }> }>(
		'POST',
		'/pageup/checks',
		{ count: CHECKS, provider: 'bg', tenantId: '218' },
	);
	const ids = new Set(seeded.checks.map((check) => check.id));
	const checksNow = async () =>
		(
			await sandboxOf.admin.call<{ pageUp: { checks: StateCheck[] } }>('GET', '/state')
		).pageUp.checks.filter((check) => ids.has(check.id));
	// Each PUT takes 40 ms, so the execution's steps last long enough to be killed in.
	await sandboxOf.admin.call('POST', '/faults', {
		vendor: 'pageup',
		route: 'update',
		latencyMs: 40,
	});

	// The kill comes once n8n has saved the trigger's leases for every seeded check (read back through n8n's
	// API): n8n starts that write when the poll emits and does not wait for it, so a kill before it lands is the
	// window the lease cannot cover (docs/pageup.md, "What a crash can still do"). The lag between the poll's
	// "emitting" line and the saved leases is measured and printed.
	const logFrom = fs.statSync(options.stack.n8nLogFile).size;
	const emitted = () =>
		fs
			.readFileSync(options.stack.n8nLogFile)
			.subarray(logFrom)
			.includes('PageUp Trigger: emitting');
	const leasesSaved = async () => {
		const { staticData } = await options.stack.api.request<{
			staticData?: Record<string, { leases?: unknown }> | null;
		}>('GET', `/workflows/${encodeURIComponent(workflowId)}`);
		const leased = new Set(
			Object.values(staticData ?? {}).flatMap((scope) =>
				Array.isArray(scope?.leases)
					? scope.leases.map((entry) => Number(Array.isArray(entry) ? entry[0] : entry))
					: [],
			),
		);
		return [...ids].every((id) => leased.has(id));
	};
	await options.stack.api.publishWorkflow(workflowId);
	let atKill: StateCheck[] = [];
	let emittedSeenAt: number | undefined;
	let saveLagMs: number | undefined;
	for (const limit = Date.now() + 120_000; ; ) {
		atKill = await checksNow();
		if (emittedSeenAt === undefined && emitted()) emittedSeenAt = Date.now();
		if (emittedSeenAt !== undefined && (saveLagMs !== undefined || (await leasesSaved()))) {
			saveLagMs ??= Date.now() - emittedSeenAt;
			if (MOMENTS[options.moment](atKill)) break;
		}
		if (Date.now() > limit) throw new Error(`moment "${options.moment}" not reached`);
		await sleep(50);
	}
	await options.kill();
	const killedAt = Date.now();
	await sandboxOf.admin.call('DELETE', '/faults');

	const stack = await options.recover();
	const recoveredMs = Date.now() - killedAt;
	let checks: StateCheck[] = [];
	let polls = 0;
	for (;;) {
		checks = await checksNow();
		// (An execution cut off by the kill may stay "running" in n8n's list: the checks decide.)
		if (count(checks, 'completed', 'failed') === checks.length) break;
		if (Date.now() - killedAt > SETTLE_LIMIT_MS) break;
		await sleep(3000);
		polls++;
		await forcePoll(stack, workflowId, 5_000);
	}
	const settleMs = Date.now() - killedAt;
	await unpublish(stack, workflowId);

	let repeats = 0;
	let later = 0;
	for (const execution of await executionsOf(stack, workflowId)) {
		if (new Date(execution.startedAt).getTime() < killedAt) continue;
		const full = await stack.api.getExecution(execution.id, true);
		for (const item of full.data?.resultData?.runData?.['PageUp Trigger']?.[0]?.data?.main?.[0] ??
			[]) {
			const json = item.json as { id?: string; repeat?: boolean; attempt?: number };
			if (!ids.has(Number(json.id))) continue;
			if (json.repeat === true) repeats++;
			if ((json.attempt ?? 1) > 1) later++;
		}
	}
	results.push(
		`${options.label} ${options.moment}: ${CHECKS} checks; at the kill ${summary(atKill)}; at the end ${summary(checks)}; ` +
			`${repeats} repeats (${later} items with attempt > 1); leases saved ${saveLagMs} ms after the emitting line was seen; back up ${(recoveredMs / 1000).toFixed(1)} s after the kill, ` +
			`settled ${(settleMs / 1000).toFixed(1)} s after it (${polls} forced polls); ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
	);
	return checks;
}

function expectSettled(checks: StateCheck[]) {
	expect(checks).toHaveLength(CHECKS);
	expect(
		checks
			.filter((check) => check.status !== 'completed' && check.status !== 'failed')
			.map((check) => [check.id, check.status]),
	).toEqual([]);
	for (const check of checks.filter((c) => c.status === 'failed'))
		expect(check.reasonForFail?.trim()).toBeTruthy();
}

describe('regular mode: n8n killed, started again on the same user folder', () => {
	let first: CrashStack;
	let stack: Stack;
	const restarts: Stack[] = [];

	beforeAll(async () => {
		first = await startTestStack({ workflows: [crashWorkflow()], publish: 'none' });
		stack = first;
	}, 900_000);

	afterAll(async () => {
		for (const restarted of restarts) await restarted.stop().catch(() => undefined);
		await first?.cleanup();
	});

	test.each(Object.keys(MOMENTS) as Moment[])(
		'killed %s: every check ends completed or failed with a reason',
		async (moment) => {
			const checks = await crashScenario({
				label: 'n8n killed',
				sandboxOf: first,
				stack,
				workflowId: first.workflows[0].id ?? '',
				moment,
				kill: () => killGroup(stack.n8nPid),
				recover: async () => {
					stack = await startStack({
						log: stdoutLog,
						build: false,
						fresh: false,
						userFolder: first.userFolder,
						sandbox: false,
						sandboxUrl: first.sandboxUrl,
						workflows: [],
						publish: 'none',
						n8nLogName: `e2e-${path.basename(first.userFolder)}-restart-${restarts.length + 1}.log`,
					});
					restarts.push(stack);
					return stack;
				},
			});
			expectSettled(checks);
		},
		SETTLE_LIMIT_MS + 600_000,
	);
});

describe('queue mode: the worker running the execution killed', () => {
	let stack: CrashStack;

	beforeAll(async () => {
		stack = await startTestStack({
			workflows: [crashWorkflow()],
			publish: 'none',
			queue: { workers: 2 },
		});
	}, 900_000);

	afterAll(async () => await stack?.cleanup());

	test(
		'killed mid-way through Set New: every check ends completed or failed with a reason',
		async () => {
			const workers = (stack.queue?.processes ?? []).filter((p) => p.role === 'worker');
			expect(workers).toHaveLength(2);
			const checks = await crashScenario({
				label: 'queue-mode worker killed',
				sandboxOf: stack,
				stack,
				workflowId: stack.workflows[0].id ?? '',
				moment: 'mid-way through Set New',
				// The worker whose log says it started the newest execution.
				kill: async () => {
					const newest = (worker: (typeof workers)[number]) =>
						Math.max(
							0,
							...[
								...fs
									.readFileSync(worker.logFile, 'utf8')
									.matchAll(/Worker started execution (\d+)/g),
							].map((m) => Number(m[1])),
						);
					const running = workers.reduce((a, b) => (newest(b) > newest(a) ? b : a));
					results.push(`queue mode: killing ${running.name} (pid ${running.pid})`);
					await killGroup(running.pid);
				},
				recover: async () => stack,
			});
			expectSettled(checks);
		},
		SETTLE_LIMIT_MS + 600_000,
	);
});
