import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Script } from 'node:vm';

import {
	NodeHelpers,
	type IConnections,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeExecutionData,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials-helper';
import { deliverWebhook, executeWorkflow, type CredentialsMap } from './index';
import { loadPackage, PACKAGE_NAME } from './node-types';

/**
 * Static checks for the example workflows in examples/*.json: what n8n would refuse or silently
 * drop on import (unknown node types or versions, parameters a node does not define or show,
 * option values it does not offer, missing required values) and the conventions the examples keep
 * (uuid node ids, webhook ids on webhook triggers, only the fixed sandbox credential ids).
 */

export const EXAMPLES_DIR = join(__dirname, '..', 'examples');

export interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings: Record<string, unknown>;
	active: boolean;
	pinData: Record<string, unknown>;
}

/** n8n's own nodes the examples may use, with the versions they may use. */
export const BUILT_INS: Record<string, number[]> = {
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.scheduleTrigger': [1, 1.1, 1.2],
	'n8n-nodes-base.code': [2],
	'n8n-nodes-base.set': [3, 3.1, 3.2, 3.3, 3.4],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.if': [2.2],
	'n8n-nodes-base.stickyNote': [1],
};

/** The credential ids the sandbox start script creates; examples refer to these only. */
export const SANDBOX_CREDENTIAL_IDS: Record<string, string> = {
	pageUpApi: 'sandbox-pageup',
	atsAnywhereApi: 'sandbox-ats',
	residentIqApi: 'sandbox-riq',
	choiceScreeningApi: 'sandbox-choice',
};

/** Sandbox credentials of the triggers' inbound authentication, by type. */
export const SANDBOX_INBOUND_CREDENTIAL_IDS: Record<string, string[]> = {
	choiceScreeningCallbackApi: ['sandbox-choice-callback'],
	residentIqPostbackApi: ['sandbox-riq-postback'],
};

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The file names in examples/, sorted. */
export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/** Reads examples/<file> as a workflow. */
export function readExample(file: string): ExampleWorkflow {
	return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;
}

export const isPackageNode = (node: Pick<INode, 'type'>) =>
	node.type.startsWith(`${PACKAGE_NAME}.`);

/** The workflow's nodes of one type, in file order. */
export const nodesOfType = (workflow: ExampleWorkflow, type: string) =>
	workflow.nodes.filter((node) => node.type === type);

/** The nodes as the harness runs them: sticky notes dropped, the Manual Trigger played by the harness start. */
export const runnableNodes = (workflow: ExampleWorkflow): INode[] =>
	workflow.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
		.map((node) =>
			node.type === 'n8n-nodes-base.manualTrigger' ? { ...node, type: 'harness.start' } : node,
		);

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

function descriptionOf(type: string): INodeTypeDescription | undefined {
	return loadPackage().nodes.get(type)?.description;
}

/** The parameters n8n sees for a node: the saved ones plus defaults (what decides what is shown). */
export function withDefaults(
	parameters: INodeParameters,
	description: INodeTypeDescription,
	typeVersion = 1,
): INodeParameters {
	return (
		NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			{ typeVersion },
			description,
		) ?? parameters
	);
}

/**
 * Problems with `values` against `properties`: keys not defined or not shown for the node's settings
 * (`root`, the node's parameters with defaults), option values not offered, wrong boolean/number
 * values, unknown fixed-collection groups and, at the top level, required parameters left empty.
 */
export function parameterProblems(
	values: INodeParameters,
	properties: INodeProperties[],
	root: INodeParameters,
	description: INodeTypeDescription,
	path = '',
	typeVersion = 1,
): string[] {
	const shown = (property: INodeProperties, context: INodeParameters) =>
		NodeHelpers.displayParameter(context, property, { typeVersion }, description, root);
	const problems: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		if (path === '' && key === 'pollTimes' && description.polling) continue;
		const property = properties.find(
			(candidate) => candidate.name === key && shown(candidate, path ? values : root),
		);
		if (!property) {
			problems.push(`${path}${key}: not a parameter shown for these settings`);
			continue;
		}
		if (
			property.type === 'options' &&
			!isExpression(value) &&
			!property.typeOptions?.loadOptionsMethod
		) {
			const allowed = (property.options as INodePropertyOptions[]).map((option) => option.value);
			if (!allowed.includes(value as string))
				problems.push(`${path}${key}: "${String(value)}" is not an option`);
		}
		if (property.type === 'boolean' && typeof value !== 'boolean' && !isExpression(value)) {
			problems.push(`${path}${key}: not a boolean`);
		}
		if (property.type === 'number' && typeof value !== 'number' && !isExpression(value)) {
			problems.push(`${path}${key}: not a number`);
		}
		if (property.type === 'collection' && value && typeof value === 'object') {
			problems.push(
				...parameterProblems(
					value as INodeParameters,
					property.options as INodeProperties[],
					root,
					description,
					`${path}${key}.`,
					typeVersion,
				),
			);
		}
		if (property.type === 'fixedCollection' && value && typeof value === 'object') {
			for (const [groupName, entries] of Object.entries(value as Record<string, unknown>)) {
				const group = (property.options as INodePropertyCollection[]).find(
					(candidate) => candidate.name === groupName,
				);
				if (!group) {
					problems.push(`${path}${key}.${groupName}: not a group`);
					continue;
				}
				(Array.isArray(entries) ? entries : [entries]).forEach((entry, index) => {
					const where = `${path}${key}.${groupName}[${index}].`;
					problems.push(
						...parameterProblems(
							entry as INodeParameters,
							group.values,
							root,
							description,
							where,
							typeVersion,
						),
					);
					for (const required of group.values.filter((candidate) => candidate.required)) {
						const given = (entry as INodeParameters)[required.name];
						if (given === undefined || given === '')
							problems.push(`${where}${required.name}: required`);
					}
				});
			}
		}
	}
	if (!path) {
		for (const property of properties) {
			if (property.required && shown(property, root) && (values[property.name] ?? '') === '') {
				problems.push(`${property.name}: required`);
			}
		}
	}
	return problems;
}

/** Problems with one node of this package: version, parameters, credentials and webhook id. */
function packageNodeProblems(node: INode, description: INodeTypeDescription): string[] {
	const problems: string[] = [];
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	if (!versions.includes(node.typeVersion))
		problems.push(`typeVersion ${node.typeVersion} is not one of ${versions.join(', ')}`);
	const root = withDefaults(node.parameters, description, node.typeVersion);
	problems.push(
		...parameterProblems(
			node.parameters,
			description.properties,
			root,
			description,
			'',
			node.typeVersion,
		),
	);
	const issues = NodeHelpers.getNodeParametersIssues(
		description.properties,
		{ ...node, parameters: root },
		description,
	);
	for (const [name, messages] of Object.entries(issues?.parameters ?? {}))
		problems.push(`${name}: ${messages.join('; ')}`);

	const credentialTypes = description.credentials ?? [];
	for (const [name, reference] of Object.entries(node.credentials ?? {})) {
		if (!credentialTypes.some((credential) => credential.name === name)) {
			problems.push(`credential ${name}: not one the node uses`);
		} else if (SANDBOX_INBOUND_CREDENTIAL_IDS[name]?.includes(String(reference.id))) {
			continue;
		} else if (reference.id !== SANDBOX_CREDENTIAL_IDS[name]) {
			problems.push(
				`credential ${name}: id "${String(reference.id)}" is not the sandbox credential ${SANDBOX_CREDENTIAL_IDS[name]}`,
			);
		}
	}
	for (const credential of credentialTypes) {
		const needed =
			credential.required &&
			NodeHelpers.displayParameter(
				root,
				credential,
				{ typeVersion: node.typeVersion },
				description,
				root,
			);
		if (needed && !node.credentials?.[credential.name])
			problems.push(`credential ${credential.name}: required but missing`);
	}

	if ((description.webhooks ?? []).length > 0 && !UUID.test(node.webhookId ?? '')) {
		problems.push('webhookId: a webhook trigger needs a uuid webhookId');
	}
	return problems;
}

/** Problems with one of n8n's own nodes: only the allowed types and versions, Code that parses. */
function builtInNodeProblems(node: INode): string[] {
	const versions = BUILT_INS[node.type];
	if (!versions) return [`type ${node.type}: not a node type the examples may use`];
	if (!versions.includes(node.typeVersion))
		return [`typeVersion ${node.typeVersion} is not one of ${versions.join(', ')}`];
	if (node.type === 'n8n-nodes-base.code') {
		try {
			new Script(`(async function () {\n${String(node.parameters.jsCode)}\n})`);
		} catch (error) {
			return [`jsCode: does not parse (${(error as Error).message})`];
		}
	}
	return [];
}

/**
 * Everything wrong with an example workflow, as `"<node name>: <problem>"` lines (workflow-level
 * problems without a node name); empty when the example is fine.
 */
export function exampleProblems(workflow: ExampleWorkflow): string[] {
	const problems: string[] = [];
	if (!/^[A-Za-z0-9]{16}$/.test(String(workflow.id)))
		problems.push(`id "${String(workflow.id)}": not 16 letters and digits`);
	if (typeof workflow.name !== 'string' || workflow.name.trim() === '')
		problems.push('name: missing');
	if (JSON.stringify(workflow.settings) !== JSON.stringify({ executionOrder: 'v1' })) {
		problems.push('settings: expected { executionOrder: "v1" }');
	}
	if (JSON.stringify(workflow.pinData ?? {}) !== '{}')
		problems.push('pinData: examples pin no data');

	const names = workflow.nodes.map((node) => node.name);
	const repeated = (values: string[]) =>
		values.filter((value, index) => values.indexOf(value) !== index);
	for (const name of repeated(names)) problems.push(`node name "${name}": used twice`);
	for (const id of repeated(workflow.nodes.map((node) => node.id)))
		problems.push(`node id "${id}": used twice`);
	for (const at of repeated(workflow.nodes.map((node) => (node.position ?? []).join(',')))) {
		problems.push(`position [${at}]: two nodes on top of each other`);
	}
	for (const [source, outputs] of Object.entries(workflow.connections)) {
		if (!names.includes(source)) problems.push(`connection from "${source}": no such node`);
		for (const target of Object.values(outputs).flat(2)) {
			if (target && !names.includes(target.node))
				problems.push(`connection to "${target.node}": no such node`);
		}
	}

	for (const node of workflow.nodes) {
		const own: string[] = [];
		if (!UUID.test(node.id ?? '')) own.push(`id "${String(node.id)}": not a uuid`);
		if (isPackageNode(node)) {
			const description = descriptionOf(node.type);
			own.push(
				...(description
					? packageNodeProblems(node, description)
					: [`type ${node.type}: not a node of this package`]),
			);
		} else {
			own.push(...builtInNodeProblems(node));
		}
		problems.push(...own.map((problem) => `${node.name}: ${problem}`));
	}
	return problems;
}

/** The local n8n address the examples' URLs point at (the start script's n8n). */
const LOCAL_N8N = 'http://localhost:5678';

/** The nodes with `parameter` (a URL on the local n8n) pointed at `url` instead, as the start script does. */
export function pointLocalN8nAt(nodes: INode[], parameter: string, url: string): INode[] {
	return nodes.map((node) =>
		node.parameters[parameter]
			? {
					...node,
					parameters: {
						...node.parameters,
						[parameter]: String(node.parameters[parameter]).replace(LOCAL_N8N, url),
					},
				}
			: node,
	);
}

export interface WebhookBridge {
	/** Where the bridge listens, e.g. `http://127.0.0.1:41234`. */
	url: string;
	/** The status code of each answer the trigger gave, in order. */
	statuses: number[];
	/** What `outputNode` produced in the executions the trigger started. */
	outputs: INodeExecutionData[];
	/** Waits until every request so far has been answered and its execution has finished. */
	settled(): Promise<void>;
	close(): Promise<void>;
}

/**
 * Plays n8n's webhook server for a published example workflow: each request goes to the
 * workflow's `triggerType` node (with its webhookId), and when the trigger starts an execution
 * the rest of the workflow runs with `credentials` and the output of `outputNode` is collected.
 */
export async function startWebhookBridge(
	workflow: ExampleWorkflow,
	triggerType: string,
	outputNode: string,
	credentials: CredentialsMap,
): Promise<WebhookBridge> {
	const trigger = nodesOfType(workflow, triggerType)[0];
	const statuses: number[] = [];
	const outputs: INodeExecutionData[] = [];
	const handled: Array<Promise<void>> = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			handled.push(
				(async () => {
					const helper = new HarnessCredentialsHelper({ ...credentials });
					const { response, items } = await deliverWebhook(
						{
							type: trigger.type,
							parameters: trigger.parameters,
							settings: { webhookId: trigger.webhookId },
						},
						{
							// Every header, as n8n's webhook server passes them (the trigger may check Authorization).
							headers: Object.fromEntries(
								Object.entries(req.headers).map(([key, value]) => [
									key,
									Array.isArray(value) ? value[0] : String(value),
								]),
							),
							body: Buffer.concat(chunks).toString('utf8'),
						},
						{ credentials, credentialsHelper: helper },
					);
					statuses.push(response.statusCode);
					res.writeHead(response.statusCode, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify(response.body));
					if (!items) return;
					const run = await executeWorkflow(runnableNodes(workflow), workflow.connections, {
						credentialsHelper: helper,
						input: items,
						mode: 'webhook',
					});
					outputs.push(...run.output(outputNode));
				})(),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		statuses,
		outputs,
		settled: async () => {
			await Promise.all(handled);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
