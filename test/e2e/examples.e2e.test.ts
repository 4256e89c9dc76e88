/**
 * The four example workflows (examples/*.json) in a real n8n against the sandbox, run the way a user runs them,
 * asserting what they did to the vendors (the sandbox's recorded state). One stack for all scenarios.
 *
 * - Trigger workflows 2, 3b and 4b are published at start (their `"active": true`); 1 (PageUp) is published by its
 *   scenario once the checks are seeded, so that the poll n8n runs on activation picks them up at once instead of
 *   waiting for the every-minute poll (the same thing a user sees when they activate the workflow).
 * - The order workflows 3a and 4a start with a Manual Trigger: they run as the editor's "Execute workflow" does
 *   (`POST /rest/workflows/:id/run` with `triggerToStartFrom`, as the owner).
 * - `npm run test:queue` runs this file in n8n queue mode (BGC_QUEUE=1, test/e2e/jest.queue.config.js): the same
 *   assertions, production webhooks at the webhook process (`stack.webhookUrl`), plus proof of where things ran.
 */
import {
	N8N_MAJOR,
	PACKAGE_NAME,
	loadExampleWorkflows,
	nodeOutput,
	type ExecutionSummary,
	type Stack,
	type WorkflowInput,
	type WorkflowNode,
} from '../../scripts/runtime';
import { scenarioTimer, startTestStack, waitFor } from './helpers';
import { QUEUE, expectRanOnWorkersOnly, queueStackOptions } from './queue-helpers';

interface PageUpStateCheck {
	id: number;
	status: string;
	referenceNumber: string | null;
	results: Array<{ reportType: string; reportLink?: string; status?: string }>;
	history: Array<{
		body: { status?: string; results?: Array<{ reportLink?: string }> };
		httpStatus: number;
	}>;
}
interface AtsStateOrder {
	backgroundCheckId: string;
	accepted: boolean;
	call: { status?: number; error?: string };
	responseBody?: unknown;
	problems: string[];
	webhooks: Array<{
		body: Record<string, unknown>;
		httpStatus: number;
		accepted: boolean;
		errors: string[];
	}>;
}
interface OutboundCall {
	url: string;
	status?: number;
	error?: string;
	responseBody?: string;
}
interface RiqStateOrder {
	orderId: string;
	referenceId: string;
	status: string;
	postbackUrl: string | null;
	recommendedDecision: string | null;
	postbacks: OutboundCall[];
}
interface ChoiceStateOrder {
	id: number;
	trackingId: string;
	status: string;
	returnUrl: string | null;
	callbacks: OutboundCall[];
}

const byName = (stack: Stack, prefix: string): WorkflowInput => {
	const wf = stack.workflows.find((w) => w.name.startsWith(prefix));
	if (!wf) throw new Error(`no example workflow named "${prefix}..."`);
	return wf;
};
const nodeOfType = (wf: WorkflowInput, type: string): WorkflowNode => {
	const node = wf.nodes.find((n) => n.type === `${PACKAGE_NAME}.${type}`);
	if (!node) throw new Error(`${wf.name} has no ${type} node`);
	return node;
};
const is2xx = (status?: number) => status !== undefined && status >= 200 && status < 300;

describe('example workflows in a real n8n against the sandbox', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;
	let wf: Record<
		'pageUp' | 'ats' | 'riqOrder' | 'riqPostback' | 'choiceOrder' | 'choiceCallback',
		WorkflowInput
	>;

	beforeAll(async () => {
		const started = Date.now();
		// The trigger workflows except PageUp's (published by its scenario, after seeding).
		stack = await startTestStack({
			publish: loadExampleWorkflows()
				.filter(
					(w) =>
						w.active === true && !w.nodes.some((n) => n.type === `${PACKAGE_NAME}.pageUpTrigger`),
				)
				.map((w) => w.id ?? ''),
			...queueStackOptions(),
		});
		wf = {
			pageUp: byName(stack, '1.'),
			ats: byName(stack, '2.'),
			riqOrder: byName(stack, '3a.'),
			riqPostback: byName(stack, '3b.'),
			choiceOrder: byName(stack, '4a.'),
			choiceCallback: byName(stack, '4b.'),
		};
		process.stdout.write(
			`[e2e] stack (n8n${QUEUE ? ' queue mode' : ''} + sandbox, examples imported, 3 published): ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
		);
	}, 900_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	it('publishes the example trigger workflows', () => {
		expect(stack.published.filter((p) => !p.active)).toEqual([]);
		const active = stack.activeWorkflows.map((w) => w.id).sort();
		expect(active).toEqual([wf.ats.id, wf.riqPostback.id, wf.choiceCallback.id].sort());
		// The order workflows' callback URLs point at this n8n (rewritten from the examples' localhost:5678).
		expect(JSON.stringify(wf.riqOrder)).toContain(`${stack.webhookUrl}/webhook/`);
		expect(JSON.stringify(wf.choiceOrder)).toContain(`${stack.webhookUrl}/webhook/`);
	});

	it('1. PageUp: 23 seeded checks each claimed once and completed', async () => {
		const timer = scenarioTimer('1. PageUp (23 checks)');
		const seeded = await stack.admin.call<{ checks: Array<{ id: number }> }>(
			'POST',
			'/pageup/checks',
			{
				count: 23,
				provider: 'bg',
				tenantId: '218',
			},
		);
		const ids = new Set(seeded.checks.map((c) => c.id));
		expect(ids.size).toBe(23);

		// Activating the workflow, as a user does; n8n runs the trigger's first poll on activation.
		await stack.api.publishWorkflow(wf.pageUp.id ?? '');
		const status = (await stack.session.waitForPublication([wf.pageUp.id ?? ''])).get(
			wf.pageUp.id ?? '',
		);
		expect(status?.status).toBe('published');

		// Bounded: the activation poll normally does it in seconds; the every-minute poll is the fallback.
		const checks = await waitFor(
			'all 23 seeded PageUp checks completed',
			async () => {
				const all = (
					await stack.admin.call<{ pageUp: { checks: PageUpStateCheck[] } }>('GET', '/state')
				).pageUp.checks.filter((c) => ids.has(c.id));
				return all.length === 23 && all.every((c) => c.status === 'completed') ? all : undefined;
			},
			150_000,
		);
		for (const check of checks) {
			const statuses = check.history.map((h) => h.body.status);
			expect({ id: check.id, claims: statuses.filter((s) => s === 'queued').length }).toEqual({
				id: check.id,
				claims: 1,
			});
			expect(statuses).toEqual(['queued', 'new', 'inprogress', 'completed']);
			expect(check.history.every((h) => h.httpStatus === 200)).toBe(true);
			expect(check.referenceNumber).toBe(`BG-${check.id}`);
			expect(check.results).toHaveLength(1);
			expect(check.results[0].reportLink).toMatch(new RegExp(`^https://.+/${check.id}$`));
		}
		// The last PUT can land just before n8n records the execution as finished.
		const executions = await waitFor(
			'the PageUp executions to finish',
			async () => {
				const list = await stack.api.listExecutions({ workflowId: wf.pageUp.id });
				return list.length > 0 &&
					list.every((e) => !['new', 'running', 'waiting'].includes(e.status))
					? list
					: undefined;
			},
			30_000,
		);
		expect(executions.map((e) => e.status).filter((s) => s !== 'success')).toEqual([]);
		timer.done(`${executions.length} execution(s)`);
	}, 240_000);

	it('2. ATS Anywhere: packages, an order gets 201 and the status webhook; wrong Basic auth gets 401 and no execution', async () => {
		const timer = scenarioTimer('2. ATS Anywhere');
		const trigger = nodeOfType(wf.ats, 'atsAnywhereTrigger');
		const base = `${stack.webhookUrl}/webhook/${trigger.webhookId}`;
		await stack.admin.call('PUT', '/ats/provider', {
			packagesUrl: `${base}/packages`,
			ordersUrl: `${base}/orders`,
		});

		const fetched = await stack.admin.call<{
			call: { status?: number };
			body: { packages: Array<{ id: string; name: string }> };
			problems: string[];
		}>('POST', '/ats/fetch-packages');
		expect(fetched.call.status).toBe(200);
		expect(fetched.problems).toEqual([]);
		const configured = (
			(trigger.parameters as { packages?: { package?: Array<{ id: string; name: string }> } })
				.packages?.package ?? []
		).map((p) => ({
			id: p.id,
			name: p.name,
		}));
		expect(configured.length).toBeGreaterThan(0);
		expect(fetched.body.packages.map((p) => ({ id: String(p.id), name: p.name }))).toEqual(
			configured,
		);

		const before = await stack.api.executionIds(wf.ats.id ?? '');
		const order = await stack.admin.call<AtsStateOrder>('POST', '/ats/orders', {});
		expect(order.call.status).toBe(201);
		expect(order.accepted).toBe(true);
		expect(order.problems).toEqual([]);
		const execution = await stack.api.waitForExecution(wf.ats.id ?? '', {
			after: before,
			timeoutMs: 60_000,
		});
		expect(execution.status).toBe('success');
		const webhook = await waitFor(
			'the status webhook of the order',
			async () => {
				const orders = (
					await stack.admin.call<{ ats: { orders: AtsStateOrder[] } }>('GET', '/state')
				).ats.orders;
				return orders.find((o) => o.backgroundCheckId === order.backgroundCheckId)?.webhooks[0];
			},
			30_000,
		);
		expect(webhook.accepted).toBe(true);
		expect(webhook.errors).toEqual([]);
		expect(webhook.body).toMatchObject({
			background_check_id: order.backgroundCheckId,
			status: 'complete',
			result: 'Pass',
		});
		expect(Object.keys(webhook.body).sort()).toEqual([
			'background_check_id',
			'result',
			'result_link_url',
			'status',
		]);
		expect(String(webhook.body.result_link_url)).toMatch(/^https:\/\//);

		// The same order with a wrong API secret: 401 and no execution.
		// The sandbox's default client account, to restore after (its secret is derived: see docs/ats-anywhere.md).
		const [demo] = (
			await stack.admin.call<{
				ats: { provider: { accounts: Array<{ accountId: string; apiSecret: string }> } };
			}>('GET', '/state')
		).ats.provider.accounts;
		const beforeBad = await stack.api.executionIds(wf.ats.id ?? '');
		await stack.admin.call('PUT', '/ats/provider', { apiSecret: 'not-the-secret' });
		try {
			const refused = await stack.admin.call<AtsStateOrder>('POST', '/ats/orders', {});
			expect(refused.call.status).toBe(401);
			expect(refused.accepted).toBe(false);
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			expect([...(await stack.api.executionIds(wf.ats.id ?? ''))].sort()).toEqual(
				[...beforeBad].sort(),
			);
		} finally {
			await stack.admin.call('PUT', '/ats/provider', {
				accountId: demo.accountId,
				apiSecret: demo.apiSecret,
			});
		}
		timer.done();
	}, 120_000);

	it('3. ResidentIQ: the order workflow runs, the postback reaches the trigger, the status and decision are read', async () => {
		const timer = scenarioTimer('3. ResidentIQ');
		const trigger = nodeOfType(wf.riqPostback, 'residentIqTrigger');
		const postbackUrl = `${stack.webhookUrl}/webhook/${trigger.webhookId}/riq-postback`;
		const beforePostback = await stack.api.executionIds(wf.riqPostback.id ?? '');

		const ordered = await runManually(stack, wf.riqOrder);
		if (ordered.status !== 'success') {
			const result = ordered.data?.resultData;
			process.stdout.write(
				`[e2e] 3a did not succeed: ${result?.lastNodeExecuted}: ${String(result?.error?.message)} ${JSON.stringify(result?.error).slice(0, 600)}\n`,
			);
		}
		expect(ordered.status).toBe('success');
		const order = await waitFor(
			'the RIQ order of the order workflow',
			async () =>
				(
					await stack.admin.call<{ riq: { orders: RiqStateOrder[] } }>('GET', '/state')
				).riq.orders.find((o) => o.referenceId.startsWith('EXAMPLE-3-')),
			10_000,
		);
		// The default Postback Authentication: the URL as entered (the trigger confirms each postback with RIQ).
		expect(order.postbackUrl).toBe(postbackUrl);

		const completed = await stack.admin.call<
			{ status: string; postbacks: OutboundCall[] } | undefined
		>('POST', `/riq/orders/${order.orderId}/complete`, {}, [409]);
		const postback =
			completed?.postbacks[0] ?? (await waitForDelivery(stack, 'riq', order.orderId));
		expect(postback.url).toBe(postbackUrl);
		expect(postback.error).toBeUndefined();
		expect(is2xx(postback.status)).toBe(true);

		const execution = await stack.api.waitForExecution(wf.riqPostback.id ?? '', {
			after: beforePostback,
			timeoutMs: 60_000,
		});
		expect(execution.status).toBe('success');
		const received = nodeOutput(execution, 'ResidentIQ Trigger');
		expect(received).toHaveLength(1);
		expect(String(received[0].orderId)).toBe(order.orderId);
		const read = nodeOutput(execution, 'Read Status and Decision');
		expect(read).toHaveLength(1);
		const text = JSON.stringify(read[0]);
		expect(text).toContain('ready');
		expect(text).toContain('Accept'); // SSN 333221111: a clean file
		timer.done(`order ${order.orderId}, read: ${text.slice(0, 160)}`);
	}, 120_000);

	it('4. Choice Screening: the order has a returnUrl, the callback arrives, the report is fetched', async () => {
		const timer = scenarioTimer('4. Choice Screening');
		const trigger = nodeOfType(wf.choiceCallback, 'choiceScreeningTrigger');
		const returnUrl = `${stack.webhookUrl}/webhook/${trigger.webhookId}/callback`;
		const beforeCallback = await stack.api.executionIds(wf.choiceCallback.id ?? '');

		const ordered = await runManually(stack, wf.choiceOrder);
		expect(ordered.status).toBe('success');
		const order = await waitFor(
			'the Choice order of the order workflow',
			async () =>
				(
					await stack.admin.call<{ choice: { orders: ChoiceStateOrder[] } }>('GET', '/state')
				).choice.orders.find((o) => o.trackingId.startsWith('EXAMPLE-4-')),
			10_000,
		);
		expect(order.returnUrl).toBe(returnUrl);

		const completed = await stack.admin.call<{ callbacks: OutboundCall[] } | undefined>(
			'POST',
			`/choice/orders/${order.id}/complete`,
			{},
			[409],
		);
		const callback =
			completed?.callbacks[0] ?? (await waitForDelivery(stack, 'choice', String(order.id)));
		expect(callback.url).toBe(returnUrl);
		expect(callback.error).toBeUndefined();
		expect(is2xx(callback.status)).toBe(true);

		const execution = await stack.api.waitForExecution(wf.choiceCallback.id ?? '', {
			after: beforeCallback,
			timeoutMs: 60_000,
		});
		expect(execution.status).toBe('success');
		expect(String(nodeOutput(execution, 'Choice Screening Trigger')[0]?.orderId)).toBe(
			String(order.id),
		);
		const reportRun = execution.data?.resultData?.runData?.['Get Report']?.[0]?.data
			?.main?.[0]?.[0] as
			| {
					json: Record<string, unknown>;
					binary?: Record<string, { mimeType?: string; fileSize?: string; fileName?: string }>;
			  }
			| undefined;
		expect(reportRun).toBeDefined();
		expect(reportRun?.binary?.data?.mimeType).toMatch(/^text\/html/);
		timer.done(
			`order ${order.id}, report ${reportRun?.binary?.data?.fileName ?? ''} ${reportRun?.binary?.data?.fileSize ?? ''}`,
		);
	}, 120_000);

	if (QUEUE) {
		it('queue mode: workers ran every execution, main none; production webhooks only at the webhook process', async () => {
			await expectRanOnWorkersOnly(stack, Object.values(wf));
		}, 60_000);
	}
});

/** "Execute workflow" in the editor: the owner's manual run from the workflow's Manual Trigger; waits for it. */
async function runManually(stack: Stack, workflow: WorkflowInput): Promise<ExecutionSummary> {
	const manual = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!manual) throw new Error(`${workflow.name} has no Manual Trigger`);
	const result = await stack.session.runManually(workflow.id ?? '', manual.name, N8N_MAJOR);
	if (!result.executionId)
		throw new Error(`manual run of ${workflow.name} did not start: ${JSON.stringify(result)}`);
	return stack.api.waitForExecution(workflow.id ?? '', {
		match: (e) => String(e.id) === String(result.executionId),
		timeoutMs: 60_000,
	});
}

/** The first postback (RIQ) / callback (Choice) the sandbox sent for an order (when its own timer completed it). */
async function waitForDelivery(
	stack: Stack,
	vendor: 'riq' | 'choice',
	id: string,
): Promise<OutboundCall> {
	return waitFor(
		`the ${vendor} delivery of order ${id}`,
		async () => {
			const state = await stack.admin.call<{
				riq: { orders: RiqStateOrder[] };
				choice: { orders: ChoiceStateOrder[] };
			}>('GET', '/state');
			return vendor === 'riq'
				? state.riq.orders.find((o) => o.orderId === id)?.postbacks[0]
				: state.choice.orders.find((o) => String(o.id) === id)?.callbacks[0];
		},
		30_000,
	);
}
