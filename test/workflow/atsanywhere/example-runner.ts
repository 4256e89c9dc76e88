import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

import {
	NodeConnectionTypes,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { executeWorkflow, type CredentialsMap } from '../../../harness';
import { HarnessNodeTypes } from '../../../harness/node-types';

export const EXAMPLE_FILE = join(
	__dirname,
	'..',
	'..',
	'..',
	'examples',
	'2-ats-anywhere-orders.json',
);

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings: { executionOrder: string };
	active: boolean;
	pinData: Record<string, unknown>;
}

export function loadExample(): WorkflowFile {
	return JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as WorkflowFile;
}

/**
 * Runs the example's Code node the way n8n's Code node does in "Run Once for Each Item" mode
 * (the only mode the example uses): the code sees `$json` and returns `{ json }`. The harness
 * loads only this package's nodes, so this stands in for n8n-nodes-base.code.
 */
class CodeNodeStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Code (test stand-in)',
		name: 'code',
		group: ['transform'],
		version: 2,
		description: 'Runs the example Code node for each item',
		defaults: { name: 'Code' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'runOnceForAllItems' },
			{ displayName: 'JavaScript', name: 'jsCode', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getNodeParameter('mode', 0) !== 'runOnceForEachItem') {
			throw new Error('The stand-in only runs "Run Once for Each Item" code');
		}
		const code = this.getNodeParameter('jsCode', 0) as string;
		// Like n8n's Code node, an error thrown by the code fails the node.
		const run = new Script(`(function ($json) {\n${code}\n})`).runInNewContext({}) as (
			json: IDataObject,
		) => { json: IDataObject };
		return [
			items.map((item, index) => ({ json: run(item.json).json, pairedItem: { item: index } })),
		];
	}
}

class ExampleNodeTypes implements INodeTypes {
	private readonly harness = new HarnessNodeTypes();

	private readonly code = new CodeNodeStandIn();

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string): INodeType {
		return type === 'n8n-nodes-base.code' ? this.code : this.harness.getByNameAndVersion(type);
	}

	getKnownTypes() {
		return {};
	}
}

/** Runs the example (sticky notes aside) from the trigger, starting with the items the trigger emitted. */
export async function runExample(
	items: INodeExecutionData[],
	options: { credentials: CredentialsMap; staticData?: IDataObject },
) {
	const workflow = loadExample();
	const trigger = workflow.nodes.find((node) => node.type.endsWith('.atsAnywhereTrigger'));
	if (!trigger) throw new Error('the example has no ATS Anywhere Trigger');
	// The order path only: the nodes the trigger leads to (the onboarding row has n8n's Manual Trigger).
	const reachable = new Set([trigger.name]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const name of [...reachable]) {
			for (const target of (workflow.connections[name]?.main ?? []).flat()) {
				if (target && !reachable.has(target.node)) grew = reachable.add(target.node).size > 0;
			}
		}
	}
	const ordered = [
		trigger,
		...workflow.nodes.filter((node) => node !== trigger && reachable.has(node.name)),
	];
	return await executeWorkflow(ordered, workflow.connections, {
		mode: 'webhook',
		input: items,
		credentials: options.credentials,
		staticData: options.staticData,
		nodeTypes: new ExampleNodeTypes(),
	});
}
