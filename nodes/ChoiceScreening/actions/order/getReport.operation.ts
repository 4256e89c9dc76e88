import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { redactText } from '../../../shared/pii';
import { readConcurrencyOption } from '../../descriptions/concurrency';
import { orderIdField } from '../../descriptions/order.fields';
import { orderNumberParameter } from '../../helpers/order';
import { readReport } from '../../transport';

export const meta: OperationMeta = {
	name: 'Get Report',
	action: 'Get an order report',
	description: "Download the order's HTML report",
	writes: false,
	parallel: readConcurrencyOption,
};

export const description: INodeProperties[] = [
	orderIdField,
	{
		displayName: 'Output',
		name: 'reportOutput',
		type: 'options',
		options: [
			{
				name: 'HTML File',
				value: 'binary',
				description: 'The report as a binary file (report.html)',
			},
			{ name: 'Text', value: 'text', description: 'The report HTML as text in the item JSON' },
		],
		default: 'binary',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: { reportOutput: ['binary'] } },
	},
	{
		displayName: 'Mask Personal Data in Text',
		name: 'maskText',
		type: 'boolean',
		default: true,
		description:
			'Whether to replace SSN-shaped numbers and labelled dates of birth or licence numbers in the text. The HTML file is kept exactly as Choice sent it.',
		displayOptions: { show: { reportOutput: ['text'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [readConcurrencyOption],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const orderId = orderNumberParameter.call(this, itemIndex);
	const output = this.getNodeParameter('reportOutput', itemIndex, 'binary') as string;
	const { html } = await readReport.call(this, orderId, itemIndex);
	if (output === 'text') {
		const text = html.toString('utf8');
		const mask = this.getNodeParameter('maskText', itemIndex, true) !== false;
		return [
			{
				json: { orderId, report: mask ? redactText(text) : text },
				pairedItem: { item: itemIndex },
			},
		];
	}
	const property =
		(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim() || 'data';
	const fileName = `choice-report-${orderId}.html`;
	const binary = await this.helpers.prepareBinaryData(html, fileName, 'text/html');
	return [
		{
			json: { orderId, fileName, mimeType: 'text/html', fileSize: html.length },
			binary: { [property]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
