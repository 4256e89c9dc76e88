import { z } from 'zod';
import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { documentElement, readBinaryDocuments } from '../../helpers/documents';
import { fileType as fileTypeSchema } from '../../helpers/schemas';
import { documentTypeOptions, orderIdField } from '../../descriptions/report.fields';
import { searchPackage } from '../../helpers/searchPackage';
import { readOrderId, refuseInput, validateInput } from '../../helpers/validate';
import { riqRequest } from '../../transport';
import { text } from '../../transport/xml';

const typeSchema = z.object({ 'Document Type': fileTypeSchema() });

export const meta: OperationMeta = {
	name: 'Upload Documents',
	action: 'Upload documents to a report',
	description: 'Send more supporting documents for a report',
	writes: true,
};

export const description: INodeProperties[] = [
	orderIdField('The RIQ report number the documents belong to'),
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyNames',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'data, paystub',
		description:
			'Names of the binary properties of the input item holding the files, separated by commas. All of them are sent in one upload.',
	},
	{
		displayName: 'Document Type',
		name: 'documentType',
		type: 'options',
		options: documentTypeOptions,
		default: '3',
		description: 'RIQ file type for these documents',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const orderId = readOrderId(this, itemIndex);
	const fileType = validateInput(this, itemIndex, typeSchema, {
		'Document Type': this.getNodeParameter('documentType', itemIndex, '3'),
	})['Document Type'];
	const names = this.getNodeParameter('binaryPropertyNames', itemIndex, 'data');
	const documents = await readBinaryDocuments(this, itemIndex, names, fileType);
	if (documents.length === 0)
		refuseInput(this, itemIndex, 'Input Binary Fields: name at least one binary property');
	const { packages } = await riqRequest.call(this, {
		route: 'upload',
		// RIQ's upload sample uses the "decision" action.
		content: searchPackage('decision', {
			OrderId: orderId,
			SupportingDocumentation: {
				Document: documents.map(documentElement),
			},
		}),
		itemIndex,
	});
	return [
		{
			json: {
				orderId: text(packages[0], 'OrderId') ?? orderId,
				message: text(packages[0], 'VerificationDocumentation') ?? null,
				documents: documents.map(({ fileName, fileType: type, bytes }) => ({
					fileName,
					fileType: type ?? null,
					bytes,
				})),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
