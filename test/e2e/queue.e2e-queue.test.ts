/**
 * What holds across processes in n8n queue mode (npm run test:queue), measured against the sandbox:
 * ATS Anywhere orders through the webhook process: the same order twice at the same instant, and again after the
 * first answer. The figures are printed (`[queue] ...`) and written down in docs/running.md ("Queue mode").
 * (RIQ and Choice postbacks confirmed from the webhook process, and workers running every execution, are asserted
 * by examples.e2e.test.ts in queue mode.)
 */
import { PACKAGE_NAME, loadExampleWorkflows, type WorkflowInput } from '../../scripts/runtime';
import { startTestStack, waitFor } from './helpers';
import { executionsByWorker } from './queue-helpers';

interface AtsStateOrder {
	backgroundCheckId: string;
	accepted: boolean;
	call: { status?: number; error?: string };
	responseBody?: unknown;
}

describe('queue mode: ATS Anywhere duplicate orders through the webhook process', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;
	let ats: WorkflowInput;

	beforeAll(async () => {
		ats = loadExampleWorkflows().find((w) =>
			w.nodes.some((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`),
		) as WorkflowInput;
		stack = await startTestStack({ queue: { workers: 2 }, publish: [ats.id ?? ''] });
		const trigger = stack.workflows
			.find((w) => w.id === ats.id)
			?.nodes.find((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`);
		const base = `${stack.webhookUrl}/webhook/${trigger?.webhookId}`;
		await stack.admin.call('PUT', '/ats/provider', {
			packagesUrl: `${base}/packages`,
			ordersUrl: `${base}/orders`,
		});
	}, 900_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	/** Executions of the ATS workflow whose data carries this background_check_id, once none is running. */
	async function executionsFor(id: string, atLeast: number): Promise<string[]> {
		return waitFor(
			`executions of order ${id}`,
			async () => {
				const list = await stack.api.listExecutions({
					workflowId: ats.id,
					includeData: true,
					limit: 250,
				});
				const mine = list.filter((e) => JSON.stringify(e.data ?? {}).includes(`"${id}"`));
				const settled = list.every((e) => !['new', 'running', 'waiting'].includes(e.status));
				return settled && mine.length >= atLeast ? mine.map((e) => String(e.id)) : undefined;
			},
			60_000,
		);
	}

	it('same order twice at the same instant, then again after the first answer: answers and executions counted', async () => {
		const id = `DUP-${Date.now()}`;
		const place = () =>
			stack.admin.call<AtsStateOrder>('POST', '/ats/orders', { background_check_id: id });
		const [first, second] = await Promise.all([place(), place()]);
		const concurrent = [first.call.status, second.call.status];
		expect(concurrent.every((s) => s === 201)).toBe(true);
		// Settle (every accepted order's execution finishes), then the same order once more.
		const afterConcurrent = await executionsFor(id, 1);
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		const afterConcurrentSettled = await executionsFor(id, afterConcurrent.length);
		const third = await place();
		expect(third.call.status).toBe(201);
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		const all = await executionsFor(id, afterConcurrentSettled.length);
		const byWorker = executionsByWorker(stack);
		process.stdout.write(
			`[queue] ATS same order twice at the same instant: answers ${concurrent.join(', ')}, executions ${afterConcurrentSettled.length}; ` +
				`again after the first answer: answer ${third.call.status}, executions in all ${all.length} ` +
				`(on workers: ${[...byWorker].map(([n, s]) => `${n} ${all.filter((e) => s.has(e)).length}`).join(', ')})\n`,
		);
		// At least one execution per distinct order, never more than one per accepted request.
		expect(all.length).toBeGreaterThanOrEqual(1);
		expect(all.length).toBeLessThanOrEqual(3);
		// Every execution ran on a worker.
		expect(all.filter((e) => ![...byWorker.values()].some((s) => s.has(e)))).toEqual([]);
	}, 180_000);
});
