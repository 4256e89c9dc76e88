/**
 * ATS Anywhere with several client accounts in a real n8n (issue 12), example 2 as shipped:
 * - the example's onboarding row (run as the editor's "Execute workflow" does) creates two client accounts;
 *   the sandbox (playing the ATS) is given their pairs;
 * - each account fetches its own package view and orders through the same two URLs: 201, one execution each,
 *   and the status webhook reaches the ATS for both;
 * - an order whose workflow fails before its Answer step: the ATS gets a non-201 with an error_message;
 * - two identical orders sent at the same instant: one execution, the same answer twice;
 * - a copy of example 2 set to "Respond Immediately": 201 before the workflow runs, one execution, and the Answer
 *   step sends nothing (the orders webhook is always "responseNode" for n8n; the trigger answers first).
 */
import * as fs from 'node:fs';

import {
	PACKAGE_NAME,
	loadExampleWorkflows,
	nodeOutput,
	type ExecutionSummary,
	type Stack,
	type WorkflowInput,
} from '../../scripts/runtime';
import { scenarioTimer, startTestStack, waitFor } from './helpers';

interface AtsOrder {
	accountId: string;
	backgroundCheckId: string;
	accepted: boolean;
	call: { status?: number; error?: string };
	responseBody?: Record<string, unknown>;
	problems: string[];
	webhooks: Array<{ body: Record<string, unknown>; accepted: boolean; errors: string[] }>;
}
interface PackageFetch {
	accountId: string;
	call: { status?: number };
	body: { packages: Array<{ id: string }>; add_on_packages?: Array<{ id: string }> };
	problems: string[];
}

const EXAMPLE_NAME = '2.';
const IMMEDIATE_ID = 'ex2AtsImmediate1';

/** Example 2 with its trigger set to "Respond Immediately", at its own URLs. */
function immediateCopy(example: WorkflowInput): WorkflowInput {
	return {
		...example,
		id: IMMEDIATE_ID,
		name: 'Example 2, answered immediately',
		nodes: example.nodes.map((node) =>
			node.type === `${PACKAGE_NAME}.atsAnywhereTrigger`
				? {
						...node,
						id: '9d0c3b1e-0000-4000-8000-00000000e201',
						webhookId: undefined,
						parameters: {
							...(node.parameters as Record<string, unknown>),
							responseMode: 'immediately',
						},
					}
				: node,
		),
	};
}

async function runOnboarding(stack: Stack, workflow: WorkflowInput): Promise<ExecutionSummary> {
	const result = await stack.session.rest<{ executionId?: string }>(
		`/workflows/${workflow.id}/run`,
		{
			method: 'POST',
			body: { triggerToStartFrom: { name: 'Onboard new clients' } },
		},
	);
	if (!result.executionId)
		throw new Error(`the onboarding run did not start: ${JSON.stringify(result)}`);
	return stack.api.waitForExecution(workflow.id ?? '', {
		match: (e) => String(e.id) === String(result.executionId),
		timeoutMs: 60_000,
	});
}

describe('ATS Anywhere: many client accounts through one trigger, in a real n8n', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;
	let wf: WorkflowInput;
	let base = '';

	beforeAll(async () => {
		const examples = loadExampleWorkflows();
		const example2 = examples.find((w) => w.name.startsWith(EXAMPLE_NAME));
		if (!example2) throw new Error('example 2 not found');
		stack = await startTestStack({
			workflows: [...examples, immediateCopy(example2)],
			publish: ['ex2AtsAnywhere01', IMMEDIATE_ID],
		});
		const found = stack.workflows.find((w) => w.name.startsWith(EXAMPLE_NAME));
		if (!found) throw new Error('example 2 was not imported');
		wf = found;
		const trigger = wf.nodes.find((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`);
		base = `${stack.n8nUrl}/webhook/${trigger?.webhookId}`;
		await stack.admin.call('PUT', '/ats/provider', {
			packagesUrl: `${base}/packages`,
			ordersUrl: `${base}/orders`,
		});
	}, 900_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	it('onboards two accounts through the example; each sees its packages and orders through the same URLs', async () => {
		const timer = scenarioTimer('ATS accounts: onboarding and orders');
		const onboarding = await runOnboarding(stack, wf);
		expect(onboarding.status).toBe('success');
		const created = nodeOutput(onboarding, 'Create client credentials') as Array<{
			account_id: string;
			api_secret: string;
		}>;
		expect(created.map((c) => c.account_id)).toEqual(['ACME-HR', 'GLOBEX-HR']);
		await stack.admin.call('PUT', '/ats/provider', {
			addAccounts: created.map((c) => ({ accountId: c.account_id, apiSecret: c.api_secret })),
		});

		const acme = await stack.admin.call<PackageFetch>('POST', '/ats/fetch-packages', {
			account_id: 'ACME-HR',
		});
		const globex = await stack.admin.call<PackageFetch>('POST', '/ats/fetch-packages', {
			account_id: 'GLOBEX-HR',
		});
		expect([acme.call.status, globex.call.status]).toEqual([200, 200]);
		expect([acme.problems, globex.problems]).toEqual([[], []]);
		expect(acme.body.packages.map((p) => p.id)).toEqual(['PKG001', 'PKG002', 'PKG003']);
		expect(globex.body.packages.map((p) => p.id)).toEqual(['PKG002']);
		expect((globex.body.add_on_packages ?? []).map((p) => p.id)).toEqual(['DRG02']);

		const before = await stack.api.executionIds(wf.id ?? '');
		const orders = [
			await stack.admin.call<AtsOrder>('POST', '/ats/orders', {
				account_id: 'ACME-HR',
				package_id: 'PKG001',
				add_on_package_ids: ['DRG01'],
			}),
			await stack.admin.call<AtsOrder>('POST', '/ats/orders', {
				account_id: 'GLOBEX-HR',
				package_id: 'PKG002',
				add_on_package_ids: ['DRG02'],
			}),
		];
		for (const order of orders) {
			expect(order.call.status).toBe(201);
			expect(order.problems).toEqual([]);
			expect(order.responseBody).toEqual({
				background_check_id: order.backgroundCheckId,
				message: 'Order accepted',
			});
		}
		const executions = await waitFor(
			'one execution per order',
			async () => {
				const ids = [...(await stack.api.executionIds(wf.id ?? ''))].filter(
					(id) => !before.has(id),
				);
				return ids.length >= 2 ? ids : undefined;
			},
			60_000,
		);
		// A few seconds more: no third execution appears.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		expect(
			[...(await stack.api.executionIds(wf.id ?? ''))].filter((id) => !before.has(id)),
		).toHaveLength(executions.length);
		expect(executions).toHaveLength(2);
		for (const id of executions) {
			const execution = await stack.api.getExecution(id);
			expect(execution.status).toBe('success');
		}
		const accounts = [];
		for (const id of executions) {
			const [item] = nodeOutput(await stack.api.getExecution(id), 'ATS Anywhere Trigger');
			accounts.push(item.authenticated_account_id);
		}
		expect(accounts.sort()).toEqual(['ACME-HR', 'GLOBEX-HR']);

		for (const order of orders) {
			const webhook = await waitFor(
				`the status webhook of ${order.accountId}'s order`,
				async () =>
					(
						await stack.admin.call<{ ats: { orders: AtsOrder[] } }>('GET', '/state')
					).ats.orders.find(
						(o) =>
							o.backgroundCheckId === order.backgroundCheckId && o.accountId === order.accountId,
					)?.webhooks[0],
				30_000,
			);
			expect(webhook.accepted).toBe(true);
			expect(webhook.body).toMatchObject({
				background_check_id: order.backgroundCheckId,
				status: 'complete',
			});
		}

		// GLOBEX-HR may not order PKG001: refused with an error_message naming it, no execution.
		const beforeRefused = await stack.api.executionIds(wf.id ?? '');
		const refused = await stack.admin.call<AtsOrder>('POST', '/ats/orders', {
			account_id: 'GLOBEX-HR',
			package_id: 'PKG001',
			add_on_package_ids: [],
		});
		expect(refused.call.status).toBe(400);
		expect(refused.responseBody).toEqual({
			error_message: 'Invalid order: package_id "PKG001" is not a package this account may order',
		});
		// ACME-HR's secret does not open GLOBEX-HR.
		const acmeSecret = created[0].api_secret;
		await stack.admin.call('PUT', '/ats/provider', {
			addAccounts: [{ accountId: 'GLOBEX-HR', apiSecret: acmeSecret }],
		});
		const wrong = await stack.admin.call<AtsOrder>('POST', '/ats/orders', {
			account_id: 'GLOBEX-HR',
			package_id: 'PKG002',
		});
		expect(wrong.call.status).toBe(401);
		await stack.admin.call('PUT', '/ats/provider', {
			addAccounts: [{ accountId: 'GLOBEX-HR', apiSecret: created[1].api_secret }],
		});
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		expect([...(await stack.api.executionIds(wf.id ?? ''))].sort()).toEqual(
			[...beforeRefused].sort(),
		);
		timer.done(`${executions.length} executions for 2 orders`);
	}, 240_000);

	it('a workflow that fails before answering gives the ATS a non-201 with error_message; the retry runs again', async () => {
		const timer = scenarioTimer('ATS accounts: failing workflow');
		const before = await stack.api.executionIds(wf.id ?? '');
		const input = {
			account_id: 'ACCT123',
			background_check_id: 'FAIL-1',
			applicant: { last_name: 'Unavailable' },
		};
		const failed = await stack.admin.call<AtsOrder>('POST', '/ats/orders', input);
		process.stdout.write(
			`[e2e] failing workflow: the ATS received HTTP ${failed.call.status} ${JSON.stringify(failed.responseBody)}\n`,
		);
		expect(failed.call.status).toBe(500);
		expect(failed.responseBody).toEqual({
			error_message:
				'The order could not be processed: the provider workflow failed before accepting it. Please send it again later.',
		});
		expect(failed.problems).toEqual(['order not accepted: HTTP 500']);
		const first = await waitFor(
			'the failed execution',
			async () => {
				const ids = [...(await stack.api.executionIds(wf.id ?? ''))].filter(
					(id) => !before.has(id),
				);
				return ids.length ? ids : undefined;
			},
			30_000,
		);
		expect(first).toHaveLength(1);
		expect((await stack.api.getExecution(first[0])).status).toBe('error');

		const retry = await stack.admin.call<AtsOrder>('POST', '/ats/orders', input);
		expect(retry.call.status).toBe(500);
		const all = await waitFor(
			"the retry's execution",
			async () => {
				const ids = [...(await stack.api.executionIds(wf.id ?? ''))].filter(
					(id) => !before.has(id),
				);
				return ids.length >= 2 ? ids : undefined;
			},
			30_000,
		);
		expect(all).toHaveLength(2);
		timer.done();
	}, 120_000);

	it('two identical orders sent at the same instant start one execution and get the same answer', async () => {
		const timer = scenarioTimer('ATS accounts: concurrent duplicates');
		const before = await stack.api.executionIds(wf.id ?? '');
		const answers = await stack.admin.call<AtsOrder[]>('POST', '/ats/orders/concurrent', {
			count: 2,
			account_id: 'ACCT123',
		});
		expect(answers.map((a) => a.call.status)).toEqual([201, 201]);
		expect(answers[1].responseBody).toEqual(answers[0].responseBody);
		expect(answers[0].responseBody).toEqual({
			background_check_id: answers[0].backgroundCheckId,
			message: 'Order accepted',
		});
		await waitFor(
			'the execution',
			async () =>
				[...(await stack.api.executionIds(wf.id ?? ''))].some((id) => !before.has(id))
					? true
					: undefined,
			30_000,
		);
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		const started = [...(await stack.api.executionIds(wf.id ?? ''))].filter(
			(id) => !before.has(id),
		);
		process.stdout.write(`[e2e] 2 identical orders at once: ${started.length} execution(s)\n`);
		expect(started).toHaveLength(1);
		// A retry after the answer: the same answer, nothing new.
		const retry = await stack.admin.call<AtsOrder>('POST', '/ats/orders', {
			account_id: 'ACCT123',
			background_check_id: answers[0].backgroundCheckId,
		});
		expect(retry.call.status).toBe(201);
		expect(retry.responseBody).toEqual(answers[0].responseBody);
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		expect(
			[...(await stack.api.executionIds(wf.id ?? ''))].filter((id) => !before.has(id)),
		).toHaveLength(1);
		timer.done();
	}, 120_000);
	it('"Respond Immediately": 201 before the workflow runs, one execution, the Answer step sends nothing', async () => {
		const timer = scenarioTimer('ATS accounts: respond immediately');
		const copy = stack.workflows.find((w) => w.id === IMMEDIATE_ID);
		const trigger = copy?.nodes.find((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`);
		if (!copy || !trigger?.webhookId) throw new Error('the immediate copy was not imported');
		const before = await stack.api.executionIds(IMMEDIATE_ID);
		await stack.admin.call('PUT', '/ats/provider', {
			ordersUrl: `${stack.n8nUrl}/webhook/${trigger.webhookId}/orders`,
		});
		try {
			const order = await stack.admin.call<AtsOrder>('POST', '/ats/orders', {
				account_id: 'ACCT123',
			});
			expect(order.call.status).toBe(201);
			expect(order.responseBody).toEqual({
				background_check_id: order.backgroundCheckId,
				message: 'Order received',
			});
			const [id] = await waitFor(
				'the execution',
				async () => {
					const ids = [...(await stack.api.executionIds(IMMEDIATE_ID))].filter(
						(e) => !before.has(e),
					);
					return ids.length ? ids : undefined;
				},
				30_000,
			);
			const execution = await stack.api.waitForExecution(IMMEDIATE_ID, {
				match: (e) => String(e.id) === String(id),
				timeoutMs: 30_000,
			});
			expect(execution.status).toBe('success');
			const [answered] = nodeOutput(
				await stack.api.getExecution(String(id)),
				'Accept the order',
			) as Array<{ atsAnswer: { sent: boolean } }>;
			expect(answered.atsAnswer.sent).toBe(false);
			const webhook = await waitFor(
				'the status webhook',
				async () =>
					(
						await stack.admin.call<{ ats: { orders: AtsOrder[] } }>('GET', '/state')
					).ats.orders.find((o) => o.backgroundCheckId === order.backgroundCheckId)?.webhooks[0],
				30_000,
			);
			expect(webhook.accepted).toBe(true);

			// The ATS sends it again: the same answer, nothing new.
			const retry = await stack.admin.call<AtsOrder>('POST', '/ats/orders', {
				account_id: 'ACCT123',
				background_check_id: order.backgroundCheckId,
			});
			expect(retry.call.status).toBe(201);
			expect(retry.responseBody).toEqual(order.responseBody);
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			expect(
				[...(await stack.api.executionIds(IMMEDIATE_ID))].filter((e) => !before.has(e)),
			).toHaveLength(1);
			// n8n did not try to answer a second time.
			expect(fs.readFileSync(stack.n8nLogFile, 'utf8')).not.toMatch(
				/ERR_HTTP_HEADERS_SENT|Cannot set headers|Error with Webhook-Response/,
			);
		} finally {
			await stack.admin.call('PUT', '/ats/provider', {
				ordersUrl: `${stack.n8nUrl}/webhook/${wf.nodes.find((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`)?.webhookId}/orders`,
			});
		}
		timer.done();
	}, 120_000);
});
