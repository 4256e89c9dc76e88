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

import { maskPersonalDataOption, maskUnless } from '../shared/pii';
import { logUnexpectedShape } from '../shared/unexpectedShape';
import { ReplayMemory, replayScope } from '../shared/replay';
import {
	checkInboundAuth,
	inboundCredential,
	rawBodyOf,
	respondJson,
	sendJson,
	unregisteredWebhookMethods,
} from '../shared/webhook';
import { reportStatus } from './helpers/mapping';
import { checkPostbackPair, parsePostback } from './helpers/postback';
import { REPLAY_KEY, statusFingerprint } from './helpers/replays';
import { credentialTest } from './methods';
import {
	postbackAuthProblem,
	postbackAuthProperties,
	type PostbackAuth,
} from './descriptions/postback.fields';
import { confirmPostback, credentialLocation } from './transport/confirm';
import { text } from './transport/xml';

const REALM = 'ResidentIQ postback';
const POSTBACK_CREDENTIAL = 'residentIqPostbackApi';

interface PostbackOptions {
	formField?: string;
	maskPersonalData?: boolean;
	emitOnlyChanges?: boolean;
	unknownOrders?: 'refuse' | 'emitUnconfirmed';
}

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
						displayName: 'Emit Only Status Changes',
						name: 'emitOnlyChanges',
						type: 'boolean',
						default: true,
						description:
							"Whether to start the workflow only when a report's status (as confirmed with RIQ), decision or error differs from the last one this trigger passed on for that report. Repeated postbacks are answered 200 and start nothing.",
					},
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
					{
						displayName: 'Reports RIQ Does Not Know',
						name: 'unknownOrders',
						type: 'options',
						options: [
							{
								name: 'Refuse (404)',
								value: 'refuse',
								description: 'A postback for a report this credential cannot read starts nothing',
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
							'What to do when RIQ answers that this credential has no such report. A postback naming another client location is always passed on unconfirmed.',
					},
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
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const node = this.getNode();
		const reject = (
			statusCode: number,
			message: string,
			log: string,
			headers?: Record<string, string>,
		) => {
			this.logger.warn(
				`ResidentIQ Trigger "${node.name}" refused a postback (${statusCode}): ${log}`,
			);
			return respondJson(res, statusCode, { error: message }, headers);
		};

		const mode = this.getNodeParameter('authentication', 'readBack') as PostbackAuth;
		const misconfigured = postbackAuthProblem(mode, this.getNodeParameter('confirmWithRiq', true));
		if (misconfigured) return reject(401, 'Authorization required', misconfigured);
		const auth = await checkInboundAuth(this, {
			mode: mode === 'basicAuth' ? 'basicAuth' : 'none',
			credentialType: POSTBACK_CREDENTIAL,
			realm: REALM,
		});
		if (!auth.ok) return reject(401, 'Authorization required', auth.reason, auth.headers);
		// Made before the confirmations, so that identical postbacks arriving meanwhile are seen (nodes/shared/replay.ts).
		const memory = new ReplayMemory(this.getWorkflowStaticData('node'), {
			key: REPLAY_KEY,
			scope: replayScope(this),
		});

		const options = {
			...(this.getNodeParameter('options', {}) as PostbackOptions),
			...(this.getNodeParameter('postbackOptions', {}) as PostbackOptions),
		};
		let rawBody: Buffer | undefined;
		try {
			rawBody = await rawBodyOf(req);
		} catch {
			return reject(400, 'Not a ResidentIQ postback', 'the body could not be read');
		}
		const parsed = parsePostback(
			rawBody,
			req.headers['content-type'],
			undefined,
			options.formField?.trim() || undefined,
		);
		if (!parsed.ok) {
			logUnexpectedShape(this.logger, 'ResidentIQ Trigger', parsed.reason, xmlShape(rawBody));
			return reject(400, 'Not a ResidentIQ postback', parsed.reason);
		}
		if (mode === 'postbackPair') {
			const expected = await inboundCredential(this, POSTBACK_CREDENTIAL);
			const pair = checkPostbackPair(parsed.postbackPair, expected);
			if (!pair.ok) return reject(401, 'Authorization required', pair.reason);
		}

		const receivedAt = DateTime.utc().toISO();
		const confirm = this.getNodeParameter('confirmWithRiq', true) as boolean;
		const ownLocation = confirm ? await credentialLocation.call(this) : undefined;
		const otherLocation =
			parsed.clientLocation !== undefined &&
			ownLocation !== undefined &&
			parsed.clientLocation !== ownLocation;
		const candidates: Array<{ orderId: string; item: IDataObject; deduplicate: boolean }> = [];
		for (const pkg of parsed.packages) {
			const orderId = text(pkg, 'OrderId') as string;
			const postback = { ...reportStatus(pkg) };
			if (!confirm) {
				candidates.push({ orderId, item: { ...postback, confirmed: false }, deduplicate: true });
				continue;
			}
			const result = await confirmPostback.call(this, pkg);
			if (result.outcome === 'confirmed') {
				candidates.push({ orderId, item: result.item, deduplicate: true });
			} else if (result.outcome === 'failed') {
				this.logger.warn(
					`ResidentIQ Trigger "${node.name}": report ${orderId} passed on unconfirmed: ${result.reason}`,
				);
				candidates.push({
					orderId,
					item: { ...postback, confirmed: false, confirmationError: result.reason },
					deduplicate: false,
				});
			} else if (otherLocation || options.unknownOrders === 'emitUnconfirmed') {
				const reason = otherLocation
					? `the postback names another client location (${parsed.clientLocation}); read the report with that location's credential`
					: 'ResidentIQ does not know this report for this credential (another client location?)';
				candidates.push({
					orderId,
					item: {
						...postback,
						confirmed: false,
						confirmationError: reason,
						...(otherLocation ? { clientLocation: parsed.clientLocation } : {}),
					},
					deduplicate: false,
				});
			} else {
				return reject(404, 'ResidentIQ does not confirm this report', result.log);
			}
		}

		const emitOnlyChanges = options.emitOnlyChanges !== false;
		const mask = options.maskPersonalData !== false;
		const items: INodeExecutionData[] = [];
		let replays = 0;
		for (const { orderId, item, deduplicate } of candidates) {
			if (emitOnlyChanges && deduplicate && !memory.admit(orderId, statusFingerprint(item))) {
				replays++;
				continue;
			}
			if (deduplicate && !emitOnlyChanges) memory.remember(orderId, statusFingerprint(item));
			items.push({ json: maskUnless({ ...item, receivedAt }, mask) });
		}
		sendJson(res, 200, {
			status: 'received',
			reports: parsed.packages.length,
			...(replays ? { replays } : {}),
		});
		if (items.length === 0) {
			this.logger.info(
				`ResidentIQ Trigger "${node.name}": ${replays} repeated postback(s) answered, nothing started`,
			);
			return { noWebhookResponse: true };
		}
		return { noWebhookResponse: true, workflowData: [items] };
	}
}

/** The element names of a postback that could not be read (for the log: names only, never values). */
function xmlShape(body: Buffer | undefined): Record<string, string> {
	const names = (body?.toString('utf8', 0, 65536) ?? '').match(/<([A-Za-z_][\w:.-]*)/g) ?? [];
	return Object.fromEntries(names.map((name) => [name.slice(1), '']));
}
