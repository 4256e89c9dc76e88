import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { splitList } from './schemas';
import type { XmlElement } from '../transport/xml';

export interface OutgoingDocument {
	fileName: string;
	fileType?: string;
	bytes: number;
	base64: string;
}

/** `..\\evil/<name>.pdf` -> `name.pdf`: a plain file name RIQ can store. */
export function safeFileName(name: string | undefined, fallback: string): string {
	const base = (name ?? '').split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '').trim();
	return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned.slice(0, 200) : fallback;
}

/**
 * Reads every named binary property of the item before anything is sent, so a missing or empty
 * file stops the operation without a half-finished upload.
 */
export async function readBinaryDocuments(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyNames: unknown,
	fileType: string | undefined,
): Promise<OutgoingDocument[]> {
	const names = [...new Set(splitList(propertyNames))];
	const documents: OutgoingDocument[] = [];
	for (const name of names) {
		const binary = context.helpers.assertBinaryData(itemIndex, name);
		const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, name);
		if (buffer.length === 0)
			throw inputError(
				context.getNode(),
				`The file in binary property "${name}" is empty`,
				itemIndex,
			);
		const extension = binary.fileExtension ? `.${binary.fileExtension}` : '';
		documents.push({
			fileName: safeFileName(binary.fileName, `${name}${extension || '.bin'}`),
			fileType,
			bytes: buffer.length,
			base64: buffer.toString('base64'),
		});
	}
	return documents;
}

/** One document as RIQ's upload sample writes it. */
export function documentElement(document: OutgoingDocument): XmlElement {
	return {
		OriginalFileName: document.fileName,
		FileType: document.fileType,
		EncodedContent: document.base64,
	};
}

/** Every document in its own `Document` element, one as several, as RIQ's current submit sample writes it. */
export function supportingDocumentation(documents: OutgoingDocument[]): XmlElement | undefined {
	if (documents.length === 0) return undefined;
	return { Document: documents.map(documentElement) };
}
