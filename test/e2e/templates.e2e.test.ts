/**
 * The two cross-vendor templates (examples/5-*.json, examples/6-*.json) in a real n8n against the sandbox, asserting
 * what they did to both vendors (the sandbox's recorded state). Both are imported inactive (5 polls the same PageUp
 * account as example 1); each scenario publishes its template as a user does.
 */
import {
	PACKAGE_NAME,
	type Stack,
	type WorkflowInput,
	type WorkflowNode,
} from '../../scripts/runtime';
import { scenarioTimer, startTestStack, waitFor } from './helpers';

interface OutboundCall {
	url: string;
	status?: number;
	error?: string;
}
interface PageUpStateCheck {
	id: number;
	status: string;
	referenceNumber: string | null;
	results: Array<{ reportType: string; reportLink?: string; status?: string }>;
	history: Array<{ body: { status?: string }; httpStatus: number }>;
}
interface ChoiceStateOrder {
	id: number;
	trackingId: string;
	status: string;
	returnUrl: string | null;
	callbacks: OutboundCall[];
}
interface RiqStateOrder {
	orderId: string;
	referenceId: string;
	status: string;
	postbackUrl: string | null;
	postbacks: OutboundCall[];
}
interface AtsStateOrder {
	backgroundCheckId: string;
	accepted: boolean;
	call: { status?: number };
	problems: string[];
	webhooks: Array<{
		body: Record<string, unknown>;
		httpStatus: number;
		accepted: boolean;
		errors: string[];
	}>;
}

const is2xx = (status?: number) => status !== undefined && status >= 200 && status < 300;
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

const parametersOf = (node: WorkflowNode) => node.parameters as Record<string, unknown>;

/** Ids of the workflow's executions that a webhook started (a poll of template 5's PageUp Trigger is not one). */
async function webhookExecutionIds(stack: Stack, wf: WorkflowInput): Promise<Set<string>> {
	const executions = await stack.api.listExecutions({ workflowId: wf.id ?? '', limit: 250 });
	return new Set(executions.filter((e) => e.mode === 'webhook').map((e) => e.id));
}

/** A POST without credentials to a published webhook: answered 401, starting no execution. */
async function expectRefusedWithoutAuth(
	stack: Stack,
	wf: WorkflowInput,
	url: string,
	body: string,
	contentType: string,
	expected = 401,
): Promise<void> {
	const before = await webhookExecutionIds(stack, wf);
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body,
	});
	expect(response.status).toBe(expected);
	expect(await webhookExecutionIds(stack, wf)).toEqual(before);
}

async function publish(stack: Stack, wf: WorkflowInput): Promise<void> {
	await stack.api.publishWorkflow(wf.id ?? '');
	expect((await stack.session.waitForPublication([wf.id ?? ''])).get(wf.id ?? '')?.status).toBe(
		'published',
	);
}

/** Waits until every execution of the workflow has finished, and returns their statuses. */
async function finishedStatuses(
	stack: Stack,
	wf: WorkflowInput,
	atLeast: number,
): Promise<string[]> {
	const list = await waitFor(
		`${atLeast} finished execution(s) of ${wf.name}`,
		async () => {
			const all = await stack.api.listExecutions({ workflowId: wf.id });
			return all.length >= atLeast &&
				all.every((e) => !['new', 'running', 'waiting'].includes(e.status))
				? all
				: undefined;
		},
		60_000,
	);
	return list.map((e) => e.status);
}

describe('cross-vendor templates in a real n8n against the sandbox', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;

	beforeAll(async () => {
		stack = await startTestStack({ publish: 'none' });
	}, 900_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	it('imports both templates inactive, with their callback URLs pointing at this n8n', () => {
		const five = byName(stack, '5.');
		const six = byName(stack, '6.');
		expect([five.active, six.active]).toEqual([false, false]);
		const choiceHook = nodeOfType(five, 'choiceScreeningTrigger').webhookId;
		const riqHook = nodeOfType(six, 'residentIqTrigger').webhookId;
		expect(parametersOf(nodeOfType(five, 'choiceScreening')).returnUrl).toBe(
			`${stack.n8nUrl}/webhook/${choiceHook}/callback`,
		);
		expect(parametersOf(nodeOfType(six, 'residentIq')).postbackUrl).toBe(
			`${stack.n8nUrl}/webhook/${riqHook}/riq-postback`,
		);
		// Authentication as in the single-vendor examples: Basic Auth on the Choice callback, the default (URL and
		// read-back) on RIQ's postbacks, and the ATS side answered by the workflow (Accept the order).
		const choiceTrigger = nodeOfType(five, 'choiceScreeningTrigger');
		expect(parametersOf(choiceTrigger).authentication).toBe('basicAuth');
		expect(choiceTrigger.credentials?.choiceScreeningCallbackApi?.id).toBe(
			'sandbox-choice-callback',
		);
		const riqTrigger = nodeOfType(six, 'residentIqTrigger');
		expect(parametersOf(riqTrigger).authentication).toBeUndefined();
		expect(parametersOf(riqTrigger).confirmWithRiq).toBe(true);
		const riqOrder = nodeOfType(six, 'residentIq');
		expect(parametersOf(riqOrder).postbackAuthentication).toBeUndefined();
		expect(parametersOf(nodeOfType(six, 'atsAnywhereTrigger')).responseMode).toBe(
			'workflowAccepted',
		);
	});

	it('5. PageUp -> Choice order with returnUrl -> Choice callback -> PageUp Completed with the report link', async () => {
		const timer = scenarioTimer('5. PageUp to Choice');
		const wf = byName(stack, '5.');
		const returnUrl = `${stack.n8nUrl}/webhook/${nodeOfType(wf, 'choiceScreeningTrigger').webhookId}/callback`;
		const seeded = await stack.admin.call<{ checks: Array<{ id: number }> }>(
			'POST',
			'/pageup/checks',
			{
				count: 3,
				provider: 'bg',
				tenantId: '218',
			},
		);
		const ids = seeded.checks.map((c) => c.id);
		await publish(stack, wf);
		await expectRefusedWithoutAuth(
			stack,
			wf,
			returnUrl,
			JSON.stringify({ orderId: 1, status: 'Complete' }),
			'application/json',
		);

		// Each check ordered from Choice once, with its check ID in the Tracking ID and the trigger as returnUrl.
		const orders = await waitFor(
			'a Choice order for each seeded PageUp check',
			async () => {
				const all = (
					await stack.admin.call<{ choice: { orders: ChoiceStateOrder[] } }>('GET', '/state')
				).choice.orders;
				const mine = all.filter((o) => ids.map((id) => `PAGEUP-${id}`).includes(o.trackingId));
				return mine.length >= ids.length ? mine : undefined;
			},
			90_000,
		);
		expect(orders.map((o) => o.trackingId).sort()).toEqual(ids.map((id) => `PAGEUP-${id}`).sort());
		for (const order of orders) expect(order.returnUrl).toBe(returnUrl);

		// Choice completes them: each callback reaches the trigger.
		for (const order of orders) {
			const completed = await stack.admin.call<{ callbacks: OutboundCall[] } | undefined>(
				'POST',
				`/choice/orders/${order.id}/complete`,
				{},
				[409],
			);
			const callback =
				completed?.callbacks[0] ??
				(await waitFor(
					`the callback of Choice order ${order.id}`,
					async () =>
						(
							await stack.admin.call<{ choice: { orders: ChoiceStateOrder[] } }>('GET', '/state')
						).choice.orders.find((o) => o.id === order.id)?.callbacks[0],
					30_000,
				));
			expect(callback.url).toBe(returnUrl);
			expect(callback.error).toBeUndefined();
			expect(is2xx(callback.status)).toBe(true);
		}

		const checks = await waitFor(
			'the seeded PageUp checks completed',
			async () => {
				const all = (
					await stack.admin.call<{ pageUp: { checks: PageUpStateCheck[] } }>('GET', '/state')
				).pageUp.checks.filter((c) => ids.includes(c.id));
				return all.length === ids.length && all.every((c) => c.status === 'completed')
					? all
					: undefined;
			},
			60_000,
		);
		for (const check of checks) {
			const order = orders.find((o) => o.trackingId === `PAGEUP-${check.id}`);
			expect(check.history.map((h) => h.body.status)).toEqual(['queued', 'new', 'completed']);
			expect(check.history.every((h) => h.httpStatus === 200)).toBe(true);
			expect(check.referenceNumber).toBe(`CHOICE-${order?.id}`);
			expect(check.results).toEqual([
				{
					reportType: 'Choice Screening report',
					reportLink: `https://reports.example-provider.test/choice/${order?.id}`,
				},
			]);
		}
		const statuses = await finishedStatuses(stack, wf, 1 + orders.length);
		expect(statuses.filter((s) => s !== 'success')).toEqual([]);
		timer.done(`${checks.length} checks, ${statuses.length} execution(s)`);
	}, 240_000);

	it('6. ATS order -> RIQ order with postback -> RIQ postback -> ATS status webhook', async () => {
		const timer = scenarioTimer('6. ATS Anywhere to ResidentIQ');
		const wf = byName(stack, '6.');
		const trigger = nodeOfType(wf, 'atsAnywhereTrigger');
		const postbackUrl = `${stack.n8nUrl}/webhook/${nodeOfType(wf, 'residentIqTrigger').webhookId}/riq-postback`;
		await publish(stack, wf);
		const base = `${stack.n8nUrl}/webhook/${trigger.webhookId}`;
		await expectRefusedWithoutAuth(
			stack,
			wf,
			`${base}/orders`,
			JSON.stringify({ background_check_id: 'x' }),
			'application/json',
		);
		// The RIQ trigger's default authentication is its unguessable URL and the read-back from RIQ: a body without
		// a report is refused as not a postback, and starts nothing.
		await expectRefusedWithoutAuth(stack, wf, postbackUrl, '<BackgroundReports/>', 'text/xml', 400);
		await stack.admin.call('PUT', '/ats/provider', {
			packagesUrl: `${base}/packages`,
			ordersUrl: `${base}/orders`,
		});

		const before = await stack.api.executionIds(wf.id ?? '');
		const order = await stack.admin.call<AtsStateOrder>('POST', '/ats/orders', {});
		expect(order.call.status).toBe(201);
		expect(order.accepted).toBe(true);
		expect(order.problems).toEqual([]);
		const ordered = await stack.api.waitForExecution(wf.id ?? '', {
			after: before,
			timeoutMs: 60_000,
		});
		expect(ordered.status).toBe('success');

		const riq = await waitFor(
			'the RIQ order placed for the ATS order',
			async () =>
				(
					await stack.admin.call<{ riq: { orders: RiqStateOrder[] } }>('GET', '/state')
				).riq.orders.find((o) => o.referenceId === `ATS-${order.backgroundCheckId}`),
			10_000,
		);
		// The default Postback Authentication: the URL as entered (the trigger confirms each postback with RIQ).
		expect(riq.postbackUrl).toBe(postbackUrl);
		// Nothing goes back to the ATS before RIQ has decided.
		expect(
			(
				await stack.admin.call<{ ats: { orders: AtsStateOrder[] } }>('GET', '/state')
			).ats.orders.find((o) => o.backgroundCheckId === order.backgroundCheckId)?.webhooks,
		).toEqual([]);

		const completed = await stack.admin.call<{ postbacks: OutboundCall[] } | undefined>(
			'POST',
			`/riq/orders/${riq.orderId}/complete`,
			{},
			[409],
		);
		const postback =
			completed?.postbacks[0] ??
			(await waitFor(
				`the postback of RIQ order ${riq.orderId}`,
				async () =>
					(
						await stack.admin.call<{ riq: { orders: RiqStateOrder[] } }>('GET', '/state')
					).riq.orders.find((o) => o.orderId === riq.orderId)?.postbacks[0],
				30_000,
			));
		expect(postback.url).toBe(postbackUrl);
		expect(is2xx(postback.status)).toBe(true);

		const webhooks = await waitFor(
			'the ATS status webhook of the order',
			async () => {
				const found = (
					await stack.admin.call<{ ats: { orders: AtsStateOrder[] } }>('GET', '/state')
				).ats.orders.find((o) => o.backgroundCheckId === order.backgroundCheckId);
				return found && found.webhooks.length > 0 ? found.webhooks : undefined;
			},
			60_000,
		);
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0].accepted).toBe(true);
		expect(webhooks[0].errors).toEqual([]);
		// SSN 333221111 is RIQ's clean test file: Accept, sent as Pass.
		expect(webhooks[0].body).toEqual({
			background_check_id: order.backgroundCheckId,
			status: 'complete',
			result: 'Pass',
			result_link_url: `https://screening.example.com/background_checks/RIQ-${riq.orderId}/results`,
		});
		const statuses = await finishedStatuses(stack, wf, 2);
		expect(statuses.filter((s) => s !== 'success')).toEqual([]);
		timer.done(
			`ATS ${order.backgroundCheckId}, RIQ ${riq.orderId}, ${statuses.length} execution(s)`,
		);
	}, 180_000);
});
