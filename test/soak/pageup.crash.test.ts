import path from 'node:path';

import {
	loadExampleWorkflows,
	startStack,
	stdoutLog,
	type ExecutionSummary,
	type Stack,
	type WorkflowInput,
} from '../../scripts/runtime';
import { admin as sandboxAdmin, startTestStack } from '../e2e/helpers';

/**
 * Crash suite: example 1 published in a real n8n against the sandbox; n8n is killed with SIGKILL at three moments
 * of an execution (just after the claim, mid-way through Set New, mid-way through Set Completed) and started again
 * on the same user folder. Every check must end `completed` or `failed` with a reason (none `queued`, `new`,
 * `inprogress` or `pending`); the repeats (items with `repeat: true`) are counted and printed, with the times.
 * The trigger's lease is 15 s here (default 30 minutes), so checks whose execution died come back quickly.
 *   flock /tmp/n8n.lock npm run test:crash        (BGC_CRASH_CHECKS, default 105 per moment)
 */

const CHECKS = Number(process.env.BGC_CRASH_CHECKS ?? 105);
const LEASE_MINUTES = 0.25;
/** Per-moment limit for every check to settle after the restart. */
const SETTLE_LIMIT_MS = 180_000;

interface Put {
	body: { status?: string };
	httpStatus: number;
}
interface StateCheck {
	id: number;
	status: string;
	reasonForFail: string | null;
	history: Put[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = (checks: StateCheck[], ...statuses: string[]) =>
	checks.filter((check) => statuses.includes(check.status)).length;

const MOMENTS: Array<{ name: string; reached: (checks: StateCheck[]) => boolean }> = [
	// Every check claimed (queued), before the workflow has moved half of them on.
	{
		name: 'just after the claim',
		reached: (c) => count(c, 'pending') === 0 && count(c, 'new') < c.length / 2,
	},
	{ name: 'mid-way through Set New', reached: (c) => count(c, 'new') >= c.length / 2 },
	{
		name: 'mid-way through Set Completed',
		reached: (c) => count(c, 'completed') >= c.length / 2,
	},
];

describe('PageUp crash suite: n8n killed during example 1, started again on the same user folder', () => {
	let first: Awaited<ReturnType<typeof startTestStack>>;
	/** The n8n running now (the first one, then each restart). */
	let stack: Stack;
	const restarts: Stack[] = [];
	let workflow: WorkflowInput;

	beforeAll(async () => {
		const example = loadExampleWorkflows().find((w) => w.name.startsWith('1.'));
		if (!example) throw new Error('example 1 not found');
		// Polls are forced by publishing (n8n polls on activation); the cron poll is moved out of the way.
		const copy = {
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
		first = await startTestStack({ workflows: [copy], publish: 'none' });
		stack = first;
		workflow = first.workflows[0];
	}, 900_000);

	afterAll(async () => {
		for (const restarted of restarts) await restarted.stop().catch(() => undefined);
		await first?.cleanup();
	});

	const admin = <T>(method: string, route: string, body?: unknown) =>
		sandboxAdmin<T>(first, method, route, body);
	const checksOf = async (ids: Set<number>) =>
		(await admin<{ pageUp: { checks: StateCheck[] } }>('GET', '/state')).pageUp.checks.filter(
			(check) => ids.has(check.id),
		);

	async function executions(): Promise<ExecutionSummary[]> {
		const out: ExecutionSummary[] = [];
		let cursor: string | undefined;
		do {
			const page = await stack.api.request<{
				data: ExecutionSummary[];
				nextCursor?: string | null;
			}>(
				'GET',
				`/executions?workflowId=${encodeURIComponent(workflow.id ?? '')}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			out.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return out;
	}

	/** One forced poll: publish (n8n polls on activation), wait for its execution, unpublish. */
	async function forcePoll(): Promise<void> {
		const id = workflow.id ?? '';
		const known = new Set((await executions()).map((e) => e.id));
		try {
			await stack.api.publishWorkflow(id);
			await stack.session.waitForPublication([id], 120_000);
		} catch {
			// The activation poll failed (nothing could be taken): try again later.
		}
		const deadline = Date.now() + 5_000;
		while (Date.now() < deadline && (await executions()).every((e) => known.has(e.id)))
			await sleep(250);
		await stack.api
			.request('POST', `/workflows/${encodeURIComponent(id)}/unpublish`, {})
			.catch(() => undefined);
		for (
			let i = 0;
			i < 120 && (await stack.session.publicationStatus(id)).status !== 'not_published';
			i++
		)
			await sleep(250);
	}

	/** SIGKILL to n8n's whole process group (n8n and its task runner), as a crash or an OOM kill does. */
	async function killN8n(): Promise<void> {
		const pid = stack.n8nPid;
		process.kill(-pid, 'SIGKILL');
		for (let i = 0; i < 100; i++) {
			try {
				process.kill(pid, 0);
			} catch {
				return;
			}
			await sleep(100);
		}
		throw new Error(`n8n (pid ${pid}) did not exit after SIGKILL`);
	}

	async function restartN8n(): Promise<number> {
		const started = Date.now();
		const again = await startStack({
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
		restarts.push(again);
		stack = again;
		return Date.now() - started;
	}

	const results: string[] = [];
	afterAll(() => {
		process.stdout.write(`\n[crash] ${results.join('\n[crash] ')}\n`);
	});

	test.each(MOMENTS.map((moment) => [moment.name, moment] as const))(
		'killed %s: every check ends completed or failed with a reason; repeats counted',
		async (name, moment) => {
			const started = Date.now();
			await admin('DELETE', '/faults');
			const seeded = await admin<{ checks: Array<{ id: number }> }>('POST', '/pageup/checks', {
				count: CHECKS,
				provider: 'bg',
				tenantId: '218',
			});
			const ids = new Set(seeded.checks.map((check) => check.id));
			// Each PUT takes 40 ms, so the execution's steps last long enough to be killed in.
			await admin('POST', '/faults', { vendor: 'pageup', route: 'update', latencyMs: 40 });

			// Publish: the activation poll claims every check and starts the execution; kill at the moment.
			await stack.api.publishWorkflow(workflow.id ?? '');
			let atKill: StateCheck[] = [];
			const waitLimit = Date.now() + 120_000;
			for (;;) {
				atKill = await checksOf(ids);
				if (moment.reached(atKill)) break;
				if (Date.now() > waitLimit) throw new Error(`moment "${name}" not reached`);
				await sleep(50);
			}
			await killN8n();
			const killedAt = Date.now();
			const stateAtKill = ['pending', 'queued', 'new', 'inprogress', 'completed', 'failed']
				.map((status) => `${count(atKill, status)} ${status}`)
				.join(', ');
			await admin('DELETE', '/faults');

			const restartMs = await restartN8n();
			// The restarted n8n activates the workflow (still published) and polls; then forced polls until settled.
			let checks: StateCheck[] = [];
			let polls = 0;
			for (;;) {
				checks = await checksOf(ids);
				const running = (await executions()).filter((e) =>
					['new', 'running', 'waiting'].includes(e.status),
				);
				if (count(checks, 'completed', 'failed') === checks.length && running.length === 0) break;
				if (Date.now() - killedAt > SETTLE_LIMIT_MS) break;
				await sleep(3000);
				polls++;
				await forcePoll();
			}
			const settleMs = Date.now() - killedAt;
			await stack.api
				.request('POST', `/workflows/${encodeURIComponent(workflow.id ?? '')}/unpublish`, {})
				.catch(() => undefined);

			// Repeats: items the trigger emitted with repeat: true, in the executions of the restarted n8n.
			let repeats = 0;
			let attemptsAbove1 = 0;
			for (const summary of await executions()) {
				if (new Date(summary.startedAt).getTime() < killedAt) continue;
				const execution = await stack.api.getExecution(summary.id, true);
				const items =
					execution.data?.resultData?.runData?.['PageUp Trigger']?.[0]?.data?.main?.[0] ?? [];
				for (const item of items) {
					const json = item.json as { id?: string; repeat?: boolean; attempt?: number };
					if (!ids.has(Number(json.id))) continue;
					if (json.repeat === true) repeats++;
					if ((json.attempt ?? 1) > 1) attemptsAbove1++;
				}
			}
			const byStatus = ['completed', 'failed', 'pending', 'queued', 'new', 'inprogress']
				.map((status) => `${count(checks, status)} ${status}`)
				.join(', ');
			results.push(
				`killed ${name}: at the kill ${stateAtKill}; after restart: ${byStatus}; ${repeats} repeats (${attemptsAbove1} items with attempt > 1); ` +
					`restart ${(restartMs / 1000).toFixed(1)} s, settled ${(settleMs / 1000).toFixed(1)} s after the kill (${polls} forced polls), ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
			);

			expect(checks).toHaveLength(CHECKS);
			expect(
				checks
					.filter((check) => check.status !== 'completed' && check.status !== 'failed')
					.map((check) => [check.id, check.status]),
			).toEqual([]);
			for (const check of checks.filter((c) => c.status === 'failed'))
				expect(check.reasonForFail?.trim()).toBeTruthy();
		},
		SETTLE_LIMIT_MS + 600_000,
	);
});
