import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { reportStatus, reportUrlTimes } from '../../helpers/mapping';
import { orderIdField } from '../../descriptions/report.fields';
import { searchPackage } from '../../helpers/searchPackage';
import { readOrderId, refuseInput } from '../../helpers/validate';
import { reportErrorState, riqError, riqExchange } from '../../transport';

export const meta: OperationMeta = {
	name: 'Get Status',
	action: 'Get the status of a report',
	description: 'Read the status, the decision and a short-lived report link',
	writes: false,
};

export const description: INodeProperties[] = [
	orderIdField('The RIQ report number (Order ID) returned when the report was created'),
	{
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		options: [
			{
				name: 'Full',
				value: 'full',
				description:
					'Status, decision and a link to view the report (the link works for 5 minutes)',
			},
			{
				name: 'Decision Only',
				value: 'decision',
				description: 'Status and decision, no report link',
			},
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

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const orderId = readOrderId(this, itemIndex);
	const reportType = this.getNodeParameter('reportType', itemIndex, 'full') as string;
	if (reportType !== 'full' && reportType !== 'decision')
		refuseInput(this, itemIndex, 'Report Type must be full or decision');
	const exchange = await riqExchange.call(this, {
		route: 'status',
		content: searchPackage('status', { OrderId: orderId, 'report-type': reportType }),
		itemIndex,
	});
	// A report RIQ knows that is in error state is a status; a refused request is an error.
	const failed = reportErrorState(exchange.doc, orderId);
	if (exchange.error && !failed)
		throw riqError.call(this, exchange.error, itemIndex, exchange.secrets);
	const result = reportStatus(exchange.packages[0]);
	return [
		{
			json: {
				...result,
				orderId: result.orderId ?? orderId,
				// Choice's name for the caller's own reference, so flows read both vendors alike.
				trackingId: result.referenceId,
				reportType,
				// When the link was minted: it stops working 5 minutes later (RIQ's default).
				...reportUrlTimes(result.reportUrl),
				...(failed
					? { errorCode: failed.code ?? null, errorDescription: failed.description ?? null }
					: {}),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
