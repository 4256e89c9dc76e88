import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
} from 'n8n-workflow';

import { loadPackage } from '../../../harness';

/** Plays the example's Code node: the same reference number its jsCode makes. */
class CodeStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Code',
		name: 'code',
		group: ['transform'],
		version: 2,
		description: 'stand-in',
		defaults: { name: 'Code' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		usableAsTool: true,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, index) => ({
				json: { ...item.json, referenceNumber: `BG-${String(item.json.id)}` },
				pairedItem: { item: index },
			})),
		];
	}
}

/**
 * Plays n8n's If node for conditions that are all a boolean "is true" test (what the examples use): the
 * item goes to the first output when every condition's expression resolves to true.
 */
class IfStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'If',
		name: 'if',
		group: ['transform'],
		version: 2.2,
		description: 'stand-in',
		defaults: { name: 'If' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		// Declared so that n8n keeps them (the real node's types are filter and collection).
		properties: [
			{ displayName: 'Conditions', name: 'conditions', type: 'json', default: {} },
			{ displayName: 'Options', name: 'options', type: 'json', default: {} },
		],
		usableAsTool: true,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const yes: INodeExecutionData[] = [];
		const no: INodeExecutionData[] = [];
		this.getInputData().forEach((item, index) => {
			const filter = this.getNodeParameter('conditions', index) as {
				conditions: Array<{ leftValue: unknown; operator: { type: string; operation: string } }>;
			};
			for (const condition of filter.conditions) {
				if (condition.operator.type !== 'boolean' || condition.operator.operation !== 'true')
					throw new Error('the If stand-in plays only boolean "is true" conditions');
			}
			const pass = filter.conditions.every((condition) => condition.leftValue === true);
			(pass ? yes : no).push({ ...item, pairedItem: { item: index } });
		});
		return [yes, no];
	}
}

/** Plays n8n's No Operation node: items pass through. */
class NoOpStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation',
		name: 'noOp',
		group: ['transform'],
		version: 1,
		description: 'stand-in',
		defaults: { name: 'No Operation' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		usableAsTool: true,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, index) => ({ ...item, pairedItem: { item: index } }))];
	}
}

/** The package's node types plus the Code, If and No Operation stand-ins, for running example 1 in-process. */
export function exampleNodeTypes(code: INodeType = new CodeStandIn()): INodeTypes {
	const { nodes } = loadPackage();
	const builtIns: Record<string, INodeType> = {
		'n8n-nodes-base.code': code,
		'n8n-nodes-base.if': new IfStandIn(),
		'n8n-nodes-base.noOp': new NoOpStandIn(),
	};
	const find = (name: string): INodeType => {
		if (builtIns[name]) return builtIns[name];
		const node = nodes.get(name);
		if (!node) throw new Error(`unknown node ${name}`);
		return node;
	};
	return { getByName: find, getByNameAndVersion: find, getKnownTypes: () => ({}) };
}
