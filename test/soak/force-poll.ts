import type { ExecutionSummary, Stack } from '../../scripts/runtime';

/**
 * Polls forced by publishing (n8n polls on activation, and does not discard that poll's result), shared by the
 * soak and crash suites.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every execution of a workflow, all pages. */
export async function executionsOf(stack: Stack, workflowId: string): Promise<ExecutionSummary[]> {
	const out: ExecutionSummary[] = [];
	let cursor: string | undefined;
	do {
		const page = await stack.api.request<{ data: ExecutionSummary[]; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		out.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return out;
}

/** Unpublishes and waits until n8n says so (unpublishing saves the trigger's static data). */
export async function unpublish(stack: Stack, workflowId: string): Promise<void> {
	await stack.api
		.request('POST', `/workflows/${encodeURIComponent(workflowId)}/unpublish`, {})
		.catch(() => undefined);
	for (
		let i = 0;
		i < 120 && (await stack.session.publicationStatus(workflowId)).status !== 'not_published';
		i++
	)
		await sleep(250);
}

/**
 * One forced poll: publish, wait (up to `waitMs`) for the poll's execution to exist, so that no emitted check is
 * dropped by the unpublication, then unpublish. False when n8n refused the activation (the activation poll
 * failed, for example because no claim succeeded).
 */
export async function forcePoll(
	stack: Stack,
	workflowId: string,
	waitMs: number,
): Promise<boolean> {
	const known = new Set((await executionsOf(stack, workflowId)).map((e) => e.id));
	let activated = true;
	try {
		await stack.api.publishWorkflow(workflowId);
		await stack.session.waitForPublication([workflowId], 120_000);
	} catch {
		activated = false;
	}
	const deadline = Date.now() + waitMs;
	while (
		Date.now() < deadline &&
		(await executionsOf(stack, workflowId)).every((e) => known.has(e.id))
	)
		await sleep(250);
	await unpublish(stack, workflowId);
	return activated;
}
