import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { reportStatus } from '../../helpers/mapping';
import { InputCheck } from '../../helpers/validate';
import { riqRequest } from '../../transport';
import { orderIdField, searchPackage } from '../common';

const properties: INodeProperties[] = [
	orderIdField('The report to group (for example the first applicant)'),
	{
		displayName: 'Link With Report Numbers',
		name: 'otherOrderIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: '500002, 500003',
		description:
			'The co-applicants\' report numbers, separated by commas. RIQ then decides for the group: Get Status returns the group decision.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['link'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const check = new InputCheck(this, itemIndex);
	const orderId = check.reportNumber('Report Number', this.getNodeParameter('orderId', itemIndex));
	const others = check.reportNumbers('Link With Report Numbers', this.getNodeParameter('otherOrderIds', itemIndex), orderId);
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
			json: { ...result, orderId: result.orderId ?? orderId, linkedOrderIds: others },
			pairedItem: { item: itemIndex },
		},
	];
}
