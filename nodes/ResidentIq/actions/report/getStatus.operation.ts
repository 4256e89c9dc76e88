import { DateTime } from 'luxon';
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
	orderIdField('The RIQ report number (Order ID) returned when the report was created'),
	{
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		options: [
			{
				name: 'Full',
				value: 'full',
				description: 'Status, decision and a link to view the report (the link works for 5 minutes)',
			},
			{ name: 'Decision Only', value: 'decision', description: 'Status and decision, no report link' },
		],
		default: 'full',
	},
	{
		displayName:
			'The report URL is temporary: RIQ lets it live 5 minutes and open twice. Do not store or forward it; run Get Status again when someone needs to view the report.',
		name: 'reportUrlNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { reportType: ['full'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['getStatus'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const check = new InputCheck(this, itemIndex);
	const orderId = check.reportNumber('Report Number', this.getNodeParameter('orderId', itemIndex));
	const reportType = this.getNodeParameter('reportType', itemIndex, 'full') as string;
	if (reportType !== 'full' && reportType !== 'decision') check.fail('Report Type must be full or decision');
	const { packages } = await riqRequest.call(this, {
		route: 'status',
		content: searchPackage('status', { OrderId: orderId, 'report-type': reportType }),
		itemIndex,
	});
	const result = reportStatus(packages[0]);
	return [
		{
			json: {
				...result,
				orderId: result.orderId ?? orderId,
				reportType,
				// When the link was minted: it stops working 5 minutes later (RIQ's default).
				reportUrlIssuedAt: result.reportUrl ? DateTime.utc().toISO() : null,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
