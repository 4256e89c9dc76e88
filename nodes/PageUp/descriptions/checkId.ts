import type { INodeProperties } from 'n8n-workflow';

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
