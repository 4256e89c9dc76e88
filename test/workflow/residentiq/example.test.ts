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

import { demoCredentials, startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { deliverWebhook, executeWorkflow, HarnessCredentialsHelper, loadPackage, PACKAGE_NAME } from '../../harness';

/**
 * Example 3 (two workflows): the order's Postback URL points at the ResidentIQ Trigger of the second
 * workflow, which reads the final status and decision. Checked statically and run against the sandbox.
 */

interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings: Record<string, unknown>;
	active: boolean;
	pinData: Record<string, unknown>;
}

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const read = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as ExampleWorkflow;
const orderWorkflow = read('3-residentiq-order.json');
const postbackWorkflow = read('3-residentiq-postback.json');

const BUILT_INS: Record<string, number[]> = {
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.code': [2],
	'n8n-nodes-base.set': [3, 3.1, 3.2, 3.3, 3.4],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.stickyNote': [1],
};
const CREDENTIAL = { residentIqApi: { id: 'sandbox-riq', name: 'ResidentIQ sandbox' } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const types = loadPackage().nodes;

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');
const shown = (property: INodeProperties, values: INodeParameters, root: INodeParameters, description: INodeTypeDescription) =>
	NodeHelpers.displayParameter(values, property, { typeVersion: 1 }, description, root);

/** Parameters a node does not define or does not show for the chosen settings, values it does not offer, required ones missing. */
function parameterProblems(
	values: INodeParameters,
	properties: INodeProperties[],
	root: INodeParameters,
	description: INodeTypeDescription,
	path = '',
): string[] {
	const problems: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		const property = properties.find((candidate) => candidate.name === key && shown(candidate, path ? values : root, root, description));
		if (!property) {
			problems.push(`${path}${key}: not a parameter shown for these settings`);
			continue;
		}
		if (property.type === 'options' && !isExpression(value) && !property.typeOptions?.loadOptionsMethod) {
			const allowed = (property.options as INodePropertyOptions[]).map((option) => option.value);
			if (!allowed.includes(value as string)) problems.push(`${path}${key}: "${String(value)}" is not an option`);
		}
		if (property.type === 'boolean' && typeof value !== 'boolean') problems.push(`${path}${key}: not a boolean`);
		if (property.type === 'number' && typeof value !== 'number' && !isExpression(value)) problems.push(`${path}${key}: not a number`);
		if (property.type === 'collection') {
			problems.push(...parameterProblems(value as INodeParameters, property.options as INodeProperties[], root, description, `${path}${key}.`));
		}
		if (property.type === 'fixedCollection') {
			for (const [groupName, entries] of Object.entries(value as Record<string, unknown>)) {
				const group = (property.options as INodePropertyCollection[]).find((candidate) => candidate.name === groupName);
				if (!group) {
					problems.push(`${path}${key}.${groupName}: not a group`);
					continue;
				}
				(Array.isArray(entries) ? entries : [entries]).forEach((entry, index) =>
					problems.push(...parameterProblems(entry as INodeParameters, group.values, root, description, `${path}${key}.${groupName}[${index}].`)),
				);
			}
		}
	}
	if (!path) {
		for (const property of properties) {
			if (property.required && shown(property, root, root, description) && (values[property.name] ?? '') === '') {
				problems.push(`${property.name}: required`);
			}
		}
	}
	return problems;
}

test('the parameter check itself catches unknown parameters, hidden ones, bad values and missing required ones', () => {
	const description = types.get(`${PACKAGE_NAME}.residentIq`)!.description;
	const values: INodeParameters = { resource: 'report', operation: 'getStatus', orderId: '1', reportType: 'everything', decision: 'Accept', bogus: 1 };
	const root = NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion: 1 }, description);
	expect(parameterProblems(values, description.properties, root ?? values, description)).toEqual([
		'reportType: "everything" is not an option',
		'decision: not a parameter shown for these settings',
		'bogus: not a parameter shown for these settings',
	]);
	const missing: INodeParameters = { resource: 'group', operation: 'link', orderId: '1' };
	const missingRoot = NodeHelpers.getNodeParameters(description.properties, missing, true, false, { typeVersion: 1 }, description);
	expect(parameterProblems(missing, description.properties, missingRoot ?? missing, description)).toEqual(['otherOrderIds: required']);
});

const byType = (workflow: ExampleWorkflow, type: string) => workflow.nodes.filter((node) => node.type === type);

describe.each([
	['3-residentiq-order.json', orderWorkflow],
	['3-residentiq-postback.json', postbackWorkflow],
])('examples/%s', (_file, workflow) => {
	test('is an importable n8n workflow with fixed ids', () => {
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(workflow.name).toMatch(/^3[ab]\. ResidentIQ: /);
		expect(workflow.settings).toEqual({ executionOrder: 'v1' });
		expect(workflow.active).toBe(false);
		expect(workflow.pinData).toEqual({});
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(workflow.nodes.length);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(workflow.nodes.map((node) => node.position.join(','))).size).toBe(names.length);
		for (const node of workflow.nodes) expect(node.id).toMatch(UUID);
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(source);
			for (const target of (outputs.main ?? []).flat()) expect(names).toContain(target?.node);
		}
	});

	test('uses existing node types, version 1 of ours, and the sandbox credential', () => {
		for (const node of workflow.nodes) {
			if (!node.type.startsWith(`${PACKAGE_NAME}.`)) {
				expect(BUILT_INS[node.type]).toContain(node.typeVersion);
				continue;
			}
			expect(types.get(node.type)).toBeDefined();
			expect(node.typeVersion).toBe(1);
			expect(node.credentials).toEqual(CREDENTIAL);
		}
	});

	test('sets only parameters the ResidentIQ nodes define and show, with values they accept', () => {
		for (const node of workflow.nodes.filter((candidate) => candidate.type.startsWith(`${PACKAGE_NAME}.`))) {
			const description = types.get(node.type)!.description;
			const root = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, { typeVersion: 1 }, description);
			const problems = parameterProblems(node.parameters, description.properties, root ?? node.parameters, description);
			expect({ node: node.name, problems }).toEqual({ node: node.name, problems: [] });
		}
	});

	test('explains itself with sticky notes', () => {
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
		expect(order.parameters.postbackUrl).toBe(`http://localhost:5678/webhook/${trigger.webhookId}/${path}`);
		expect(trigger.parameters.confirmWithRiq).toBe(true);
	});

	test('the order workflow starts with a Manual Trigger; the postback workflow reads status and decision', () => {
		const start = byType(orderWorkflow, 'n8n-nodes-base.manualTrigger')[0];
		expect(orderWorkflow.connections[start.name].main[0]?.[0]?.node).toBe(order.name);
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
	let bridge: Server;
	let bridgeUrl = '';
	const statuses: number[] = [];
	const decisions: INodeExecutionData[] = [];
	const handled: Array<Promise<void>> = [];

	const credentials = () => ({
		residentIqApi: {
			environment: 'custom',
			baseUrl: `${sb.url}/riq`,
			userId: demoCredentials.residentIq.userId,
			password: demoCredentials.residentIq.password,
		},
	});
	/** The nodes as n8n runs them: sticky notes dropped, the Manual Trigger played by the harness start. */
	const runnable = (workflow: ExampleWorkflow): INode[] =>
		workflow.nodes
			.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
			.map((node) => (node.type === 'n8n-nodes-base.manualTrigger' ? { ...node, type: 'harness.start' } : node));

	beforeAll(async () => {
		sb = await startSandbox({ port: 0, demoData: false });
		await fetch(`${sb.url}/_admin/riq/settings`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ autoCompleteSeconds: null }),
		});
		// Plays n8n's webhook server for the published postback workflow.
		bridge = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				handled.push(
					(async () => {
						const trigger = byType(postbackWorkflow, `${PACKAGE_NAME}.residentIqTrigger`)[0];
						const helper = new HarnessCredentialsHelper({ ...credentials() });
						const { response, items } = await deliverWebhook(
							{ type: trigger.type, parameters: trigger.parameters, settings: { webhookId: trigger.webhookId } },
							{ headers: { 'content-type': String(req.headers['content-type']) }, body: Buffer.concat(chunks).toString('utf8') },
							{ credentials: credentials(), credentialsHelper: helper },
						);
						statuses.push(response.statusCode);
						res.writeHead(response.statusCode, { 'Content-Type': 'application/json' });
						res.end(JSON.stringify(response.body));
						if (!items) return;
						const run = await executeWorkflow(runnable(postbackWorkflow), postbackWorkflow.connections, {
							credentialsHelper: helper,
							input: items,
							mode: 'webhook',
						});
						decisions.push(...run.output('Read Status and Decision'));
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

	test('order, complete, postback, status and decision', async () => {
		// What the start script does: point localhost:5678 at the running n8n (here, the bridge).
		const nodes = runnable(orderWorkflow).map((node) =>
			node.parameters.postbackUrl
				? { ...node, parameters: { ...node.parameters, postbackUrl: String(node.parameters.postbackUrl).replace('http://localhost:5678', bridgeUrl) } }
				: node,
		);
		const run = await executeWorkflow(nodes, orderWorkflow.connections, { credentials: credentials() });
		expect(run.errorOf('Order Screening Report')).toBeUndefined();
		const placed = run.output('Order Screening Report')[0].json;
		expect(placed).toMatchObject({ status: 'pending', product: 'RIQ Standard' });
		expect(String(placed.referenceId)).toMatch(/^EXAMPLE-3-\d+$/);

		const answer = await fetch(`${sb.url}/_admin/riq/orders/${String(placed.orderId)}/complete`, { method: 'POST' });
		expect(answer.status).toBe(200);
		expect(statuses).toEqual([200]);
		await Promise.all(handled);
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
