import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OperationMeta } from '../../../shared/registry';
import { orderIdField } from '../../descriptions/report.fields';
import { reportStatus, reportUrlTimes } from '../../helpers/mapping';
import { atLeastOneReport, reportNumber, reportNumbers } from '../../helpers/schemas';
import { searchPackage } from '../../helpers/searchPackage';
import { validateInput } from '../../helpers/validate';
import { riqRequest } from '../../transport';

const LABEL = 'Link With Report Numbers';
const linkSchema = z
	.object({ 'Report Number': reportNumber(), [LABEL]: reportNumbers() })
	.superRefine((input, ctx) => {
		const orderId = input['Report Number'];
		atLeastOneReport(LABEL, input[LABEL], ctx);
		if (Array.isArray(input[LABEL]) && input[LABEL].includes(orderId)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `${LABEL} must not contain the report ${orderId} itself`,
			});
		}
	});

export const meta: OperationMeta = {
	name: 'Link',
	action: 'Link reports into a group',
	description: "Group a report with co-applicants' reports",
	writes: true,
};

export const description: INodeProperties[] = [
	orderIdField('The report to group (for example the first applicant)'),
	{
		displayName: 'Link With Report Numbers',
		name: 'otherOrderIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: '500002, 500003',
		description:
			"The co-applicants' report numbers, separated by commas. RIQ then decides for the group: Get Status returns the group decision.",
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const input = validateInput(this, itemIndex, linkSchema, {
		'Report Number': this.getNodeParameter('orderId', itemIndex),
		[LABEL]: this.getNodeParameter('otherOrderIds', itemIndex),
	});
	const orderId = input['Report Number'];
	const others = input[LABEL];
	const { packages } = await riqRequest.call(this, {
		route: 'link',
		content: searchPackage('status', {
			OrderId: orderId,
			AdditionalItems: others.map((other) => ({ '@_type': 'x:link_order', Text: other })),
		}),
		itemIndex,
	});
	const result = reportStatus(packages[0]);
	return [
		{
			json: {
				...result,
				orderId: result.orderId ?? orderId,
				...reportUrlTimes(result.reportUrl),
				linkedOrderIds: others,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
