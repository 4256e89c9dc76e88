import type { INodeProperties } from 'n8n-workflow';

import { maxBodyOption } from '../../shared/inbound';
import { maskPersonalDataOption } from '../../shared/pii';

/** An order is a few KB. */
export const DEFAULT_MAX_ORDER_MB = 2;

export const RESPONSE_IMMEDIATELY = 'immediately';
export const RESPONSE_WORKFLOW_ACCEPTED = 'workflowAccepted';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"Give ATS Anywhere both URLs above (the same two URLs for every client account): the GET …/packages URL is its package-list endpoint and the POST …/orders URL its order endpoint. Every call must use HTTP Basic with a client account ID and its API secret, as the selected credential verifies them; anything else is refused with 401. Onboard a client with the ATS Anywhere node's Account > Create Credentials.",
		name: 'urlsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Packages',
		name: 'packages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Package',
		description:
			'The background-check packages this client can order. The ATS shows them to the hiring team; an order for any other package ID is refused. At least one is required: without one the workflow cannot be published.',
		default: {},
		options: [
			{
				name: 'package',
				displayName: 'Package',
				// Alphabetical (n8n's rule), named so that ID and Name, the required fields, come first.
				values: [
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'PKG001',
						description:
							'Your package ID; the ATS sends it back as package_id when this package is ordered',
						required: true,
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'Basic Package',
						description: 'The name the hiring team sees',
						required: true,
					},
					{
						displayName: 'Package Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'Optional longer description shown in the ATS',
					},
					{
						displayName: 'Price',
						name: 'price',
						type: 'string',
						default: '',
						placeholder: '29.99',
						description:
							'Optional. What the client pays, as a decimal number without a currency sign.',
					},
					{
						displayName: 'Screenings',
						name: 'screenings',
						type: 'string',
						default: '',
						placeholder:
							'Address to Federal Criminal History (7 year)\nSocial Security Address/Alias Trace',
						description: 'Optional. The screenings in this package, one per line.',
					},
				],
			},
		],
	},
	{
		displayName: 'Add-On Packages',
		name: 'addOnPackages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Add-On Package',
		description:
			'Optional extra services (for example drug screening) that can be ordered with any package',
		default: {},
		options: [
			{
				name: 'addOnPackage',
				displayName: 'Add-On Package',
				values: [
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'DRG01',
						description: 'Your add-on ID; the ATS sends it in add_on_package_ids',
						required: true,
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'Basic Drug Screening',
						required: true,
					},
					{
						displayName: 'Price',
						name: 'price',
						type: 'string',
						default: '',
						placeholder: '29.99',
						description: 'What the client pays, as a decimal number without a currency sign',
						required: true,
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						typeOptions: { rows: 2 },
						default: '',
						description: 'The longer description shown in the ATS',
						required: true,
					},
				],
			},
		],
	},
	{
		displayName: 'Package Access per Account',
		name: 'accountPackages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Account',
		description:
			'Optional. Limit what a client account sees and may order; an account not listed here sees every package and add-on above.',
		default: {},
		options: [
			{
				name: 'account',
				displayName: 'Account',
				values: [
					{
						displayName: 'Account ID',
						name: 'accountId',
						type: 'string',
						default: '',
						placeholder: 'ACCT123',
						required: true,
					},
					{
						displayName: 'Package IDs',
						name: 'packageIds',
						type: 'string',
						default: '',
						placeholder: 'PKG001, PKG002',
						description:
							'The packages this account sees and may order, separated by commas or new lines (empty: none)',
					},
					{
						displayName: 'Add-On Package IDs',
						name: 'addOnPackageIds',
						type: 'string',
						default: '',
						placeholder: 'DRG01',
						description:
							'The add-ons this account sees and may order, separated by commas or new lines (empty: none)',
					},
				],
			},
		],
	},
	{
		displayName: 'Respond to Orders',
		name: 'responseMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'When the Workflow Has Accepted It',
				value: RESPONSE_WORKFLOW_ACCEPTED,
				description:
					'Wait for an ATS Anywhere "Order: Answer" step: it sends 201, or your error message. If the workflow fails first, the ATS gets a non-201 answer with an error_message and may retry.',
			},
			{
				name: 'Immediately (Risky)',
				value: RESPONSE_IMMEDIATELY,
				description:
					'Answer 201 as soon as the order is valid, then run the workflow. Risk: if the workflow then fails, the ATS believes the order was accepted and nobody works on it.',
			},
		],
		default: RESPONSE_WORKFLOW_ACCEPTED,
	},
	{
		displayName:
			'Add an ATS Anywhere node with Resource "Order" and Operation "Answer" after the step that creates the case (and one on its error path to reject). If the workflow fails before answering, the ATS gets HTTP 500 with an error_message and the order is not remembered, so the ATS can retry it; if it ends without an Answer step, the ATS gets 201.',
		name: 'answerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { responseMode: [RESPONSE_WORKFLOW_ACCEPTED] } },
	},
	{
		displayName:
			'The ATS gets 201 before anything is created. If the workflow fails afterwards, the ATS still believes the order was accepted, and its retries get the same 201: watch failed executions yourself.',
		name: 'immediateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { responseMode: [RESPONSE_IMMEDIATELY] } },
	},
	{
		displayName: 'Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Emit Package-List Requests',
				name: 'emitPackageRequests',
				type: 'boolean',
				default: false,
				description:
					'Whether to also start an execution each time the ATS fetches the package list (for an audit trail). Those items have event "packages_requested"; the answer does not wait for them.',
			},
			maskPersonalDataOption,
			maxBodyOption(DEFAULT_MAX_ORDER_MB, 'ATS Anywhere'),
			{
				displayName: 'Require Matching Account ID',
				name: 'requireMatchingAccountId',
				type: 'boolean',
				default: true,
				description:
					'Whether to refuse orders whose account_id is not the account the ATS signed in as (its HTTP Basic user name)',
			},
		],
	},
	{
		// n8n reads `options.binaryData` of a version-1 webhook node and then leaves the body unparsed: the trigger
		// reads the raw bytes itself, under its own size limit (an over-size order gets 413, never n8n's 500).
		displayName: 'Raw Body',
		name: 'options',
		type: 'hidden',
		default: { binaryData: true },
	},
];
