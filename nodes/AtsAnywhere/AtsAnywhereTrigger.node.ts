import {
	NodeConnectionTypes,
	NodeOperationError,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { runInbound } from '../shared/inbound';
import { credentialTest } from './methods';
import { triggerProperties } from './trigger/description';
import { atsSpec, offeredPackages } from './trigger/requests';

export class AtsAnywhereTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ATS Anywhere Trigger',
		name: 'atsAnywhereTrigger',
		icon: {
			light: 'file:../../icons/atsanywhere.svg',
			dark: 'file:../../icons/atsanywhere.dark.svg',
		},
		group: ['trigger'],
		// Version 1: n8n leaves the body unparsed (options.binaryData, hidden) only for version-1 webhook nodes, so
		// the trigger reads its own bytes under its own limit. 1.1 (same behaviour otherwise) is kept for workflows
		// that have it; n8n parses their bodies itself.
		version: [1, 1.1],
		defaultVersion: 1,
		subtitle:
			'={{"Orders answered " + ($parameter["responseMode"] === "immediately" ? "immediately" : "by the workflow")}}',
		description:
			'Serve the package-list and order endpoints ATS Anywhere calls, and start a workflow for each new order',
		// Instead of n8n's "Pull in events from ...": ATS Anywhere calls this trigger, it does not poll.
		triggerPanel: {
			header: 'Waiting for ATS Anywhere to fetch your package list or send an order',
		},
		defaults: { name: 'ATS Anywhere Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'atsAnywhereApi', required: true, testedBy: 'atsAnywhereApiTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'packages',
			},
			{
				name: 'default',
				httpMethod: 'POST',
				// Always "responseNode": n8n waits for the ATS Anywhere "Order: Answer" operation (n8n's own
				// Respond to Webhook node only works with n8n's Webhook and Form triggers). In "immediately" mode
				// the trigger has answered before the workflow starts, and the Answer step sends nothing.
				// Plain values, not expressions: n8n 2.x evaluates each `={{ }}` here in an expression isolate
				// on every request (a CPU profile under load: docs/running.md, Queue mode).
				responseMode: 'responseNode',
				// Used by n8n only when an accepting workflow ends without an Answer step. A number (the type
				// asks for a string): n8n passes it to the HTTP response as it is.
				responseCode: 201 as unknown as string,
				path: 'orders',
			},
		],
		properties: triggerProperties,
	};

	methods = { credentialTest };

	webhookMethods = {
		default: {
			/** Nothing is registered at ATS Anywhere: the URLs are handed over by hand. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			/** Refuses to activate with a package list the ATS could not use. */
			async create(this: IHookFunctions): Promise<boolean> {
				const offered = offeredPackages(this);
				if (!offered.ok) {
					// The reason goes in the message too: n8n's publish dialog shows the message only.
					throw new NodeOperationError(
						this.getNode(),
						`The package list is not ready for ATS Anywhere: ${offered.problems.join('; ')}`,
						{
							description: offered.problems.join('; '),
						},
					);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runInbound(this, atsSpec(this));
	}
}
