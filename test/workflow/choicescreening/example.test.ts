import type { RunningSandbox } from '../../../sandbox/server';
import { demoCredentials, startSandbox } from '../../../sandbox/server';
import { executeWorkflow, loadPackage, PACKAGE_NAME } from '../../../harness';
import { CodeStandIn } from '../../../harness/code-stand-in';
import {
	isPackageNode,
	nodesOfType as byType,
	pointLocalN8nAt,
	readExample,
	runnableNodes as runnable,
	startWebhookBridge,
	UUID,
	type WebhookBridge,
} from '../../../harness/examples';

/**
 * Example 4 (two workflows): the order workflow's Return URL points at the callback workflow's trigger.
 * Checked as a pair and run against the sandbox; that each is importable and uses only parameters
 * and values the nodes define is checked for every example in test/workflow/examples.test.ts.
 */

const orderWorkflow = readExample('4-choice-order.json');
const callbackWorkflow = readExample('4-choice-callback.json');
const CREDENTIAL = { id: 'sandbox-choice', name: 'Choice Screening sandbox' };
const types = loadPackage().nodes;
// The order workflow's applicant comes from a Code node, which the harness does not load.
beforeAll(() => types.set('n8n-nodes-base.code', new CodeStandIn()));
afterAll(() => types.delete('n8n-nodes-base.code'));
const CALLBACK_CREDENTIAL = {
	id: 'sandbox-choice-callback',
	name: 'Choice Screening callback (sandbox)',
};

describe.each([
	['4-choice-order.json', orderWorkflow],
	['4-choice-callback.json', callbackWorkflow],
])('examples/%s', (_file, workflow) => {
	test('is a Choice Screening example: its nodes use the sandbox credential, a sticky note explains it', () => {
		expect(workflow.name).toMatch(/Choice Screening/);
		for (const node of workflow.nodes.filter(isPackageNode)) {
			const callback = node.type.endsWith('Trigger')
				? { choiceScreeningCallbackApi: CALLBACK_CREDENTIAL }
				: {};
			expect(node.credentials).toEqual({ choiceScreeningApi: CREDENTIAL, ...callback });
		}
		for (const note of byType(workflow, 'n8n-nodes-base.stickyNote')) {
			expect(String(note.parameters.content).length).toBeGreaterThan(200);
		}
	});
});

describe('example 4 as a pair', () => {
	const trigger = byType(callbackWorkflow, `${PACKAGE_NAME}.choiceScreeningTrigger`)[0];
	const order = byType(orderWorkflow, `${PACKAGE_NAME}.choiceScreening`)[0];

	test('the trigger keeps the secure defaults: Basic Auth and confirmation with Choice', () => {
		expect(trigger.parameters).toMatchObject({
			authentication: 'basicAuth',
			confirmWithChoice: true,
		});
	});

	test("the order's Return URL is the callback trigger's production URL", () => {
		const path = loadPackage().nodes.get(trigger.type)?.description.webhooks?.[0].path;
		expect(trigger.webhookId).toMatch(UUID);
		expect(order.parameters.returnUrl).toBe(
			`http://localhost:5678/webhook/${trigger.webhookId}/${path}`,
		);
	});

	test('the order workflow starts with a Manual Trigger, takes the applicant from the previous node and orders; the callback workflow fetches the report', () => {
		const start = byType(orderWorkflow, 'n8n-nodes-base.manualTrigger')[0];
		const applicant = orderWorkflow.connections[start.name].main[0]?.[0]?.node ?? '';
		expect(applicant).toBe('Applicant (your system)');
		expect(orderWorkflow.connections[applicant].main[0]?.[0]?.node).toBe(order.name);
		// Personal data is mapped from the previous node, never typed into the order.
		expect(order.parameters.dateOfBirth).toBe('={{ $json.applicant.dateOfBirth }}');
		expect(order.parameters).toMatchObject({ resource: 'order', operation: 'create' });
		const next = callbackWorkflow.connections[trigger.name].main[0]?.[0]?.node;
		const report = callbackWorkflow.nodes.find((node) => node.name === next);
		expect(report?.parameters).toMatchObject({
			resource: 'order',
			operation: 'getReport',
			orderId: '={{ $json.orderId }}',
		});
	});
});

describe('example 4 against the sandbox: the callback arrives and the report is fetched', () => {
	let sb: RunningSandbox;
	let bridge: WebhookBridge;

	const credentials = () => {
		const demo = demoCredentials.choiceScreening;
		return {
			choiceScreeningApi: {
				authentication: 'clientCredentials',
				environment: 'custom',
				baseUrl: `${sb.url}/choice`,
				tokenUrl: `${sb.url}/choice/connect/token`,
				clientId: demo.clientId,
				clientSecret: demo.clientSecret,
				scope: demo.scope,
			},
			// The sandbox sends its callbacks with these (the trigger requires Basic Auth).
			choiceScreeningCallbackApi: { user: demo.callbackUser, password: demo.callbackPassword },
		};
	};

	beforeAll(async () => {
		sb = await startSandbox({ port: 0, demoData: false });
		await sb.admin.configureChoice({ autoCompleteSeconds: null });
		// Plays n8n's webhook server for the published callback workflow.
		bridge = await startWebhookBridge(
			callbackWorkflow,
			`${PACKAGE_NAME}.choiceScreeningTrigger`,
			'Get Report',
			credentials(),
		);
	});

	afterAll(async () => {
		await bridge.close();
		await sb.close();
	});

	test('order, complete, callback, report', async () => {
		// What the start script does: point localhost:5678 at the running n8n (here, the bridge).
		const nodes = pointLocalN8nAt(runnable(orderWorkflow), 'returnUrl', bridge.url);
		const run = await executeWorkflow(nodes, orderWorkflow.connections, {
			credentials: credentials(),
		});
		expect(run.errorOf('Order Background Check')).toBeUndefined();
		const placed = run.output('Order Background Check')[0].json;
		expect(String(placed.trackingId)).toMatch(/^EXAMPLE-4-\d+$/);
		const orderId = String(placed.orderId);

		const answer = await sb.admin.request('POST', `/choice/orders/${orderId}/complete`, {
			result: 'Clear',
		});
		expect(answer.status).toBe(200);
		expect(bridge.statuses).toEqual([200]);
		// The callback workflow runs after the trigger answered: wait for that run to finish.
		await bridge.settled();
		const reports = bridge.outputs;
		expect(reports).toHaveLength(1);
		expect(reports[0].json).toMatchObject({ orderId, fileName: `choice-report-${orderId}.html` });
		const html = Buffer.from(String(reports[0].binary?.data.data), 'base64').toString('utf8');
		expect(html).toContain(`Background Report #${orderId}`);
	});
});
