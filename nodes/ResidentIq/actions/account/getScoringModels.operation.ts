import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { listScoringModels } from '../../transport/scoring';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getScoringModels'] } },
	properties,
);

/** One item per scoring model of the location, with its score band per recommended decision. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const models = await listScoringModels.call(this, itemIndex);
	return models.map((model) => ({ json: model, pairedItem: { item: itemIndex } }));
}
