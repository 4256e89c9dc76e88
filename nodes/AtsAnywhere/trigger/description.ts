import type { INodeProperties } from 'n8n-workflow';

export const RESPONSE_IMMEDIATELY = 'immediately';
export const RESPONSE_WORKFLOW_ACCEPTED = 'workflowAccepted';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Give ATS Anywhere both URLs above: the GET …/packages URL is its package-list endpoint and the POST …/orders URL its order endpoint. Every call must use HTTP Basic with the Account ID and API Secret of the selected credential; anything else is refused with 401.',
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
			'The background-check packages this client can order. The ATS shows them to the hiring team; an order for any other package ID is refused.',
		default: {},
		options: [
			{
				name: 'package',
				displayName: 'Package',
				values: [
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'Optional longer description shown in the ATS',
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'PKG001',
						description: 'Your package ID;	the ATS sends it back as package_id when this package is ordered',
							required:	true,
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'Basic Package',
						description: 'The name the hiring team sees',
							required:	true,
					},
					{
						displayName: 'Price',
						name: 'price',
						type: 'string',
						default: '',
						placeholder: '29.99',
						description: 'Optional. What the client pays, as a decimal number without a currency sign.',
					},
					{
						displayName: 'Screenings',
						name: 'screenings',
						type: 'string',
						default: '',
						placeholder: 'Address to Federal Criminal History (7 year)\nSocial Security Address/Alias Trace',
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
		description: 'Optional extra services (for example drug screening) that can be ordered with any package',
		default: {},
		options: [
			{
				name: 'addOnPackage',
				displayName: 'Add-On Package',
				values: [
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						typeOptions: { rows: 2 },
						default: '',
						description: 'The longer description shown in the ATS',
						required: true,
					},
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
				name: 'Immediately',
				value: RESPONSE_IMMEDIATELY,
				description: 'Answer 201 as soon as the order is valid, then run the workflow',
			},
			{
				name: 'When the Workflow Has Accepted It',
				value: RESPONSE_WORKFLOW_ACCEPTED,
				description:
					'Wait for an ATS Anywhere "Answer Order" step: it sends 201, or your error message if the case could not be created',
			},
		],
		default: RESPONSE_IMMEDIATELY,
	},
	{
		displayName:
			'Add an ATS Anywhere node with Resource "Order" and Operation "Answer" after the step that creates the case (and one on its error path to reject). If the workflow ends without it, the ATS gets 201 when the workflow succeeded and HTTP 500 when it failed; a failed order is not remembered, so the ATS can retry it.',
		name: 'answerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { responseMode: [RESPONSE_WORKFLOW_ACCEPTED] } },
	},
	{
		displayName: 'Options',
		name: 'options',
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
			{
				displayName: 'Require Matching Account ID',
				name: 'requireMatchingAccountId',
				type: 'boolean',
				default: true,
				description:
					"Whether to refuse orders whose account_id is not the credential's Account ID (the account the ATS signed in as)",
			},
		],
	},
];
