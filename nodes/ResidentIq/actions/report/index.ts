import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getAdverseActionLetters from './getAdverseActionLetters.operation';
import * as getStatus from './getStatus.operation';
import * as setDecision from './setDecision.operation';
import * as uploadDocuments from './uploadDocuments.operation';

export { create, getAdverseActionLetters, getStatus, setDecision, uploadDocuments };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Order a screening report for an applicant',
				action: 'Create a report',
			},
			{
				name: 'Get Adverse Action Letters',
				value: 'getAdverseActionLetters',
				description: 'Download the adverse-action letters RIQ generated, as files',
				action: 'Get adverse action letters',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Read the status, the decision and a short-lived report link',
				action: 'Get the status of a report',
			},
			{
				name: 'Set Decision',
				value: 'setDecision',
				description: "Record the property's decision on a report",
				action: 'Set the decision on a report',
			},
			{
				name: 'Upload Documents',
				value: 'uploadDocuments',
				description: 'Send more supporting documents for a report',
				action: 'Upload documents to a report',
			},
		],
		default: 'create',
	},
	...create.description,
	...getAdverseActionLetters.description,
	...getStatus.description,
	...setDecision.description,
	...uploadDocuments.description,
];
