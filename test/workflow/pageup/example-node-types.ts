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

/** The package's node types plus the Code stand-in, for running example 1 in-process. */
export function exampleNodeTypes(): INodeTypes {
	const { nodes } = loadPackage();
	const code = new CodeStandIn();
	const find = (name: string): INodeType => {
		if (name === 'n8n-nodes-base.code') return code;
		const node = nodes.get(name);
		if (!node) throw new Error(`unknown node ${name}`);
		return node;
	};
	return { getByName: find, getByNameAndVersion: find, getKnownTypes: () => ({}) };
}
