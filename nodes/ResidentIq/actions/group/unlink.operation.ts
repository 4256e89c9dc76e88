import { z } from 'zod';
import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { mapStatus, reportIds } from '../../helpers/mapping';
import { atLeastOneReport, reportNumbers } from '../../helpers/schemas';
import { searchPackage } from '../../helpers/searchPackage';
import { validateInput } from '../../helpers/validate';
import { riqRequest } from '../../transport';
import { child, text } from '../../transport/xml';

const unlinkSchema = z
	.object({ 'Report Numbers': reportNumbers() })
	.superRefine((input, ctx) => atLeastOneReport('Report Numbers', input['Report Numbers'], ctx));

export const meta: OperationMeta = {
	name: 'Unlink',
	action: 'Unlink reports from their group',
	description: 'Take one or more reports out of their group',
	writes: true,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Report Numbers',
		name: 'orderIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: '500003',
		description:
			'The report(s) to take out of their group, separated by commas. RIQ dissolves a group when only one report would remain in it.',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const [first, ...rest] = validateInput(this, itemIndex, unlinkSchema, {
		'Report Numbers': this.getNodeParameter('orderIds', itemIndex),
	})['Report Numbers'];
	const { packages } = await riqRequest.call(this, {
		route: 'unlink',
		content: searchPackage('status', {
			OrderId: first,
			AdditionalItems: rest.map((other) => ({ '@_type': 'x:link_order', Text: other })),
		}),
		itemIndex,
	});
	const pkg = packages[0];
	return [
		{
			json: {
				...reportIds(pkg, first),
				...mapStatus(text(child(pkg, 'ScreeningStatus'), 'OrderStatus')),
				unlinkedOrderIds: [first, ...rest],
			},
			pairedItem: { item: itemIndex },
		},
	];
}
