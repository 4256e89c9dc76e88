/**
 * `npm run bench:pageup-installs`: two independent n8n installations (two user folders, two databases) run the
 * PageUp example against one sandbox tenant holding N pending checks (default 1,000). PageUp has no conditional
 * update, so both can claim the same check; this counts how many checks were claimed by both and how many were
 * emitted by both triggers (and so processed twice). A measurement that prints figures, not a test.
 *   flock /tmp/n8n.lock npm run bench:pageup-installs        BGC_CHECKS (1000), BGC_TIMEOUT_S (300)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { sandboxAdmin } from '../sandbox/admin-client';
import {
	PACKAGE_NAME,
	RUNTIME_DIR,
	freePort,
	loadExampleWorkflows,
	nodeOutput,
	startSandboxServer,
	startStack,
	stdoutLog,
	type Stack,
	type WorkflowInput,
} from '../scripts/runtime';

const CHECKS = Number(process.env.BGC_CHECKS ?? 1000);
const TIMEOUT_MS = Number(process.env.BGC_TIMEOUT_S ?? 300) * 1000;

interface Check {
	id: number;
	status: string;
	history: Array<{ body: { status?: string } }>;
}

/** Check ids the PageUp Trigger emitted in every execution of the workflow (all pages). */
async function emittedIds(stack: Stack, workflow: WorkflowInput): Promise<number[]> {
	const trigger = workflow.nodes.find((n) => n.type === `${PACKAGE_NAME}.pageUpTrigger`);
	const ids: number[] = [];
	let cursor: string | undefined;
	do {
		const page = await stack.api.request<{
			data: Array<{ id: string }>;
			nextCursor?: string | null;
		}>(
			'GET',
			`/executions?workflowId=${workflow.id}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		for (const e of page.data) {
			const full = await stack.api.getExecution(e.id, true);
			ids.push(...nodeOutput(full, trigger?.name ?? '').map((item) => Number(item.id)));
		}
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return ids;
}

async function main(): Promise<void> {
	const sandbox = await startSandboxServer(await freePort());
	const stacks: Stack[] = [];
	const started = Date.now();
	try {
		await sandboxAdmin(sandbox).reset({ demoData: false });
		const seeded: number[] = [];
		for (let left = CHECKS; left > 0; left -= 1000) {
			const { checks } = await sandboxAdmin(sandbox).seedPageUpChecks({
				count: Math.min(1000, left),
				provider: 'bg',
				tenantId: '218',
			});
			seeded.push(...checks.map((c) => c.id));
		}
		const pageUp = loadExampleWorkflows().find((w) =>
			w.nodes.some((n) => n.type === `${PACKAGE_NAME}.pageUpTrigger`),
		) as WorkflowInput;
		for (const name of ['a', 'b']) {
			const userFolder = path.join(RUNTIME_DIR, `bench-pageup-${name}`);
			stacks.push(
				await startStack({
					log: stdoutLog,
					build: false,
					fresh: true,
					userFolder,
					sandbox: false,
					sandboxUrl: sandbox.url,
					workflows: [pageUp],
					publish: 'none',
					n8nLogName: `bench-pageup-${name}.log`,
				}),
			);
		}
		// Both installations activate the workflow together; each polls on activation, then every minute.
		const t0 = Date.now();
		await Promise.all(stacks.map((s) => s.api.publishWorkflow(pageUp.id ?? '')));
		const ids = new Set(seeded);
		let checks: Check[] = [];
		while (Date.now() - t0 < TIMEOUT_MS) {
			const state = await sandboxAdmin(sandbox).call<{ pageUp: { checks: Check[] } }>(
				'GET',
				'/state',
			);
			checks = state.pageUp.checks.filter((c) => ids.has(c.id));
			if (checks.every((c) => c.status === 'completed')) break;
			await new Promise((resolve) => setTimeout(resolve, 2_000));
		}
		const drainSeconds = (Date.now() - t0) / 1000;
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		const [emittedA, emittedB] = await Promise.all(stacks.map((s) => emittedIds(s, pageUp)));
		const setA = new Set(emittedA);
		const setB = new Set(emittedB);
		const claims = checks.map((c) => c.history.filter((h) => h.body.status === 'queued').length);
		const both = seeded.filter((id) => setA.has(id) && setB.has(id)).length;
		const neither = seeded.filter((id) => !setA.has(id) && !setB.has(id)).length;
		const completed = checks.filter((c) => c.status === 'completed').length;
		process.stdout.write(
			`\nbench:pageup-installs ${new Date().toISOString()}: ${CHECKS} pending checks, two n8n installations (own databases), one tenant\n` +
				`  completed: ${completed}/${CHECKS} in ${drainSeconds.toFixed(0)} s (bounded at ${TIMEOUT_MS / 1000} s)\n` +
				`  claimed (PUT queued) by both: ${claims.filter((n) => n > 1).length}; claimed once: ${claims.filter((n) => n === 1).length}; never: ${claims.filter((n) => n === 0).length}\n` +
				`  emitted by installation A: ${setA.size} (${emittedA.length} items), by B: ${setB.size} (${emittedB.length} items); by both: ${both}; by neither: ${neither}\n`,
		);
	} finally {
		for (const stack of stacks) {
			await stack.stop();
			fs.rmSync(stack.userFolder, { recursive: true, force: true });
		}
		await sandbox.close();
		process.stdout.write(`total ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
