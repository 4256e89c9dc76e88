import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';

/** The check to act on; usually mapped from PageUp Trigger or Get Pending (`{{ $json.id }}`). */
export const checkIdProperty: INodeProperties = {
	displayName: 'Background Check ID',
	name: 'checkId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 12345',
	description:
		"The check's ID in PageUp, usually mapped from the ID field of PageUp Trigger or Get Pending",
};

/** The check ID parameter as text, refused when empty or not a plain identifier. */
export function getCheckId(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('checkId', itemIndex, '') as unknown;
	const id = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!id) {
		throw inputError(
			this.getNode(),
			'Background Check ID is empty',
			itemIndex,
			'Map the ID field of the check from PageUp Trigger or Get Pending',
		);
	}
	if (!/^[A-Za-z0-9._~-]{1,100}$/.test(id)) {
		throw inputError(
			this.getNode(),
			'Background Check ID must be a PageUp check ID (letters, digits, dots, dashes or underscores)',
			itemIndex,
		);
	}
	return id;
}
