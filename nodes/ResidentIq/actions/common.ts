import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

import type { XmlElement } from '../transport/xml';

/** RIQ document file types (0 = rental application, 3 = other; see RIQ's api-spec). */
export const documentTypeOptions: INodePropertyOptions[] = [
	{ name: 'Other', value: '3', description: 'File type 3' },
	{ name: 'Rental Application', value: '0', description: 'File type 0' },
];

/** The report number field most operations start from. */
export function orderIdField(description: string): INodeProperties {
	return {
		displayName: 'Report Number',
		name: 'orderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '500001',
		description,
	};
}

/** `<BackgroundSearchPackage action="…">` with the given children, as RIQ's samples write it. */
export function searchPackage(action: string, children: XmlElement = {}): XmlElement {
	return { BackgroundSearchPackage: { '@_action': action, ...children } };
}
