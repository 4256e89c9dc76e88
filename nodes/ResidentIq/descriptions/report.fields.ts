import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

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

/** The property decision, for a report or for a whole group: RIQ writes the adverse-action letters from it. */
export function decisionField(description: string): INodeProperties {
	return {
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		options: [
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
		],
		default: 'Accept',
		description: [
			description,
			'RIQ uses it for the adverse-action letters it generates, so set it only once a person has made the decision.',
		].join(' '),
	};
}
