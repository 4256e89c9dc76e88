import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { orderIdField } from '../../descriptions/report.fields';
import { groupMembers, reportIds } from '../../helpers/mapping';
import { searchPackage } from '../../helpers/searchPackage';
import { readOrderId } from '../../helpers/validate';
import { riqRequest } from '../../transport';
import { text } from '../../transport/xml';

export const meta: OperationMeta = {
	name: 'Get Members',
	action: 'Get the members of a group',
	description: 'List the reports grouped with a report',
	writes: false,
};

export const description: INodeProperties[] = [orderIdField('Any report of the group')];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const orderId = readOrderId(this, itemIndex);
	const { packages } = await riqRequest.call(this, {
		route: 'groupData',
		content: searchPackage('status', { OrderId: orderId }),
		itemIndex,
	});
	const pkg = packages[0];
	const members = groupMembers(pkg);
	return [
		{
			json: {
				...reportIds(pkg, orderId),
				groupId: text(pkg, 'RIQGroupIdentifier') ?? null,
				memberCount: members.length,
				memberOrderIds: members.map((member) => member.reportId as string),
				members,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
