import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { z } from 'zod';

import type { OperationMeta } from '../../../shared/registry';
import { vendorApiError } from '../../../shared/errors';
import { atLeastOneReport, decision, reportNumbers } from '../../helpers/schemas';
import { validateInput } from '../../helpers/validate';
import { riqRequest, VENDOR } from '../../transport';
import { text } from '../../transport/xml';
import { decisionOptions } from '../common';

const LABEL = 'Report Numbers';

const properties: INodeProperties[] = [
	{
		displayName: LABEL,
		name: 'orderIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: '500001, 500002',
		description:
			'The reports of the group (co-applicants), separated by commas. RIQ records the decision for each of them.',
	},
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		options: decisionOptions,
		default: 'Accept',
		description:
			"The property's decision for the whole group. RIQ uses it for the adverse-action letters it generates, so set it only once a person has made the decision.",
	},
];

export const meta: OperationMeta = {
	name: 'Set Decision',
	action: 'Set the decision for a group',
	description: "Record the property's decision for every report of a group",
	writes: true,
	agentLabel: 'Set Group Decision',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['setDecision'] } },
	properties,
);

const schema = z
	.object({ [LABEL]: reportNumbers(), Decision: decision() })
	.superRefine((input, ctx) => atLeastOneReport(LABEL, input[LABEL], ctx));

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const input = validateInput(this, itemIndex, schema, {
		[LABEL]: this.getNodeParameter('orderIds', itemIndex),
		Decision: this.getNodeParameter('decision', itemIndex),
	});
	const orderIds = input[LABEL] as string[];
	const { packages } = await riqRequest.call(this, {
		route: 'groupDecision',
		// RIQ's sample repeats OrderId once per report, then the decision.
		content: {
			BackgroundSearchPackage: {
				'@_action': 'decision',
				OrderId: orderIds,
				PropertyDecision: input.Decision,
			},
		},
		itemIndex,
	});
	const success = text(packages[0], 'Success');
	if (success?.toLowerCase() !== 'true') {
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			message: `the group decision was not recorded for reports ${orderIds.join(', ')}`,
			description: `ResidentIQ answered Success = ${success ?? '(missing)'}`,
			itemIndex,
		});
	}
	return [
		{
			json: {
				orderId: text(packages[0], 'OrderId') ?? orderIds[0],
				referenceId: text(packages[0], 'ReferenceId') ?? null,
				orderIds,
				decision: input.Decision,
				success: true,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
