import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { vendorApiError } from '../../../shared/errors';
import { InputCheck } from '../../helpers/validate';
import { riqRequest, VENDOR } from '../../transport';
import { text } from '../../transport/xml';
import { orderIdField, searchPackage } from '../common';

const properties: INodeProperties[] = [
	orderIdField('The RIQ report number to record the property decision for'),
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		options: [
			{ name: 'Accept', value: 'Accept' },
			{
				name: 'Conditional-High',
				value: 'Conditional-High',
				description: 'Approve with stronger conditions (counts as an adverse action)',
			},
			{
				name: 'Conditional-Low',
				value: 'Conditional-Low',
				description: 'Approve with lighter conditions (counts as an adverse action)',
			},
			{ name: 'Decline', value: 'Decline', description: 'Counts as an adverse action' },
		],
		default: 'Accept',
		description:
			"The property's decision. RIQ uses it for the adverse-action letter it generates, so set it only once a person has made the decision.",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['setDecision'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const check = new InputCheck(this, itemIndex);
	const orderId = check.reportNumber('Report Number', this.getNodeParameter('orderId', itemIndex));
	const decision = check.decision(this.getNodeParameter('decision', itemIndex));
	const { packages } = await riqRequest.call(this, {
		route: 'decision',
		content: searchPackage('decision', { OrderId: orderId, PropertyDecision: decision }),
		itemIndex,
	});
	const success = text(packages[0], 'Success');
	if (success?.toLowerCase() !== 'true') {
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			message: `the decision was not recorded for report ${orderId}`,
			description: `ResidentIQ answered Success = ${success ?? '(missing)'}`,
			itemIndex,
		});
	}
	return [
		{
			json: {
				orderId: text(packages[0], 'OrderId') ?? orderId,
				referenceId: text(packages[0], 'ReferenceId') ?? null,
				decision,
				success: true,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
