import * as fs from 'node:fs';

import {
	PACKAGE_NAME,
	type Stack,
	type StartStackOptions,
	type WorkflowInput,
} from '../../scripts/runtime';

/** `npm run test:queue` sets this (test/e2e/queue-env.ts): the e2e files then run in n8n queue mode. */
export const QUEUE = process.env.BGC_QUEUE === '1';

/** Queue mode for `startTestStack` when the run is a queue-mode run. */
export function queueStackOptions(): Pick<StartStackOptions, 'queue'> {
	return QUEUE ? { queue: { workers: 2 } } : {};
}

/** Execution ids each worker's log says it ran (`Worker started execution <id> (job <n>)`). */
export function executionsByWorker(stack: Stack): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	for (const p of stack.queue?.processes.filter((q) => q.role === 'worker') ?? []) {
		const log = fs.readFileSync(p.logFile, 'utf8');
		out.set(p.name, new Set([...log.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1])));
	}
	return out;
}

/**
 * Proof of where things ran in queue mode: every execution of `workflows` is in exactly one worker's log, main's log
 * has none, and main refuses production webhooks (404) that the webhook process takes.
 */
export async function expectRanOnWorkersOnly(
	stack: Stack,
	workflows: WorkflowInput[],
): Promise<void> {
	expect(stack.queue).toBeDefined();
	expect(stack.webhookUrl).not.toBe(stack.n8nUrl);
	const ids: string[] = [];
	for (const wf of workflows)
		ids.push(
			...(await stack.api.listExecutions({ workflowId: wf.id, limit: 250 })).map((e) =>
				String(e.id),
			),
		);
	expect(ids.length).toBeGreaterThan(0);
	const byWorker = executionsByWorker(stack);
	const where = ids.map((id) => ({
		id,
		workers: [...byWorker].filter(([, set]) => set.has(id)).map(([name]) => name),
	}));
	expect(where.filter((w) => w.workers.length !== 1)).toEqual([]);
	expect(fs.readFileSync(stack.n8nLogFile, 'utf8')).not.toMatch(/Worker started execution/);
	process.stdout.write(
		`[e2e] queue mode: ${ids.length} execution(s), ${[...byWorker].map(([name, set]) => `${name} ran ${ids.filter((id) => set.has(id)).length}`).join(', ')}, main ran 0\n`,
	);

	// Production webhooks: the webhook process answers, main does not have them.
	const ats = workflows.find((wf) =>
		wf.nodes.some((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`),
	);
	const trigger = ats?.nodes.find((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`);
	expect(trigger?.webhookId).toBeTruthy();
	const atMain = await fetch(`${stack.n8nUrl}/webhook/${trigger?.webhookId}/orders`, {
		method: 'POST',
		body: '{}',
		headers: { 'content-type': 'application/json' },
	});
	const atWebhook = await fetch(`${stack.webhookUrl}/webhook/${trigger?.webhookId}/orders`, {
		method: 'POST',
		body: '{}',
		headers: { 'content-type': 'application/json' },
	});
	expect(atMain.status).toBe(404);
	// Unauthenticated: the trigger itself refuses it (401), which proves the webhook process runs the package's trigger.
	expect(atWebhook.status).toBe(401);
}
