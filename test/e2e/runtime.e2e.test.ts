import {
	PACKAGE_NAME,
	SANDBOX_CREDENTIALS,
	nodeOutput,
	type WorkflowInput,
} from '../../scripts/runtime';
import { postWebhook, startTestStack } from './helpers';

/** A published workflow: Webhook -> PageUp "get pending" with the sandbox credential; answers with the checks. */
const pendingChecks: WorkflowInput = {
	id: 'e2eSmokePending1',
	name: 'e2e smoke: PageUp pending checks',
	nodes: [
		{
			id: 'w1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5b0e2f5e-0c3c-4c36-9a53-6f1d5d2b0e01',
			parameters: {
				httpMethod: 'POST',
				path: 'e2e-smoke-pending',
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
		},
		{
			id: 'p1',
			name: 'PageUp',
			type: `${PACKAGE_NAME}.pageUp`,
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'backgroundCheck', operation: 'getPending', provider: 'bg' },
			credentials: { pageUpApi: SANDBOX_CREDENTIALS.pageUpApi },
		},
	],
	connections: { Webhook: { main: [[{ node: 'PageUp', type: 'main', index: 0 }]] } },
	settings: {},
};

describe('runtime (real n8n, package installed as a community package, sandbox)', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;

	beforeAll(async () => {
		stack = await startTestStack({ workflows: [pendingChecks], publish: 'all' });
	}, 300_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	it('answers /healthz', async () => {
		const response = await fetch(`${stack.n8nUrl}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	it('loads the package node types under the package name', () => {
		expect(stack.nodeTypes).toContain(`${PACKAGE_NAME}.pageUp`);
	});

	it('publishes the workflow', () => {
		expect(stack.published).toEqual([
			{ id: pendingChecks.id, name: pendingChecks.name, active: true },
		]);
		expect(stack.activeWorkflows.map((wf) => wf.id)).toContain(pendingChecks.id);
	});

	it('runs the PageUp node against the sandbox through a production webhook', async () => {
		const before = await stack.api.executionIds(pendingChecks.id ?? '');
		const { status, json } = await postWebhook(stack, 'e2e-smoke-pending', {});
		expect(status).toBe(200);
		expect(Array.isArray(json) ? json.length : 0).toBeGreaterThan(0);

		const execution = await stack.api.waitForExecution(pendingChecks.id ?? '', { after: before });
		expect(execution.status).toBe('success');
		const checks = nodeOutput(execution, 'PageUp');
		expect(checks.length).toBeGreaterThan(0);
		expect(checks[0]).toHaveProperty('status', 'pending');

		const pageUpCalls =
			stack.sandbox?.raw.sandbox.requestLog.filter((entry) => entry.vendor === 'pageup') ?? [];
		expect(pageUpCalls.length).toBeGreaterThan(0);
	});
});
