import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
	NodeHelpers,
	type IConnections,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { RunningSandbox } from '../../../sandbox/server';
import { demoCredentials, startSandbox } from '../../../sandbox/server';
import { deliverWebhook, executeWorkflow, HarnessCredentialsHelper, loadPackage, PACKAGE_NAME } from '../../harness';

/**
 * Example 4 (two workflows): the order workflow's Return URL points at the callback workflow's trigger.
 * Checked statically (only parameters and values the nodes define) and run against the sandbox.
 */

interface ExampleNode extends INode {
	credentials?: Record<string, { id: string; name: string }>;
}

interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: ExampleNode[];
	connections: IConnections;
	settings: Record<string, unknown>;
	active: boolean;
	pinData: Record<string, unknown>;
}

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const read = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as ExampleWorkflow;
const orderWorkflow = read('4-choice-order.json');
const callbackWorkflow = read('4-choice-callback.json');

const BUILT_INS: Record<string, number[]> = {
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.code': [2],
	'n8n-nodes-base.set': [3, 3.1, 3.2, 3.3, 3.4],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.stickyNote': [1],
};
const CREDENTIAL = { id: 'sandbox-choice', name: 'Choice Screening sandbox' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/** Parameters that the node does not define, or does not show for the chosen settings, and unknown option values. */
function parameterProblems(
	values: INodeParameters,
	properties: INodeProperties[],
	root: INodeParameters,
	description: INodeTypeDescription,
	path: string,
): string[] {
	const problems: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		const shown = properties.filter(
			(property) =>
				property.name === key &&
				NodeHelpers.displayParameter(path ? values : root, property, { typeVersion: 1 }, description, root),
		);
		if (!shown.length) {
			problems.push(`${path}${key}: not a parameter shown for these settings`);
			continue;
		}
		const property = shown[0];
		if (property.type === 'options' && !isExpression(value) && !property.typeOptions?.loadOptionsMethod) {
			const allowed = (property.options as INodePropertyOptions[]).map((option) => option.value);
			if (!allowed.includes(value as string)) problems.push(`${path}${key}: "${String(value)}" is not an option`);
		}
		if (property.type === 'collection') {
			problems.push(
				...parameterProblems(
					value as INodeParameters,
					property.options as INodeProperties[],
					root,
					description,
					`${path}${key}.`,
				),
			);
		}
		if (property.type === 'fixedCollection') {
			for (const [groupName, entries] of Object.entries(value as Record<string, unknown>)) {
				const group = (property.options as INodePropertyCollection[]).find((candidate) => candidate.name === groupName);
				if (!group) {
					problems.push(`${path}${key}.${groupName}: not a group`);
					continue;
				}
				(Array.isArray(entries) ? entries : [entries]).forEach((entry, index) =>
					problems.push(
						...parameterProblems(
							entry as INodeParameters,
							group.values,
							root,
							description,
							`${path}${key}.${groupName}[${index}].`,
						),
					),
				);
			}
		}
	}
	if (!path) {
		for (const property of properties) {
			if (!property.required || !NodeHelpers.displayParameter(root, property, { typeVersion: 1 }, description))
				continue;
			if (values[property.name] === undefined || values[property.name] === '')
				problems.push(`${property.name}: required`);
		}
	}
	return problems;
}

const byType = (workflow: ExampleWorkflow, type: string) => workflow.nodes.filter((node) => node.type === type);

describe.each([
	['4-choice-order.json', orderWorkflow],
	['4-choice-callback.json', callbackWorkflow],
])('examples/%s', (_file, workflow) => {
	const types = loadPackage().nodes;

	test('is an importable n8n workflow with fixed ids', () => {
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(workflow.name).toMatch(/Choice Screening/);
		expect(workflow.settings).toEqual({ executionOrder: 'v1' });
		expect(workflow.active).toBe(false);
		expect(workflow.pinData).toEqual({});
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(workflow.nodes.length);
		expect(new Set(workflow.nodes.map((node) => node.name)).size).toBe(workflow.nodes.length);
		expect(new Set(workflow.nodes.map((node) => node.position.join(','))).size).toBe(workflow.nodes.length);
		for (const node of workflow.nodes) expect(node.id).toMatch(UUID);
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			expect(workflow.nodes.map((node) => node.name)).toContain(source);
			for (const target of (outputs.main ?? []).flat()) {
				expect(workflow.nodes.map((node) => node.name)).toContain(target?.node);
			}
		}
	});

	test('uses only existing node types, and the sandbox credential where one is needed', () => {
		for (const node of workflow.nodes) {
			if (!node.type.startsWith(`${PACKAGE_NAME}.`)) {
				expect(BUILT_INS[node.type]).toContain(node.typeVersion);
				continue;
			}
			const description = types.get(node.type)?.description;
			expect(description).toBeDefined();
			expect(node.typeVersion).toBe(1);
			expect(node.credentials).toEqual({ choiceScreeningApi: CREDENTIAL });
		}
	});

	test('sets only parameters the Choice Screening nodes define and show, with values they accept', () => {
		for (const node of workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
			const description = types.get(node.type)!.description;
			// Shown or not is decided on the values n8n sees: the saved ones plus defaults.
			const root = NodeHelpers.getNodeParameters(
				description.properties,
				node.parameters,
				true,
				false,
				{ typeVersion: 1 },
				description,
			);
			const problems = parameterProblems(
				node.parameters,
				description.properties,
				root ?? node.parameters,
				description,
				'',
			);
			expect({ node: node.name, problems }).toEqual({ node: node.name, problems: [] });
		}
	});

	test('explains itself with a sticky note', () => {
		const notes = byType(workflow, 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(1);
		for (const note of notes) expect(String(note.parameters.content).length).toBeGreaterThan(200);
	});
});

describe('example 4 as a pair', () => {
	const trigger = byType(callbackWorkflow, `${PACKAGE_NAME}.choiceScreeningTrigger`)[0];
	const order = byType(orderWorkflow, `${PACKAGE_NAME}.choiceScreening`)[0];

	test("the order's Return URL is the callback trigger's production URL", () => {
		const path = loadPackage().nodes.get(trigger.type)?.description.webhooks?.[0].path;
		expect(trigger.webhookId).toMatch(UUID);
		expect(order.parameters.returnUrl).toBe(`http://localhost:5678/webhook/${trigger.webhookId}/${path}`);
	});

	test('the order workflow starts with a Manual Trigger and orders; the callback workflow fetches the report', () => {
		const start = byType(orderWorkflow, 'n8n-nodes-base.manualTrigger')[0];
		expect(orderWorkflow.connections[start.name].main[0]?.[0]?.node).toBe(order.name);
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
	let bridge: Server;
	let bridgeUrl = '';
	const reports: INodeExecutionData[] = [];
	const statuses: number[] = [];
	/** Each delivered callback's handling, including the workflow run that follows the answer. */
	const handled: Array<Promise<void>> = [];

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
		};
	};
	/** The workflow's nodes as n8n would run them (sticky notes dropped; the Manual Trigger becomes the harness start). */
	const runnable = (workflow: ExampleWorkflow): INode[] =>
		workflow.nodes
			.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
			.map((node) => (node.type === 'n8n-nodes-base.manualTrigger' ? { ...node, type: 'harness.start' } : node));

	beforeAll(async () => {
		sb = await startSandbox({ port: 0, demoData: false });
		await fetch(`${sb.url}/_admin/choice/settings`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ autoCompleteSeconds: null }),
		});
		// Plays n8n's webhook server for the published callback workflow.
		bridge = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				handled.push(
					(async () => {
						const trigger = callbackWorkflow.nodes.find((node) => node.type.endsWith('.choiceScreeningTrigger'))!;
						const helper = new HarnessCredentialsHelper({ ...credentials() });
						const { response, items } = await deliverWebhook(
							{ type: trigger.type, parameters: trigger.parameters, settings: { webhookId: trigger.webhookId } },
							{
								headers: { 'content-type': String(req.headers['content-type']) },
								body: Buffer.concat(chunks).toString('utf8'),
							},
							{ credentials: credentials(), credentialsHelper: helper },
						);
						statuses.push(response.statusCode);
						res.writeHead(response.statusCode, { 'Content-Type': 'application/json' });
						res.end(JSON.stringify(response.body));
						if (!items) return;
						const run = await executeWorkflow(runnable(callbackWorkflow), callbackWorkflow.connections, {
							credentialsHelper: helper,
							input: items,
							mode: 'webhook',
						});
						reports.push(...run.output('Get Report'));
					})(),
				);
			});
		});
		await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
		bridgeUrl = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => bridge.close(resolve));
		await sb.close();
	});

	test('order, complete, callback, report', async () => {
		// What the start script does: point localhost:5678 at the running n8n (here, the bridge).
		const nodes = runnable(orderWorkflow).map((node) =>
			node.parameters.returnUrl
				? {
						...node,
						parameters: {
							...node.parameters,
							returnUrl: String(node.parameters.returnUrl).replace('http://localhost:5678', bridgeUrl),
						},
					}
				: node,
		);
		const run = await executeWorkflow(nodes, orderWorkflow.connections, { credentials: credentials() });
		expect(run.errorOf('Order Background Check')).toBeUndefined();
		const placed = run.output('Order Background Check')[0].json;
		expect(String(placed.trackingId)).toMatch(/^EXAMPLE-4-\d+$/);
		const orderId = String(placed.orderId);

		const answer = await fetch(`${sb.url}/_admin/choice/orders/${orderId}/complete`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ result: 'Clear' }),
		});
		expect(answer.status).toBe(200);
		expect(statuses).toEqual([200]);
		// The callback workflow runs after the trigger answered: wait for that run to finish.
		await Promise.all(handled);
		expect(reports).toHaveLength(1);
		expect(reports[0].json).toMatchObject({ orderId, fileName: `choice-report-${orderId}.html` });
		const html = Buffer.from(String(reports[0].binary?.data.data), 'base64').toString('utf8');
		expect(html).toContain(`Background Report #${orderId}`);
	});
});
