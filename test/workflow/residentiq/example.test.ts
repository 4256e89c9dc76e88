import { demoCredentials, startSandbox, type RunningSandbox } from '../../../sandbox/server';
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
 * Example 3 (two workflows): the order's Postback URL points at the ResidentIQ Trigger of the second
 * workflow, which reads the final status and decision. Checked as a pair and run against the sandbox;
 * that each is importable and uses only parameters the nodes define is checked for every example in
 * test/workflow/examples.test.ts.
 */

const orderWorkflow = readExample('3-residentiq-order.json');
const postbackWorkflow = readExample('3-residentiq-postback.json');
const CREDENTIAL = { residentIqApi: { id: 'sandbox-riq', name: 'ResidentIQ sandbox' } };
const types = loadPackage().nodes;

beforeAll(() => types.set('n8n-nodes-base.code', new CodeStandIn()));
afterAll(() => types.delete('n8n-nodes-base.code'));

describe.each([
	['3-residentiq-order.json', orderWorkflow],
	['3-residentiq-postback.json', postbackWorkflow],
])('examples/%s', (_file, workflow) => {
	test('is a ResidentIQ example: its nodes use the sandbox credential, sticky notes explain it', () => {
		expect(workflow.name).toMatch(/^3[ab]\. ResidentIQ: /);
		// The postback authentication is the default (the trigger's random URL and read-back): no postback credential.
		for (const node of workflow.nodes.filter(isPackageNode))
			expect(node.credentials).toEqual(CREDENTIAL);
		const notes = byType(workflow, 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(2);
		for (const note of notes) expect(String(note.parameters.content).length).toBeGreaterThan(200);
	});
});

describe('example 3 as a pair', () => {
	const trigger = byType(postbackWorkflow, `${PACKAGE_NAME}.residentIqTrigger`)[0];
	const order = byType(orderWorkflow, `${PACKAGE_NAME}.residentIq`)[0];

	test("the order's Postback URL is the trigger's production URL; the trigger confirms with RIQ", () => {
		const path = types.get(trigger.type)?.description.webhooks?.[0].path;
		expect(trigger.webhookId).toMatch(UUID);
		expect(order.parameters.postbackUrl).toBe(
			`http://localhost:5678/webhook/${trigger.webhookId}/${path}`,
		);
		expect(trigger.parameters.confirmWithRiq).toBe(true);
		// The default postback authentication on both sides: the URL as entered, confirmed by the read-back.
		expect(trigger.parameters.authentication).toBeUndefined();
		expect(order.parameters.postbackAuthentication).toBeUndefined();
	});

	test('the order offers the scoring model drop-down, and its Reference ID is made once per run (no $now in the order)', () => {
		expect(order.parameters.scoringModel).toBe('default');
		expect(
			types
				.get(order.type)
				?.description.properties.find((property) => property.name === 'scoringModel')?.typeOptions,
		).toEqual({
			loadOptionsMethod: 'getScoringModels',
		});
		expect(order.parameters.referenceId).toBe('={{ $json.referenceId }}');
		expect(JSON.stringify(order.parameters)).not.toContain('$now');
	});

	test('sticky notes do not overlap each other or the nodes, and leave the top-right corner free', () => {
		for (const workflow of [orderWorkflow, postbackWorkflow]) {
			const box = (node: (typeof workflow.nodes)[number]) => {
				const [x, y] = node.position;
				const sticky = node.type === 'n8n-nodes-base.stickyNote';
				const width = sticky ? Number(node.parameters.width) : 100;
				const height = sticky ? Number(node.parameters.height) : 100;
				return { x, y, right: x + width, bottom: y + height, sticky };
			};
			const boxes = workflow.nodes.map(box);
			for (const [i, a] of boxes.entries()) {
				for (const b of boxes.slice(i + 1)) {
					const apart = a.right <= b.x || b.right <= a.x || a.bottom <= b.y || b.bottom <= a.y;
					if (a.sticky || b.sticky) expect(apart).toBe(true);
				}
			}
			// n8n's Production Checklist pops up over the top-right corner of the canvas.
			const right = Math.max(...boxes.map((b) => b.right));
			const top = Math.min(...boxes.map((b) => b.y));
			const corner = { x: right - 200, y: top, right, bottom: top + 200 };
			for (const b of boxes.filter((entry) => entry.sticky)) {
				expect(b.right <= corner.x || b.y >= corner.bottom).toBe(true);
			}
		}
	});

	test('the order workflow starts with a Manual Trigger; the postback workflow reads status and decision', () => {
		const start = byType(orderWorkflow, 'n8n-nodes-base.manualTrigger')[0];
		const application = orderWorkflow.connections[start.name].main[0]?.[0]?.node as string;
		expect(application).toBe('New Application');
		expect(orderWorkflow.connections[application].main[0]?.[0]?.node).toBe(order.name);
		expect(order.parameters).toMatchObject({ resource: 'report', operation: 'create' });
		const next = postbackWorkflow.connections[trigger.name].main[0]?.[0]?.node;
		expect(postbackWorkflow.nodes.find((node) => node.name === next)?.parameters).toEqual({
			resource: 'report',
			operation: 'getStatus',
			orderId: '={{ $json.orderId }}',
			reportType: 'decision',
		});
	});
});

describe('example 3 against the sandbox: the postback arrives and the decision is read', () => {
	let sb: RunningSandbox;
	let bridge: WebhookBridge;

	const credentials = () => ({
		residentIqApi: {
			environment: 'custom',
			baseUrl: `${sb.url}/riq`,
			userId: demoCredentials.residentIq.userId,
			password: demoCredentials.residentIq.password,
		},
	});

	beforeAll(async () => {
		sb = await startSandbox({ port: 0, demoData: false });
		await sb.admin.configureRiq({ autoCompleteSeconds: null });
		// Plays n8n's webhook server for the published postback workflow.
		bridge = await startWebhookBridge(
			postbackWorkflow,
			`${PACKAGE_NAME}.residentIqTrigger`,
			'Read Status and Decision',
			credentials(),
		);
	});

	afterAll(async () => {
		await bridge.close();
		await sb.close();
	});

	test('order, complete, postback, status and decision', async () => {
		// What the start script does: point localhost:5678 at the running n8n (here, the bridge).
		const nodes = pointLocalN8nAt(runnable(orderWorkflow), 'postbackUrl', bridge.url);
		const run = await executeWorkflow(nodes, orderWorkflow.connections, {
			credentials: credentials(),
		});
		expect(run.errorOf('Order Screening Report')).toBeUndefined();
		const placed = run.output('Order Screening Report')[0].json;
		expect(placed).toMatchObject({ status: 'pending', product: 'RIQ Standard' });
		expect(String(placed.referenceId)).toMatch(/^EXAMPLE-3-\d+$/);

		const answer = await sb.admin.request('POST', `/riq/orders/${String(placed.orderId)}/complete`);
		expect(answer.status).toBe(200);
		expect(bridge.statuses).toEqual([200]);
		await bridge.settled();
		const decisions = bridge.outputs;
		expect(decisions).toHaveLength(1);
		expect(decisions[0].json).toMatchObject({
			orderId: placed.orderId,
			referenceId: placed.referenceId,
			status: 'ready',
			decision: 'Accept',
			reportType: 'decision',
			reportUrl: null,
		});
	});
});
