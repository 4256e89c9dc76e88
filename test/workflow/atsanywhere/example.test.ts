import { Script } from 'node:vm';

import nock from 'nock';
import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { deliverWebhook, loadPackage, PACKAGE_NAME } from '../../harness';
import { loadExample, runExample } from './example-runner';
import { AUTH, credentials, SEED_PACKAGE_LIST, seedOrder } from './fixtures';

const BUILT_INS = new Set(['n8n-nodes-base.code', 'n8n-nodes-base.set', 'n8n-nodes-base.noOp', 'n8n-nodes-base.stickyNote']);
const CREDENTIAL_REF = { atsAnywhereApi: { id: 'sandbox-ats', name: 'ATS Anywhere sandbox' } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/** Keys that are not parameters shown for the node's settings, and option values it does not offer. */
function parameterProblems(
	properties: INodeProperties[],
	values: INodeParameters,
	node: INode,
	description: INodeTypeDescription,
	path = '',
): string[] {
	const problems: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		const where = `${path}${key}`;
		const property = properties.find(
			(candidate) =>
				candidate.name === key &&
				(path !== '' || NodeHelpers.displayParameter(node.parameters, candidate, node, description, node.parameters)),
		);
		if (!property) {
			problems.push(`${where} is not a parameter shown for these settings`);
			continue;
		}
		if (isExpression(value)) continue;
		if (property.type === 'options') {
			const allowed = (property.options ?? []).map((option) => ('value' in option ? option.value : undefined));
			if (!allowed.includes(value as string)) problems.push(`${where}: "${String(value)}" is not offered`);
		}
		if (property.type === 'collection' && value && typeof value === 'object') {
			problems.push(...parameterProblems(property.options as INodeProperties[], value as INodeParameters, node, description, `${where}.`));
		}
		if (property.type === 'fixedCollection' && value && typeof value === 'object') {
			for (const [group, entries] of Object.entries(value as Record<string, unknown>)) {
				const collection = (property.options ?? []).find((option) => option.name === group) as { values: INodeProperties[] } | undefined;
				if (!collection) {
					problems.push(`${where}.${group} is not a group of ${key}`);
					continue;
				}
				(Array.isArray(entries) ? entries : [entries]).forEach((entry, index) =>
					problems.push(...parameterProblems(collection.values, entry as INodeParameters, node, description, `${where}.${group}[${index}].`)),
				);
			}
		}
	}
	return problems;
}

const workflow = loadExample();
const packageNodes = loadPackage().nodes;
const ours = workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`));
const trigger = ours.find((node) => node.type === `${PACKAGE_NAME}.atsAnywhereTrigger`)!;
const statusUpdate = ours.find((node) => node.type === `${PACKAGE_NAME}.atsAnywhere`)!;

describe('examples/2-ats-anywhere-orders.json', () => {
	test('the parameter check catches unknown, hidden and invalid values', () => {
		const description = packageNodes.get(`${PACKAGE_NAME}.atsAnywhere`)!.description;
		const parameters: INodeParameters = {
			resource: 'statusUpdate',
			operation: 'send',
			authentication: 'digest',
			answer: 'accept',
			colour: 'blue',
			options: { retries: 2 },
		};
		const node = { parameters, typeVersion: 1 } as unknown as INode;
		expect(parameterProblems(description.properties, parameters, node, description)).toEqual([
			'authentication: "digest" is not offered',
			'answer is not a parameter shown for these settings',
			'colour is not a parameter shown for these settings',
			'options.retries is not a parameter shown for these settings',
		]);
	});

	test('is an importable n8n workflow', () => {
		expect(workflow.id).toBe('ex2AtsAnywhere01');
		expect(workflow.name).toMatch(/ATS Anywhere/);
		expect(workflow.settings).toEqual({ executionOrder: 'v1' });
		expect(workflow.active).toBe(false);
		expect(workflow.pinData).toEqual({});
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		const ids = workflow.nodes.map((node) => node.id);
		expect(new Set(ids).size).toBe(ids.length);
		const positions = workflow.nodes.map((node) => node.position.join(','));
		expect(new Set(positions).size).toBe(positions.length);
		for (const node of workflow.nodes) expect(node.id).toMatch(UUID);
		expect(trigger.webhookId).toMatch(UUID);
	});

	test('uses only this package\'s nodes (typeVersion 1) and the allowed built-ins; the flow is trigger -> case -> status update', () => {
		for (const node of workflow.nodes) {
			if (node.type.startsWith(`${PACKAGE_NAME}.`)) {
				expect(packageNodes.has(node.type)).toBe(true);
				expect(node.typeVersion).toBe(1);
			} else {
				expect(BUILT_INS.has(node.type)).toBe(true);
			}
		}
		expect(workflow.connections).toEqual({
			'ATS Anywhere Trigger': { main: [[{ node: 'Create the case', type: 'main', index: 0 }]] },
			'Create the case': { main: [[{ node: 'Send the result to the ATS', type: 'main', index: 0 }]] },
		});
		const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(2);
		for (const note of notes) expect(String(note.parameters.content).length).toBeGreaterThan(100);
	});

	test('Code nodes are typeVersion 2 and hold JavaScript that parses', () => {
		for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.code')) {
			expect(node.typeVersion).toBe(2);
			expect(() => new Script(`(async function () {\n${String(node.parameters.jsCode)}\n})`)).not.toThrow();
		}
	});

	test('package nodes set only parameters and values the nodes define, and nothing required is missing', () => {
		for (const node of ours) {
			const description = packageNodes.get(node.type)!.description;
			expect({ node: node.name, problems: parameterProblems(description.properties, node.parameters, node, description) }).toEqual({
				node: node.name,
				problems: [],
			});
			const withDefaults = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description);
			const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: withDefaults ?? {} }, description);
			expect({ node: node.name, issues }).toEqual({ node: node.name, issues: null });
		}
	});

	test('the trigger uses the sandbox credential and offers the seed\'s packages', async () => {
		expect(trigger.credentials).toEqual(CREDENTIAL_REF);
		const { response } = await deliverWebhook(
			{ type: 'atsAnywhereTrigger', parameters: trigger.parameters },
			{ method: 'GET', headers: AUTH },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(JSON.stringify(response.body)).toBe(JSON.stringify(SEED_PACKAGE_LIST));
	});

	test('the status update sends an https result link and needs no credential (authentication None)', () => {
		expect(statusUpdate.parameters).toMatchObject({ resource: 'statusUpdate', operation: 'send', authentication: 'none' });
		expect(String(statusUpdate.parameters.resultLinkUrl)).toMatch(/^=https:\/\//);
		expect(statusUpdate.credentials).toBeUndefined();
	});

	describe('runs (in-process, Code node stand-in)', () => {
		beforeAll(() => nock.disableNetConnect());
		afterEach(() => nock.cleanAll());
		afterAll(() => {
			nock.enableNetConnect();
			nock.restore();
		});

		test('an order becomes one execution that posts the seed-shaped status webhook', async () => {
			const bodies: unknown[] = [];
			nock('https://api.applicant-tracking.com')
				.post('/yourco_webhooks', (body) => bodies.push(body) > 0)
				.reply(503, { error_message: 'busy' }, { 'Retry-After': '0' })
				.post('/yourco_webhooks', (body) => bodies.push(body) > 0)
				.reply(200, { received: true });
			const delivered = await deliverWebhook(
				{ type: 'atsAnywhereTrigger', parameters: trigger.parameters },
				{ method: 'POST', headers: AUTH, body: seedOrder() },
				{ credentials },
			);
			expect(delivered.response.statusCode).toBe(201);
			const run = await runExample(delivered.items ?? [], { credentials });
			expect(run.errorOf('Send the result to the ATS')).toBeUndefined();
			const expected = {
				background_check_id: '224466',
				status: 'complete',
				result: 'Pass',
				result_link_url: 'https://screening.example.com/background_checks/CASE-224466/results',
			};
			expect(bodies).toEqual([expected, expected]);
			expect(run.output('Send the result to the ATS')[0].json).toMatchObject({ sent: expected, attempts: 2 });
			// The stand-in for the case system passes on IDs only.
			expect(JSON.stringify(run.output('Create the case'))).not.toContain('888-555-1234');
		});
	});
});
