import { z } from 'zod';
import {
	type IBinaryKeyData,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { vendorApiError } from '../../../shared/errors';
import { safeFileName } from '../../helpers/documents';
import { required } from '../../helpers/schemas';
import { readOrderId, validateInput } from '../../helpers/validate';
import { riqRequest, VENDOR } from '../../transport';
import { child, children, text } from '../../transport/xml';
import { orderIdField } from '../../descriptions/report.fields';
import { reportIds } from '../../helpers/mapping';
import { searchPackage } from '../../helpers/searchPackage';

const prefixSchema = z.object({ 'Put Output Files in Fields Starting With': required(60) });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const meta: OperationMeta = {
	name: 'Get Adverse Action Letters',
	action: 'Get adverse action letters',
	description: 'Download the adverse-action letters RIQ generated, as files',
	writes: false,
};

export const description: INodeProperties[] = [
	orderIdField('The RIQ report number whose adverse-action letters to download'),
	{
		displayName: 'Put Output Files in Fields Starting With',
		name: 'binaryPrefix',
		type: 'string',
		default: 'letter_',
		required: true,
		description:
			'Each letter becomes a binary file on the output item, in fields named with this prefix and a number: letter_0, letter_1…',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const orderId = readOrderId(this, itemIndex);
	const prefix = validateInput(this, itemIndex, prefixSchema, {
		'Put Output Files in Fields Starting With': this.getNodeParameter(
			'binaryPrefix',
			itemIndex,
			'letter_',
		),
	})['Put Output Files in Fields Starting With'];
	const { packages } = await riqRequest.call(this, {
		route: 'letters',
		content: searchPackage('status', { OrderId: orderId }),
		itemIndex,
	});
	const pkg = packages[0];
	const supporting = child(pkg, 'SupportingDocumentation');
	const documents = children(supporting, 'Document');
	// Tolerate a single letter written without the Document wrapper.
	if (documents.length === 0 && text(supporting, 'EncodedContent'))
		documents.push(supporting as Record<string, unknown>);

	const binary: IBinaryKeyData = {};
	const letters = [];
	for (const [index, document] of documents.entries()) {
		const encoded = (text(document, 'EncodedContent') ?? '').replace(/\s+/g, '');
		if (!encoded || encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
			throw vendorApiError(this.getNode(), {
				vendor: VENDOR,
				message: `letter ${index + 1} of report ${orderId} has no readable content`,
				description: 'RIQ sent EncodedContent that is empty or not base64.',
				itemIndex,
			});
		}
		const fileName = safeFileName(
			text(document, 'Name') ?? text(document, 'OriginalFileName'),
			`adverse-action-letter-${index + 1}.pdf`,
		);
		const property = `${prefix}${index}`;
		binary[property] = await this.helpers.prepareBinaryData(
			Buffer.from(encoded, 'base64'),
			fileName,
		);
		letters.push({
			fileName,
			binaryProperty: property,
			bytes: Buffer.byteLength(encoded, 'base64'),
		});
	}
	return [
		{
			json: {
				...reportIds(pkg, orderId),
				letterCount: letters.length,
				letters,
			},
			...(letters.length ? { binary } : {}),
			pairedItem: { item: itemIndex },
		},
	];
}
