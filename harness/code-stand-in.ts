import { Script } from 'node:vm';

import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Runs the example's Code node ("Run Once for Each Item": `$json` in, `{ json }` out), standing in
 * for n8n-nodes-base.code, which the harness does not load.
 */
export class CodeStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Code (test stand-in)',
		name: 'code',
		usableAsTool: true,
		group: ['transform'],
		version: 2,
		description: 'Runs the example Code node for each item',
		defaults: { name: 'Code' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'runOnceForAllItems' },
			{ displayName: 'JavaScript', name: 'jsCode', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('mode', 0) !== 'runOnceForEachItem')
			throw new Error('the stand-in runs "Run Once for Each Item" code only');
		const run = new Script(
			`(function ($json) {\n${String(this.getNodeParameter('jsCode', 0))}\n})`,
		).runInNewContext({ Date }) as (json: IDataObject) => { json: IDataObject };
		return [
			this.getInputData().map((item, index) => ({
				json: run(item.json).json,
				pairedItem: { item: index },
			})),
		];
	}
}
