import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { vendorApiError } from '../../../shared/errors';
import { riqRequest, VENDOR } from '../../transport';
import { text } from '../../transport/xml';
import { decisionOptions, orderIdField, readDecision, readOrderId, searchPackage } from '../common';

const properties: INodeProperties[] = [
	orderIdField('The RIQ report number to record the property decision for'),
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		options: decisionOptions,
		default: 'Accept',
		description:
			"The property's decision. RIQ uses it for the adverse-action letter it generates, so set it only once a person has made the decision.",
	},
];

export const meta: OperationMeta = {
	name: 'Set Decision',
	action: 'Set the decision on a report',
	description: "Record the property's decision on a report",
	writes: true,
};

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['setDecision'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const orderId = readOrderId(this, itemIndex);
	const decision = readDecision(this, itemIndex);
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
