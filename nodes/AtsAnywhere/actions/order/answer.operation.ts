import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { inputError } from '../../../shared/errors';
import { InboundLedger } from '../../../shared/ledger';
import { ACCEPTED_ORDERS, orderKey } from '../../helpers/order';
import { RESPONSE_IMMEDIATELY } from '../../trigger/description';

const TRIGGER_TYPE_SUFFIX = '.atsAnywhereTrigger';

export const meta: OperationMeta = {
	name: 'Answer',
	action: 'Answer an order',
	description:
		'Tell ATS Anywhere whether the order was accepted (for a trigger set to respond when the workflow has accepted it)',
	writes: true,
	agentLabel: 'Answering an order',
};

export const description: INodeProperties[] = [
	{
		displayName:
			'Use this when the ATS Anywhere Trigger is set to respond "When the Workflow Has Accepted It". With "Immediately" the ATS already has its 201 and this step sends nothing.',
		name: 'answerNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Answer',
		name: 'answer',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Accept (201)',
				value: 'accept',
				description:
					'The case exists: answer 201 and remember the order, so an ATS retry gets the same answer',
			},
			{
				name: 'Reject With an Error Message',
				value: 'reject',
				description:
					'Answer with an error_message the ATS shows; the ATS may send the order again later',
			},
		],
		default: 'accept',
	},
	{
		displayName: 'Error Message',
		name: 'errorMessage',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'We could not open a case for this applicant; please try again later',
		description: 'Sent to ATS Anywhere as error_message. Do not include applicant details.',
		displayOptions: { show: { answer: ['reject'] } },
	},
	{
		displayName: 'HTTP Status',
		name: 'httpStatus',
		type: 'options',
		options: [
			{ name: '400 Bad Request', value: 400, description: 'The order cannot be processed as sent' },
			{ name: '409 Conflict', value: 409, description: 'The order clashes with an existing one' },
			{
				name: '422 Unprocessable Entity',
				value: 422,
				description: 'The order is valid but cannot be served',
			},
			{
				name: '500 Internal Server Error',
				value: 500,
				description: 'Something failed on your side',
			},
			{
				name: '503 Service Unavailable',
				value: 503,
				description: 'Temporarily unable; the ATS may retry',
			},
		],
		default: 422,
		displayOptions: { show: { answer: ['reject'] } },
	},
	{
		displayName: 'Background Check ID',
		name: 'backgroundCheckId',
		type: 'string',
		default: '={{ $json.background_check_id }}',
		required: true,
		description: "The order's background_check_id (from the trigger's item by default)",
	},
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'string',
		default: '={{ $json.authenticated_account_id ?? $json.account_id }}',
		description:
			"The client account the order came from (the trigger's authenticated_account_id). With the background check ID it identifies the order when the ATS sends it again.",
	},
];

function text(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

/** The ATS Anywhere Trigger this item came from, if any, and whether it answers orders itself. */
function triggerAnswersImmediately(context: IExecuteFunctions): boolean {
	const trigger = context
		.getParentNodes(context.getNode().name, { includeNodeParameters: true })
		.find((node) => node.type.endsWith(TRIGGER_TYPE_SUFFIX));
	if (!trigger) return false;
	return trigger.parameters?.responseMode === RESPONSE_IMMEDIATELY;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const input = this.getInputData()[itemIndex]?.json ?? {};
	const backgroundCheckId = text(this.getNodeParameter('backgroundCheckId', itemIndex, ''));
	if (!backgroundCheckId) {
		throw inputError(
			this.getNode(),
			'Background Check ID is empty: map it from the order (background_check_id)',
			itemIndex,
		);
	}
	const accountId = text(this.getNodeParameter('accountId', itemIndex, ''));
	const answer = this.getNodeParameter('answer', itemIndex, 'accept') as string;

	let statusCode: number;
	let body: IDataObject;
	if (answer === 'reject') {
		const errorMessage = text(this.getNodeParameter('errorMessage', itemIndex, ''));
		if (!errorMessage) throw inputError(this.getNode(), 'Error Message is empty', itemIndex);
		statusCode = Number(this.getNodeParameter('httpStatus', itemIndex, 422));
		if (!Number.isInteger(statusCode) || statusCode < 400 || statusCode > 599) {
			throw inputError(this.getNode(), 'HTTP Status must be an error status (400-599)', itemIndex);
		}
		body = { error_message: errorMessage };
	} else {
		statusCode = 201;
		body = { background_check_id: backgroundCheckId, message: 'Order accepted' };
	}

	if (triggerAnswersImmediately(this)) {
		return [
			{
				json: {
					...input,
					atsAnswer: {
						sent: false,
						reason: 'The ATS Anywhere Trigger responds immediately, so the ATS already got its 201',
					},
				},
				pairedItem: { item: itemIndex },
			},
		];
	}

	await this.sendResponse({ body, headers: {}, statusCode });
	let remembered = false;
	if (statusCode === 201 && accountId) {
		new InboundLedger(this.getWorkflowStaticData('global'), ACCEPTED_ORDERS).answer(
			orderKey(accountId, backgroundCheckId),
			{ statusCode, body },
		);
		remembered = true;
	}
	return [
		{
			json: { ...input, atsAnswer: { sent: true, statusCode, body, remembered } },
			pairedItem: { item: itemIndex },
		},
	];
}
