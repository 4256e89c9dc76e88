import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OperationMeta } from '../../../shared/registry';
import { decisionField } from '../../descriptions/report.fields';
import { reportIds } from '../../helpers/mapping';
import { atLeastOneReport, decision, reportNumbers } from '../../helpers/schemas';
import { validateInput } from '../../helpers/validate';
import { requireSuccess, riqRequest } from '../../transport';

const LABEL = 'Report Numbers';

export const meta: OperationMeta = {
	name: 'Set Decision',
	action: 'Set the decision for a group',
	description: "Record the property's decision for every report of a group",
	writes: true,
	agentLabel: 'Set Group Decision',
};

export const description: INodeProperties[] = [
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
	decisionField("The property's decision for the whole group."),
];

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
	requireSuccess.call(
		this,
		packages[0],
		`the group decision was not recorded for reports ${orderIds.join(', ')}`,
		itemIndex,
	);
	return [
		{
			json: {
				...reportIds(packages[0], orderIds[0]),
				orderIds,
				decision: input.Decision,
				success: true,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
