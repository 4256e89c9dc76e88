import {
	jsonParse,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { inputError, invalidInputError } from '../../../shared/errors';
import { putStatus, VENDOR } from '../../transport';
import { checkIdProperty } from '../../descriptions/checkId';
import { getCheckId } from '../../helpers/checks';
import {
	buildStatusBody,
	STATUSES_WITH_REASON,
	STATUSES_WITH_REFERENCE,
	STATUSES_WITH_RESULTS,
	statusFieldLabel,
	validateStatusInput,
	type UpdateStatus,
} from '../../helpers/statusBody';

export const meta: OperationMeta = {
	name: 'Update Status',
	action: 'Update a background check status',
	description: "Set a check's status, reference number and results",
	writes: true,
};

export const description: INodeProperties[] = [
	{
		displayName:
			'PageUp replaces the whole check with what you send: always include the reference number, and on In Progress, Completed and Cancelled the complete list of results. Anything you leave out is erased in PageUp.',
		name: 'fullOverrideNotice',
		type: 'notice',
		default: '',
	},
	checkIdProperty,
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Cancelled',
				value: 'cancelled',
				description: 'The check was cancelled',
			},
			{
				name: 'Completed',
				value: 'completed',
				description:
					'The check is finished (needs a reference number and at least one result with a report link)',
			},
			{
				name: 'Expired',
				value: 'expired',
				description: 'The candidate did not respond in time',
			},
			{
				name: 'Failed',
				value: 'failed',
				description: 'The check could not be done (needs a reason the recruiter can act on)',
			},
			{
				name: 'In Progress',
				value: 'inprogress',
				description: 'The check is under way; you can send partial results',
			},
			{
				name: 'New',
				value: 'new',
				description: 'You created the check in your system (needs a reference number)',
			},
			{
				name: 'Queued',
				value: 'queued',
				description:
					'Taken by you but not started (what Get Pending with Claim and PageUp Trigger set). Clears the reference number and results.',
			},
		],
		default: 'new',
		description: 'The status to give the check in PageUp',
	},
	{
		displayName: 'Reference Number',
		name: 'referenceNumber',
		type: 'string',
		default: '',
		placeholder: 'e.g. BG-2024-000123',
		description:
			"Your system's ID for this check. Required for New and Completed. Send it on every update: PageUp replaces the whole check, so an update without it erases the reference number.",
		displayOptions: { show: { status: STATUSES_WITH_REFERENCE } },
	},
	{
		displayName: 'Reason for Fail',
		name: 'reasonForFail',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		placeholder: 'e.g. Missing date of birth: please add it to the candidate profile and resend',
		description:
			'Shown to the recruiter. Required for Failed. For Completed and Cancelled it is optional and sent as an empty text when blank, as PageUp expects.',
		displayOptions: { show: { status: STATUSES_WITH_REASON } },
	},
	{
		displayName: 'Results Input',
		name: 'resultsMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Fields Below',
				value: 'fields',
				description: 'Enter each result in the fields below',
			},
			{ name: 'JSON', value: 'json', description: 'Map a list of results from earlier nodes' },
		],
		default: 'fields',
		description: 'How to provide the results',
		displayOptions: { show: { status: STATUSES_WITH_RESULTS } },
	},
	{
		displayName: 'Results',
		name: 'results',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Result',
		default: {},
		description:
			'The complete list of results: PageUp replaces the list it has with this one, so include earlier results too. A Completed check needs at least one result with a report link.',
		displayOptions: { show: { status: STATUSES_WITH_RESULTS, resultsMode: ['fields'] } },
		options: [
			{
				displayName: 'Result',
				name: 'result',
				values: [
					{
						displayName: 'Report Type',
						name: 'reportType',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'e.g. Criminal History Check',
						description:
							'What was checked (e.g. Medical Check, Employment Check). Required: the recruiter sees it.',
					},
					{
						displayName: 'Report Link',
						name: 'reportLink',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://reports.example.com/checks/123',
						description:
							'Where the recruiter opens the report. PageUp asks for links that make the viewer sign in; this node sends only https:// links.',
					},
					{
						displayName: 'Result Status',
						name: 'status',
						type: 'string',
						default: '',
						placeholder: 'e.g. pass',
						description: 'The outcome of this part of the check, e.g. pass or cancelled (optional)',
					},
				],
			},
		],
	},
	{
		displayName: 'Results (JSON)',
		name: 'resultsJson',
		type: 'json',
		default: '[]',
		description:
			'The complete list of results as JSON, e.g. <code>[{"reportType": "Criminal History Check", "reportLink": "https://…", "status": "pass"}]</code>. Allowed fields: reportType (required), reportLink (https), status.',
		displayOptions: { show: { status: STATUSES_WITH_RESULTS, resultsMode: ['json'] } },
	},
];

function resultsFromJson(this: IExecuteFunctions, itemIndex: number): unknown[] {
	const raw = this.getNodeParameter('resultsJson', itemIndex, '[]') as unknown;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return [];
		try {
			value = jsonParse(raw);
		} catch {
			throw inputError(this.getNode(), 'Results (JSON) is not valid JSON', itemIndex);
		}
	}
	if (!Array.isArray(value)) {
		throw inputError(
			this.getNode(),
			'Results (JSON) must be a list of results, e.g. [{"reportType": "…", "reportLink": "https://…"}]',
			itemIndex,
		);
	}
	return value;
}

function resultsFromFields(this: IExecuteFunctions, itemIndex: number): unknown[] {
	const collection = this.getNodeParameter('results', itemIndex, {}) as { result?: IDataObject[] };
	return collection.result ?? [];
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getCheckId.call(this, itemIndex);
	const status = this.getNodeParameter('status', itemIndex) as UpdateStatus;
	const input = {
		status,
		referenceNumber: STATUSES_WITH_REFERENCE.includes(status)
			? this.getNodeParameter('referenceNumber', itemIndex, '')
			: undefined,
		reasonForFail: STATUSES_WITH_REASON.includes(status)
			? this.getNodeParameter('reasonForFail', itemIndex, '')
			: undefined,
		results: STATUSES_WITH_RESULTS.includes(status)
			? this.getNodeParameter('resultsMode', itemIndex, 'fields') === 'json'
				? resultsFromJson.call(this, itemIndex)
				: resultsFromFields.call(this, itemIndex)
			: [],
	};
	const parsed = validateStatusInput(input);
	if (!parsed.success) {
		throw invalidInputError(this.getNode(), parsed.problems, {
			itemIndex,
			vendor: VENDOR,
			headline: `Cannot set check ${id} to ${status}`,
			label: statusFieldLabel,
		});
	}
	const body = buildStatusBody(parsed.data);
	const { answer, probablyApplied, refusal } = await putStatus.call(this, id, body, { itemIndex });
	return [
		{
			json: {
				id,
				status,
				sent: body,
				response: answer,
				...(probablyApplied ? { probablyApplied, refusal } : {}),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
