import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	NodeHelpers,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { loadPackage, PACKAGE_NAME } from '../../harness';

/**
 * The example workflow users import: every node type exists, every parameter is one the node
 * defines and shows for the chosen resource/operation/status, and every option value exists, so
 * the example cannot silently rot when the nodes change.
 */

interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: INodeParameters;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings: Record<string, unknown>;
	active: boolean;
	pinData: Record<string, unknown>;
}

const FILE = join(__dirname, '..', '..', '..', 'examples', '1-pageup-status-flow.json');
const workflow = JSON.parse(readFileSync(FILE, 'utf8')) as ExampleWorkflow;
const BUILT_INS: Record<string, number[]> = {
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.scheduleTrigger': [1, 1.1, 1.2],
	'n8n-nodes-base.code': [2],
	'n8n-nodes-base.set': [3, 3.1, 3.2, 3.3, 3.4],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.stickyNote': [1],
};
const CREDENTIAL_IDS: Record<string, string> = { pageUpApi: 'sandbox-pageup' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/** Problems with `values` against `properties`, shown as they would be for `root` (the node's parameters). */
function parameterProblems(
	values: INodeParameters,
	properties: INodeProperties[],
	root: INodeParameters,
	description: INodeTypeDescription,
	path: string,
): string[] {
	const problems: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		if (path === '' && key === 'pollTimes' && description.polling) continue;
		const visible = properties.filter(
			(property) =>
				property.name === key &&
				(path !== '' || NodeHelpers.displayParameter(root, property, { typeVersion: 1 }, description)),
		);
		if (visible.length === 0) {
			problems.push(`${path}${key}: not a parameter shown for these settings`);
			continue;
		}
		const property = visible[0];
		if (property.type === 'options' && !isExpression(value)) {
			const allowed = (property.options as INodePropertyOptions[]).map((option) => option.value);
			if (!allowed.includes(value as string)) problems.push(`${path}${key}: "${String(value)}" is not one of ${allowed.join(', ')}`);
		}
		if (property.type === 'collection') {
			const names = (property.options as INodeProperties[]).map((option) => option.name);
			for (const inner of Object.keys(value as object)) {
				if (!names.includes(inner)) problems.push(`${path}${key}.${inner}: not an option`);
			}
		}
		if (property.type === 'fixedCollection') {
			const groups = property.options as INodePropertyCollection[];
			for (const [groupName, entries] of Object.entries(value as Record<string, unknown>)) {
				const group = groups.find((candidate) => candidate.name === groupName);
				if (!group) {
					problems.push(`${path}${key}.${groupName}: not a group`);
					continue;
				}
				const list = Array.isArray(entries) ? entries : [entries];
				list.forEach((entry, index) => {
					problems.push(
						...parameterProblems(entry as INodeParameters, group.values, root, description, `${path}${key}.${groupName}[${index}].`),
					);
					for (const required of group.values.filter((v) => v.required)) {
						const given = (entry as INodeParameters)[required.name];
						if (given === undefined || given === '') problems.push(`${path}${key}.${groupName}[${index}].${required.name}: required`);
					}
				});
			}
		}
	}
	if (path === '') {
		for (const property of properties) {
			if (!property.required || !NodeHelpers.displayParameter(root, property, { typeVersion: 1 }, description)) continue;
			const given = values[property.name];
			if (given === undefined || given === '') problems.push(`${property.name}: required but empty`);
		}
	}
	return problems;
}

describe('examples/1-pageup-status-flow.json', () => {
	const types = loadPackage().nodes;

	test('is an importable n8n workflow', () => {
		expect(typeof workflow.id).toBe('string');
		expect(workflow.name).toMatch(/PageUp/);
		expect(workflow.settings).toEqual({ executionOrder: 'v1' });
		expect(workflow.active).toBe(false);
		expect(workflow.pinData).toEqual({});
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(workflow.nodes.length);
		expect(new Set(workflow.nodes.map((node) => node.name)).size).toBe(workflow.nodes.length);
		for (const node of workflow.nodes) {
			expect(node.id).toMatch(UUID);
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
		}
	});

	test('uses only node types, versions and credentials that exist', () => {
		for (const node of workflow.nodes) {
			if (node.type.startsWith(`${PACKAGE_NAME}.`)) {
				const description = types.get(node.type)?.description;
				expect(description).toBeDefined();
				expect(node.typeVersion).toBe(1);
				const allowed = (description?.credentials ?? []).map((credential) => credential.name);
				for (const [name, reference] of Object.entries(node.credentials ?? {})) {
					expect(allowed).toContain(name);
					expect(reference.id).toBe(CREDENTIAL_IDS[name]);
				}
				for (const credential of description?.credentials ?? []) {
					if (credential.required) expect(node.credentials?.[credential.name]).toBeDefined();
				}
			} else {
				expect(Object.keys(BUILT_INS)).toContain(node.type);
				expect(BUILT_INS[node.type]).toContain(node.typeVersion);
			}
		}
	});

	test('sets only parameters the PageUp nodes define, with values they accept', () => {
		for (const node of workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
			const description = types.get(node.type)!.description;
			const problems = parameterProblems(node.parameters, description.properties, node.parameters, description, '');
			expect({ node: node.name, problems }).toEqual({ node: node.name, problems: [] });
		}
	});

	test('connects Trigger -> stand-in -> New -> In Progress -> Completed', () => {
		const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			expect(byName.has(source)).toBe(true);
			for (const target of outputs.main.flat()) expect(byName.has(target.node)).toBe(true);
		}
		const path: ExampleNode[] = [];
		let current = workflow.nodes.find((node) => node.type === `${PACKAGE_NAME}.pageUpTrigger`);
		while (current) {
			path.push(current);
			const next: string | undefined = workflow.connections[current.name]?.main[0]?.[0]?.node;
			current = next ? byName.get(next) : undefined;
		}
		expect(path.map((node) => [node.type.split('.')[1], node.parameters.status ?? null])).toEqual([
			['pageUpTrigger', null],
			['code', null],
			['pageUp', 'new'],
			['pageUp', 'inprogress'],
			['pageUp', 'completed'],
		]);
		const [, , ...updates] = path;
		for (const update of updates) {
			expect(update.parameters.referenceNumber).toMatch(/^=\{\{.+\}\}$/);
			expect(update.parameters.checkId).toBe('={{ $json.id }}');
		}
		const results = (path[4].parameters.results as { result: Array<{ reportLink: string }> }).result;
		expect(results[0].reportLink).toMatch(/^=https:\/\//);
	});

	test('explains itself with sticky notes', () => {
		const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(1);
		for (const note of notes) expect(String(note.parameters.content).length).toBeGreaterThan(100);
	});
});
