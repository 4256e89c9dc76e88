import type { IExecuteFunctions, INodePropertyOptions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { decision, reportNumber } from '../helpers/schemas';
import { validateInput } from '../helpers/validate';
import type { XmlElement } from '../transport/xml';

/** RIQ document file types (0 = rental application, 3 = other; see RIQ's api-spec). */
export const documentTypeOptions: INodePropertyOptions[] = [
	{ name: 'Other', value: '3', description: 'File type 3' },
	{ name: 'Rental Application', value: '0', description: 'File type 0' },
];

/** The property decisions RIQ accepts, for the report and group decision operations. */
export const decisionOptions: INodePropertyOptions[] = [
	{ name: 'Accept', value: 'Accept' },
	{
		name: 'Conditional-High',
		value: 'Conditional-High',
		description: 'Approve with stronger conditions (counts as an adverse action)',
	},
	{
		name: 'Conditional-Low',
		value: 'Conditional-Low',
		description: 'Approve with lighter conditions (counts as an adverse action)',
	},
	{ name: 'Decline', value: 'Decline', description: 'Counts as an adverse action' },
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

const orderIdSchema = z.object({ 'Report Number': reportNumber() });

/** The item's Report Number, checked. */
export function readOrderId(context: IExecuteFunctions, itemIndex: number): string {
	return validateInput(context, itemIndex, orderIdSchema, {
		'Report Number': context.getNodeParameter('orderId', itemIndex),
	})['Report Number'];
}

const decisionSchema = z.object({ Decision: decision() });

export function readDecision(context: IExecuteFunctions, itemIndex: number) {
	return validateInput(context, itemIndex, decisionSchema, {
		Decision: context.getNodeParameter('decision', itemIndex),
	}).Decision;
}

/** `<BackgroundSearchPackage action="…">` with the given children, as RIQ's samples write it. */
export function searchPackage(action: string, children: XmlElement = {}): XmlElement {
	return { BackgroundSearchPackage: { '@_action': action, ...children } };
}
