/**
 * What the abuse suite needs around the stack: orders the vendors' sandboxes know (so a valid postback or callback
 * can be confirmed), and a loopback canary that counts fetches of external XML entities.
 */
import * as http from 'node:http';

import { PACKAGE_NAME, type ExecutionSummary, type Stack } from '../../scripts/runtime';

/** No order completes by itself: every postback and callback of the suite is one it sends. */
export async function quietSandbox(stack: Stack): Promise<void> {
	await stack.admin.call('PUT', '/riq/settings', { autoCompleteSeconds: null });
	await stack.admin.call('PUT', '/choice/settings', { autoCompleteSeconds: null });
}

/** A ready RIQ report (no postback URL: the sandbox sends nothing) whose OrderId a postback can name. */
export async function riqOrder(stack: Stack): Promise<string> {
	const { orderId } = await stack.admin.call<{ orderId: string }>('POST', '/riq/orders', {
		ssn: '333221111',
		ready: true,
	});
	return orderId;
}

/** A Choice order, placed the way a user does: the "4a" example workflow run from its Manual Trigger. */
export async function choiceOrder(stack: Stack): Promise<number> {
	const workflow = stack.workflows.find(
		(wf) =>
			wf.nodes.some((n) => n.type === `${PACKAGE_NAME}.choiceScreening`) &&
			wf.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger'),
	);
	const manual = workflow?.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!workflow || !manual)
		throw new Error('no example workflow orders from Choice with a Manual Trigger');
	const before = (await sandboxChoiceIds(stack)).length;
	const result = await stack.session.rest<{ executionId?: string }>(
		`/workflows/${workflow.id}/run`,
		{
			method: 'POST',
			body: { triggerToStartFrom: { name: manual.name } },
		},
	);
	if (!result.executionId)
		throw new Error(`manual run of ${workflow.name} did not start: ${JSON.stringify(result)}`);
	const execution: ExecutionSummary = await stack.api.waitForExecution(workflow.id ?? '', {
		match: (e) => String(e.id) === String(result.executionId),
		timeoutMs: 60_000,
	});
	if (execution.status !== 'success')
		throw new Error(`the Choice order workflow ended ${execution.status}`);
	const ids = await sandboxChoiceIds(stack);
	if (ids.length !== before + 1)
		throw new Error(`expected one new Choice order in the sandbox, found ${ids.length - before}`);
	return ids[ids.length - 1];
}

async function sandboxChoiceIds(stack: Stack): Promise<number[]> {
	const state = await stack.admin.call<{ choice: { orders: Array<{ id: number }> } }>(
		'GET',
		'/state',
	);
	return state.choice.orders.map((o) => o.id).sort((a, b) => a - b);
}

/** An ATS order body as the sandbox's ATS builds it (fresh background_check_id each call). */
export function atsPayload(stack: Stack): Record<string, unknown> {
	if (!stack.sandbox) throw new Error('the abuse suite needs the in-process sandbox');
	return stack.sandbox.raw.sandbox.ats.buildOrderPayload({}).payload;
}

export interface Canary {
	url: string;
	hits: string[];
	close(): Promise<void>;
}

/** A loopback HTTP server that records every request: an XML parser resolving an external entity would call it. */
export async function startCanary(): Promise<Canary> {
	const hits: string[] = [];
	const server = http.createServer((req, res) => {
		hits.push(`${req.method} ${req.url}`);
		res.end('canary');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		hits,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
