import nock from 'nock';
import type { IExecuteFunctions, INodeParameters, INodeType } from 'n8n-workflow';

import { chain, executeWorkflow, makeNode } from '../../harness';
import { HarnessNodeTypes } from '../../harness/node-types';
import { findOperation } from '../../nodes/shared/registry';
import {
	actionNodes,
	docsName,
	isWrite,
	nodeFilesMatching,
	operationsOf,
	selects,
	testedOperations,
	type ActionNode,
	type OperationEntry,
} from './nodes';

/**
 * Rules every action node keeps, checked over the whole package: what the editor offers is what the router
 * runs, effects are guarded and tested, and the docs name every operation.
 */

const nodes = actionNodes();

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** The node's `execute` on no items, with a resource and an operation: the router only looks the pair up. */
async function route(nodeType: INodeType, resource: unknown, operation: unknown) {
	const parameters: Record<string, unknown> = { resource, operation };
	const context = {
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getInputData: () => [],
		continueOnFail: () => false,
		getNode: () => ({ name: nodeType.description.displayName, type: nodeType.description.name }),
	} as unknown as IExecuteFunctions;
	return await nodeType.execute!.call(context);
}

/** Every Resource option, with the Operation options shown for it. */
function offeredPairs(nodeType: INodeType): Array<[unknown, unknown]> {
	const { properties } = nodeType.description;
	const resources = properties.find((p) => p.name === 'resource')?.options ?? [];
	return resources.flatMap((resource) => {
		const value = 'value' in resource ? resource.value : undefined;
		return properties
			.filter(
				(p) =>
					p.name === 'operation' &&
					(p.displayOptions?.show?.resource as unknown[] | undefined)?.includes(value),
			)
			.flatMap((p) => p.options ?? [])
			.map((option): [unknown, unknown] => [value, 'value' in option ? option.value : undefined]);
	});
}

/** n8n runs a node used by an AI agent under its type name with "Tool" appended. */
class ToolNodeTypes extends HarnessNodeTypes {
	getByNameAndVersion(nodeType: string): INodeType {
		return super.getByNameAndVersion(nodeType.replace(/Tool$/, ''));
	}
}

async function runAsAgentTool(node: ActionNode, parameters: INodeParameters) {
	const start = makeNode({ type: 'harness.start', name: 'Start' }, {}, 0);
	const tool = makeNode({ type: node.name, name: 'Tool', parameters }, {}, 1);
	tool.type = `${tool.type}Tool`;
	const run = await executeWorkflow([start, tool], chain([start, tool]), {
		nodeTypes: new ToolNodeTypes(),
	});
	return run.errorOf('Tool');
}

/**
 * Parameters that make an operation write (its `writes.when` values, when it has any), with a stand-in for
 * every required parameter: n8n checks those before it runs the node, the guard refuses before they are read.
 */
function writingParameters(entry: OperationEntry): INodeParameters {
	const { writes } = entry.module.meta;
	const when = typeof writes === 'object' ? writes.when : {};
	const required = entry.module.description
		.filter((property) => property.required)
		.map((property) => {
			const first = property.options?.[0];
			const standIn =
				first && 'value' in first ? first.value : property.type === 'number' ? 1 : 'x';
			return [property.name, standIn];
		});
	return {
		...Object.fromEntries(required),
		resource: entry.resource,
		operation: entry.key,
		...Object.fromEntries(Object.entries(when).map(([name, values]) => [name, values[0]])),
	} as INodeParameters;
}

test('the package has the four action nodes', () => {
	expect(nodes.map((node) => node.name).sort()).toEqual([
		'atsAnywhere',
		'choiceScreening',
		'pageUp',
		'residentIq',
	]);
});

describe.each(nodes.map((node) => [node.name, node] as const))('%s', (_name, node) => {
	const entries = operationsOf(node);
	const label = (entry: OperationEntry) => `${entry.resource}:${entry.key}`;

	test('every Resource and Operation option routes to an operation', async () => {
		const pairs = offeredPairs(node.nodeType);
		const unrouted: string[] = [];
		for (const [resource, operation] of pairs) {
			try {
				expect(await route(node.nodeType, resource, operation)).toEqual([[]]);
			} catch (error) {
				unrouted.push(`${String(resource)}:${String(operation)}: ${(error as Error).message}`);
			}
		}
		expect(unrouted).toEqual([]);
		expect(pairs.length).toBe(entries.length);
		await expect(route(node.nodeType, 'nothing', 'here')).rejects.toThrow(
			'Unsupported operation "here" for "nothing"',
		);
	});

	test('the node shows the registry: its parameters start with the Resource and Operation dropdowns built from the modules', () => {
		const { properties } = node.nodeType.description;
		expect(properties.slice(0, node.registry.properties.length)).toEqual(node.registry.properties);
	});

	test('every parameter shown for named operations names operations that exist', () => {
		const unknown = node.nodeType.description.properties.flatMap((property) => {
			const { resource, operation } = property.displayOptions?.show ?? {};
			if (!operation) return [];
			return (resource ?? []).flatMap((r) =>
				operation
					.filter((o) => !findOperation(node.registry, String(r), String(o)))
					.map((o) => `${property.name}: ${String(r)}:${String(o)}`),
			);
		});
		expect(unknown).toEqual([]);
	});

	test("every operation's parameters are shown for that operation only", () => {
		const { properties } = node.nodeType.description;
		const misplaced = entries.flatMap((entry) =>
			entry.module.description
				.filter(
					(own) =>
						!properties.some(
							(property) =>
								property.name === own.name &&
								JSON.stringify(property.displayOptions?.show?.resource) ===
									JSON.stringify([entry.resource]) &&
								JSON.stringify(property.displayOptions?.show?.operation) ===
									JSON.stringify([entry.key]),
						),
				)
				.map((own) => `${label(entry)} ${own.name}`),
		);
		expect(misplaced).toEqual([]);
	});

	test('no parameter depends on one that comes after it in the panel', () => {
		const { properties } = node.nodeType.description;
		const later = properties.flatMap((property, index) => {
			const { show = {}, hide = {} } = property.displayOptions ?? {};
			return [...Object.keys(show), ...Object.keys(hide)]
				.filter((name) => !name.startsWith('@'))
				.filter((name) => !properties.slice(0, index).some((earlier) => earlier.name === name))
				.map((name) => `${property.name} depends on ${name}`);
		});
		expect(later).toEqual([]);
	});

	test("credentials show before an operation's fields: a credential depends only on an operation's first parameter", () => {
		const { credentials = [] } = node.nodeType.description;
		const misplaced = credentials.flatMap((credential) =>
			Object.keys(credential.displayOptions?.show ?? {})
				.filter((name) => name !== 'resource' && name !== 'operation')
				.filter((name) => {
					const owner = entries.find((entry) =>
						entry.module.description.some((property) => property.name === name),
					);
					// n8n draws the credentials just before the last parameter they depend on.
					return owner !== undefined && owner.module.description[0].name !== name;
				})
				.map((name) => `${credential.name} depends on ${name}`),
		);
		expect(misplaced).toEqual([]);
	});

	test("every operation is named in the vendor's docs page", () => {
		const unnamed = entries
			.filter((entry) => docsName(node, entry) === undefined)
			.map((entry) => `${label(entry)} "${entry.module.meta.name}" in ${node.docsPage}`);
		expect(unnamed).toEqual([]);
	});

	test('every write operation has at least one workflow test', () => {
		const tested = testedOperations(node);
		const untested = entries
			.filter((entry) => isWrite(entry.module))
			.filter((entry) => !tested.some((parameters) => selects(node, entry, parameters)))
			.map((entry) => `${label(entry)}: no test under ${node.workflowTests} sets it`);
		expect(untested).toEqual([]);
	});

	test('every write operation is refused to an AI agent by the router, before anything is sent', async () => {
		const writes = entries.filter((entry) => isWrite(entry.module));
		expect(writes.length).toBeGreaterThan(0);
		for (const entry of writes) {
			const error = await runAsAgentTool(node, writingParameters(entry));
			const name = entry.module.meta.agentLabel ?? entry.module.meta.name;
			expect({ operation: label(entry), message: error?.message }).toEqual({
				operation: label(entry),
				message: `${name} is not available to AI agents`,
			});
		}
	});
});

test('no operation calls the agent guard itself: the router calls it for every write operation', () => {
	expect(nodeFilesMatching(/(?<!function )guardAgentAction\(/)).toEqual(['nodes/shared/router.ts']);
});
