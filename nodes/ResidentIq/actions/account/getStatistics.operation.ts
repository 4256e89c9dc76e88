import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { statistic } from '../../helpers/mapping';
import { InputCheck, STATS_MAX_DAYS } from '../../helpers/validate';
import { riqRequest } from '../../transport';
import { child, children, rootElement } from '../../transport/xml';
import { searchPackage } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'First day of the window (reports created in RIQ from this day). YYYY-MM-DD or MM-DD-YYYY.',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: `Last day of the window, at most ${STATS_MAX_DAYS} days after the start date`,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getStatistics'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const check = new InputCheck(this, itemIndex);
	const window = check.statsWindow(
		this.getNodeParameter('startDate', itemIndex, ''),
		this.getNodeParameter('endDate', itemIndex, ''),
	);
	const { doc, packages } = await riqRequest.call(this, {
		route: 'statistics',
		// RIQ's statistics sample uses the "decision" action.
		content: searchPackage('decision', { Stats: { StartDate: window.startDate, EndDate: window.endDate } }),
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
