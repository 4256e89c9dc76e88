import { DateTime } from 'luxon';
import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	basicAuthChallenge,
	basicAuthProperties,
	configuredBasicAuth,
	rawBodyOf,
	respondJson,
	sendJson,
	unregisteredWebhookMethods,
} from '../shared/webhook';
import { basicAuthMatches } from '../shared/webhook-auth';
import { reportStatus } from './helpers/mapping';
import { parsePostback } from './helpers/postback';
import { residentIqApiTest } from './methods/credentialTest';
import { riqExchange } from './transport';
import { text, type XmlNode } from './transport/xml';

const REALM = 'ResidentIQ postback';
/** Confirming must not keep RIQ waiting: two quick attempts at most. */
const CONFIRM_RETRY = { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 };

type Outcome =
	| { ok: true; item: IDataObject }
	| { ok: false; statusCode: number; message: string; log: string };

export class ResidentIqTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ResidentIQ Trigger',
		name: 'residentIqTrigger',
		icon: { light: 'file:../../icons/residentiq.svg', dark: 'file:../../icons/residentiq.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["confirmWithRiq"] ? "Report updates, confirmed with RIQ" : "Report updates"}}',
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
					'Copy this node\'s Production URL (under "Webhook URLs" above) into the Postback URL field of ResidentIQ → Report → Create. RIQ does not sign its postbacks: the URL contains a random ID and is the secret, so share it only with RIQ.',
				name: 'urlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Confirm With RIQ',
				name: 'confirmWithRiq',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each report\'s status from ResidentIQ with the credential before starting the workflow. The workflow then gets what RIQ says (the postback\'s own content is kept under "postback"), and a postback for a report RIQ does not know is refused, so a forged postback cannot start the workflow with made-up data.',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'None', value: 'none' },
					{
						name: 'Basic Auth',
						value: 'basicAuth',
						description: 'Only if RIQ calls the URL with a user name and password (e.g. https://user:pass@host/…)',
					},
				],
				default: 'none',
			},
			...basicAuthProperties,
			{
				displayName: 'Options',
				name: 'options',
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
				],
			},
		],
	};

	methods = { credentialTest: { residentIqApiTest } };

	// RIQ is given the URL per order (x:postback_url): nothing is registered remotely.
	webhookMethods = unregisteredWebhookMethods();

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const reject = (statusCode: number, message: string, log: string, headers?: Record<string, string>) => {
			this.logger.warn(`ResidentIQ Trigger "${this.getNode().name}" refused a postback (${statusCode}): ${log}`);
			return respondJson(res, statusCode, { error: message }, headers);
		};

		if (this.getNodeParameter('authentication', 'none') === 'basicAuth') {
			const expected = configuredBasicAuth(this);
			if (!expected) {
				return reject(500, 'The trigger is not configured', 'Basic Auth is selected but User or Password is empty');
			}
			if (!basicAuthMatches(req.headers.authorization, [expected])) {
				return reject(401, 'Authorization required', 'missing or wrong Basic credentials', basicAuthChallenge(REALM));
			}
		}

		const rawBody = await rawBodyOf(req);
		const options = this.getNodeParameter('options', {}) as { formField?: string };
		const parsed = parsePostback(
			rawBody,
			req.headers['content-type'],
			this.getBodyData(),
			options.formField?.trim() || undefined,
		);
		if (!parsed.ok) return reject(400, 'Not a ResidentIQ postback', parsed.reason);

		const receivedAt = DateTime.utc().toISO();
		const confirm = this.getNodeParameter('confirmWithRiq', true) as boolean;
		const items: INodeExecutionData[] = [];
		for (const pkg of parsed.packages) {
			const outcome = confirm
				? await confirmWithRiq.call(this, pkg)
				: { ok: true as const, item: { ...reportStatus(pkg), confirmed: false } };
			if (!outcome.ok) return reject(outcome.statusCode, outcome.message, outcome.log);
			items.push({ json: { ...outcome.item, receivedAt } });
		}
		sendJson(res, 200, { status: 'received', reports: items.length });
		return { noWebhookResponse: true, workflowData: [items] };
	}
}

/** Re-reads the report's status with the credential: RIQ's answer replaces the postback's claims. */
async function confirmWithRiq(this: IWebhookFunctions, pkg: XmlNode): Promise<Outcome> {
	const postback = reportStatus(pkg);
	const orderId = text(pkg, 'OrderId') as string;
	let exchange;
	try {
		exchange = await riqExchange.call(this, {
			route: 'status',
			content: { BackgroundSearchPackage: { '@_action': 'status', OrderId: orderId, 'report-type': 'full' } },
			retry: CONFIRM_RETRY,
			timeoutMs: 10_000,
		});
	} catch (error) {
		return {
			ok: false,
			statusCode: 503,
			message: 'Could not confirm the report with ResidentIQ; try again later',
			log: `confirming report ${orderId} failed: ${(error as Error).message}`,
		};
	}
	const confirmed = reportStatus(exchange.packages[0]);
	if (exchange.error || (confirmed.orderId !== null && confirmed.orderId !== orderId)) {
		return {
			ok: false,
			statusCode: 404,
			message: 'ResidentIQ does not confirm this report',
			log: `RIQ did not confirm report ${orderId}${exchange.error?.code ? ` (RIQ error code ${exchange.error.code})` : ''}`,
		};
	}
	return {
		ok: true,
		item: {
			...confirmed,
			orderId,
			reportUrlIssuedAt: confirmed.reportUrl ? DateTime.utc().toISO() : null,
			confirmed: true,
			postback,
		},
	};
}
