import { Script } from 'node:vm';

import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Runs an example's Code node ("Run Once for Each Item": `$json` in, `{ json }` out), standing in for
 * n8n-nodes-base.code, which the harness does not load. The code sees a copy of `$json`, in a fresh context;
 * a throw fails the node, or becomes an `{ error }` item when the node continues on fail (as n8n's Code node does).
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
		return [
			this.getInputData().map((item, index) => {
				const run = new Script(
					`(function ($json) {\n${String(this.getNodeParameter('jsCode', index))}\n})`,
				).runInNewContext({ Date }) as (json: IDataObject) => { json: IDataObject };
				try {
					const json = JSON.parse(JSON.stringify(item.json)) as IDataObject;
					return { json: run(json).json, pairedItem: { item: index } };
				} catch (error) {
					const message = (error as Error).message;
					if (!this.continueOnFail())
						throw new NodeOperationError(this.getNode(), message, { itemIndex: index });
					return { json: { error: message }, pairedItem: { item: index } };
				}
			}),
		];
	}
}
