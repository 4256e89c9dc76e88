import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { inputError, parseInput } from '../../../shared/errors';
import { formatPath } from '../../../shared/validation';
import { statusUpdateSchema } from '../../helpers/statusUpdate';
import { sendStatusUpdate, VENDOR, type StatusUpdateBody } from '../../transport';

export const meta: OperationMeta = {
	name: 'Send',
	action: 'Send a status update',
	description: "Post the check's status and result link to the order's webhook URL",
	writes: true,
	agentLabel: 'Sending a status update',
};

export const description: INodeProperties[] = [
	// First, so the credential it may need shows right above it rather than half-way down the panel.
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'None',
				value: 'none',
				description: 'Send the update without credentials (the webhook URL identifies the order)',
			},
			{
				name: 'Basic Auth With the Client Account',
				value: 'basicAuth',
				description:
					"Sign the update with the client account's Account ID and API Secret, if the ATS asks for it",
			},
		],
		default: 'none',
	},
	{
		displayName: 'Account ID',
		name: 'signAsAccountId',
		type: 'string',
		default: '={{ $json.account_id }}',
		required: true,
		description:
			"The client account to sign as (the order's account_id by default); the credential supplies its API secret",
		displayOptions: { show: { authentication: ['basicAuth'] } },
	},
	{
		displayName: 'Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		default: '={{ $json.webhook_url }}',
		required: true,
		description:
			"Where ATS Anywhere wants updates for this order: the order's webhook_url (taken from the order item by default)",
	},
	{
		displayName: 'Background Check ID',
		name: 'backgroundCheckId',
		type: 'string',
		default: '={{ $json.background_check_id }}',
		required: true,
		description: "The ATS's ID for the check, as it came in the order",
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'string',
		default: 'complete',
		required: true,
		description: 'The status to report; ATS Anywhere expects "complete" when the check is finished',
	},
	{
		displayName: 'Result',
		name: 'result',
		type: 'string',
		default: '',
		placeholder: 'Pass',
		required: true,
		description: 'The outcome the hiring team sees, for example Pass or Fail',
	},
	{
		displayName: 'Result Link URL',
		name: 'resultLinkUrl',
		type: 'string',
		default: '',
		placeholder: 'https://yourco.com/background_checks/{tracking ID}/results',
		required: true,
		description:
			'Where the hiring team opens the full result. Must be an https:// link to a page that asks them to sign in; never put the report itself in the link.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 3,
				description:
					'How many times to try in all when the ATS is busy or unreachable (HTTP 429, 5xx, lost connection). Repeats are safe: the ATS treats the same status as the same update.',
			},
		],
	},
];

const FIELD_LABELS: Record<string, string> = {
	webhook_url: 'Webhook URL',
	background_check_id: 'Background Check ID',
	status: 'Status',
	result: 'Result',
	result_link_url: 'Result Link URL',
};

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const parsed = parseInput(
		this,
		statusUpdateSchema,
		{
			webhook_url: this.getNodeParameter('webhookUrl', itemIndex, ''),
			background_check_id: this.getNodeParameter('backgroundCheckId', itemIndex, ''),
			status: this.getNodeParameter('status', itemIndex, ''),
			result: this.getNodeParameter('result', itemIndex, ''),
			result_link_url: this.getNodeParameter('resultLinkUrl', itemIndex, ''),
		},
		{
			itemIndex,
			vendor: VENDOR,
			headline: 'Status update not sent',
			label: (path) => FIELD_LABELS[String(path[0])] ?? formatPath(path),
		},
	);
	const { webhook_url: webhookUrl, ...fields } = parsed;
	const body: StatusUpdateBody = {
		background_check_id: fields.background_check_id,
		status: fields.status,
		result: fields.result,
		result_link_url: fields.result_link_url,
	};
	const authentication = this.getNodeParameter('authentication', itemIndex, 'none') as string;
	const signAsAccountId =
		authentication === 'basicAuth'
			? String(this.getNodeParameter('signAsAccountId', itemIndex, '') ?? '').trim()
			: undefined;
	if (signAsAccountId === '') {
		throw inputError(
			this.getNode(),
			"Status update not sent: Account ID is empty (map the order's account_id)",
			itemIndex,
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const response = await sendStatusUpdate.call(this, {
		webhookUrl,
		body,
		signAsAccountId,
		itemIndex,
		maxAttempts: typeof options.maxAttempts === 'number' ? options.maxAttempts : undefined,
	});
	return [
		{
			json: {
				webhook_url: webhookUrl,
				sent: body,
				response: { statusCode: response.statusCode, body: (response.body ?? null) as IDataObject },
				attempts: response.attempts,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
