import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { maxBodyOption, runInbound, skipRepeatsOption } from '../shared/inbound';
import { maskPersonalDataOption } from '../shared/pii';
import { unregisteredWebhookMethods } from '../shared/webhook';
import { postbackAuthProperties } from './descriptions/postback.fields';
import { credentialTest } from './methods';
import { DEFAULT_MAX_POSTBACK_MB, postbackSpec } from './trigger/postback';

export class ResidentIqTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ResidentIQ Trigger',
		name: 'residentIqTrigger',
		icon: {
			light: 'file:../../icons/residentiq.svg',
			dark: 'file:../../icons/residentiq.dark.svg',
		},
		group: ['trigger'],
		// Version 1 only: n8n leaves the body unparsed (options.binaryData below) only for version-1 webhook nodes.
		version: 1,
		subtitle:
			'={{$parameter["confirmWithRiq"] ? "Report updates, confirmed with RIQ" : "Report updates"}}',
		description: 'Starts the workflow when ResidentIQ posts a report update to its postback URL',
		defaults: { name: 'ResidentIQ Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'residentIqApi',
				required: true,
				testedBy: 'residentIqApiTest',
				displayOptions: { show: { confirmWithRiq: [true] } },
			},
			{
				name: 'residentIqPostbackApi',
				required: true,
				testedBy: 'residentIqPostbackApiTest',
				displayOptions: { show: { authentication: ['basicAuth', 'postbackPair'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'riq-postback',
			},
		],
		properties: [
			{
				displayName:
					'Copy this node\'s Production URL (under "Webhook URLs" above) into the Postback URL field of ResidentIQ → Report → Create, with the same Postback Authentication there.',
				name: 'urlNotice',
				type: 'notice',
				default: '',
			},
			...postbackAuthProperties,
			{
				displayName: 'Confirm With RIQ',
				name: 'confirmWithRiq',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each report\'s status from ResidentIQ with the credential before starting the workflow. The workflow then gets what RIQ says (the postback\'s own content is kept under "postback"). A postback for a report RIQ does not know is refused; when RIQ cannot be asked, the postback is still passed on, marked confirmed = false with the reason.',
			},
			{
				displayName: 'Options',
				name: 'postbackOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Form Field',
						name: 'formField',
						type: 'string',
						default: '',
						placeholder: 'request',
						description:
							'For form-encoded postbacks: the form field holding the XML. Leave empty to find it automatically.',
					},
					maskPersonalDataOption,
					maxBodyOption(DEFAULT_MAX_POSTBACK_MB, 'ResidentIQ'),
					{
						displayName: 'Reports RIQ Does Not Know',
						name: 'unknownOrders',
						type: 'options',
						options: [
							{
								name: 'Refuse (404)',
								value: 'refuse',
								description:
									'A report RIQ says it does not know starts nothing (once this credential has confirmed a report; before that it is passed on unconfirmed)',
							},
							{
								name: 'Pass On Unconfirmed',
								value: 'emitUnconfirmed',
								description:
									'For one trigger serving several client locations: the report is passed on with confirmed = false, to be read with the right credential',
							},
						],
						default: 'refuse',
						description:
							'What to do when RIQ answers that this credential has no such report (report by report). A postback naming another client location is always passed on unconfirmed.',
					},
					skipRepeatsOption,
				],
			},
			{
				// n8n reads `options.binaryData` of a version-1 webhook node and then leaves the body
				// unparsed: this trigger reads the raw bytes itself, never through n8n's shared XML parser.
				displayName: 'Raw Body',
				name: 'options',
				type: 'hidden',
				default: { binaryData: true },
			},
		],
	};

	methods = { credentialTest };

	// RIQ is given the URL per order (x:postback_url): nothing is registered remotely.
	webhookMethods = unregisteredWebhookMethods();

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runInbound(this, postbackSpec(this));
	}
}
