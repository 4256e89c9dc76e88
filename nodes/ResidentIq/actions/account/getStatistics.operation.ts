import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { statistic } from '../../helpers/mapping';
import { statsWindow, STATS_MAX_DAYS } from '../../helpers/schemas';
import { validateInput } from '../../helpers/validate';
import { riqRequest } from '../../transport';
import { child, children, rootElement } from '../../transport/xml';
import { searchPackage } from '../../helpers/searchPackage';

export const meta: OperationMeta = {
	name: 'Get Statistics',
	action: 'Get statistics',
	description:
		'Credit score, evictions and bankruptcies per report created in a window of up to 60 days',
	writes: false,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			'First day of the window (reports created in RIQ from this day). YYYY-MM-DD or MM-DD-YYYY.',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: `Last day of the window, at most ${STATS_MAX_DAYS} days after the start date (counted as End Date minus Start Date: 04-01 to 05-31 is 60 days)`,
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const window = validateInput(this, itemIndex, statsWindow, {
		'Start Date': this.getNodeParameter('startDate', itemIndex, ''),
		'End Date': this.getNodeParameter('endDate', itemIndex, ''),
	});
	const { doc, packages } = await riqRequest.call(this, {
		route: 'statistics',
		// RIQ's statistics sample uses the "decision" action.
		content: searchPackage('decision', {
			Stats: { StartDate: window.startDate, EndDate: window.endDate },
		}),
		itemIndex,
	});
	// The documented answer puts Stats under the root; tolerate it inside a report package too.
	const holders = [rootElement(doc)?.node, ...packages];
	const stats = holders.flatMap((holder) => children(child(holder, 'Stats'), 'Stat'));
	return stats.map((stat) => ({
		json: { ...statistic(stat), startDate: window.startDate, endDate: window.endDate },
		pairedItem: { item: itemIndex },
	}));
}
