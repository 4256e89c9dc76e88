import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { maxBodyOption, runInbound, skipRepeatsOption } from '../shared/inbound';
import { maskPersonalDataOption } from '../shared/pii';
import { inboundAuthProperties, unregisteredWebhookMethods } from '../shared/webhook';
import { triggerCredentialTest } from './methods';
import { callbackSpec, DEFAULT_MAX_CALLBACK_MB } from './trigger/callback';

export class ChoiceScreeningTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Choice Screening Trigger',
		name: 'choiceScreeningTrigger',
		icon: {
			light: 'file:../../icons/choicescreening.svg',
			dark: 'file:../../icons/choicescreening.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Order callback" + ($parameter["confirmWithChoice"] ? " (confirmed)" : "")}}',
		description:
			"Starts the workflow when Choice Screening posts an order's result to its Return URL",
		defaults: { name: 'Choice Screening Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'choiceScreeningApi',
				required: true,
				testedBy: 'choiceScreeningApiTest',
				displayOptions: { show: { confirmWithChoice: [true] } },
			},
			{
				name: 'choiceScreeningCallbackApi',
				required: true,
				testedBy: 'choiceScreeningCallbackApiTest',
				displayOptions: { show: { authentication: ['basicAuth', 'headerAuth'] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' },
		],
		properties: [
			{
				displayName:
					"Use this node's Production URL as the order's Return URL. Choice does not sign callbacks: agree Basic Auth or a header secret with Choice, and keep Confirm With Choice on.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...inboundAuthProperties('Choice Screening'),
			{
				displayName: 'Confirm With Choice',
				name: 'confirmWithChoice',
				type: 'boolean',
				default: true,
				description:
					'Whether to re-read the order\'s status from Choice with the credential and emit that (the callback is kept under "callback"). Callbacks for orders Choice says it does not know are refused once the credential has confirmed an order; when Choice cannot be asked, the callback is emitted with confirmed: false and the reason. Off: the callback body is trusted as sent, so anyone who can call the URL decides what the workflow sees.',
			},
			{
				displayName: 'Options',
				name: 'callbackOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					maskPersonalDataOption,
					maxBodyOption(DEFAULT_MAX_CALLBACK_MB, 'Choice'),
					skipRepeatsOption,
				],
			},
			{
				// n8n reads `options.binaryData` of a version-1 webhook node and then leaves the body unparsed:
				// this trigger reads the raw bytes itself, under its own size limit.
				displayName: 'Raw Body',
				name: 'options',
				type: 'hidden',
				default: { binaryData: true },
			},
		],
	};

	methods = { credentialTest: triggerCredentialTest };

	// Choice is told the Return URL per order, so there is nothing to register or remove remotely.
	webhookMethods = unregisteredWebhookMethods();

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runInbound(this, callbackSpec(this));
	}
}
