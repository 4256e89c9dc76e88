import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { decisionField, orderIdField } from '../../descriptions/report.fields';
import { reportIds } from '../../helpers/mapping';
import { searchPackage } from '../../helpers/searchPackage';
import { readDecision, readOrderId } from '../../helpers/validate';
import { requireSuccess, riqRequest } from '../../transport';

export const meta: OperationMeta = {
	name: 'Set Decision',
	action: 'Set the decision on a report',
	description: "Record the property's decision on a report",
	writes: true,
};

export const description: INodeProperties[] = [
	orderIdField('The RIQ report number to record the property decision for'),
	decisionField("The property's decision."),
];

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
	requireSuccess.call(
		this,
		packages[0],
		`the decision was not recorded for report ${orderId}`,
		itemIndex,
	);
	return [
		{
			json: { ...reportIds(packages[0], orderId), decision, success: true },
			pairedItem: { item: itemIndex },
		},
	];
}
