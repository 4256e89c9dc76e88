import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { listScoringModels } from '../../transport/scoring';

export const meta: OperationMeta = {
	name: 'Get Scoring Models',
	action: 'Get scoring models',
	description: "List the location's scoring models with their score bands",
	writes: false,
};

export const description: INodeProperties[] = [];

/** One item per scoring model of the location, with its score band per recommended decision. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const models = await listScoringModels.call(this, itemIndex);
	return models.map((model) => ({ json: model, pairedItem: { item: itemIndex } }));
}
