import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type NodeApiError,
} from 'n8n-workflow';

import { maskPersonalDataOption, maskUnless, redactText } from '../shared/pii';
import { ReplayMemory, replayScope } from '../shared/replay';
import { logUnexpectedShape } from '../shared/unexpectedShape';
import {
	checkInboundAuth,
	type InboundAuth,
	inboundAuthProperties,
	parseJson,
	rawBodyOf,
	respondJson,
	sendJson,
	unregisteredWebhookMethods,
} from '../shared/webhook';
import { findCallbackIds, statusFingerprint } from './helpers/callback';
import { asJson, orderIdOf, PATH_HINT } from './helpers/response';
import { triggerCredentialTest } from './methods';
import { readOrder } from './transport';

const REALM = 'Choice Screening callback';
/** Confirming must not keep Choice's callback waiting long. */
const CONFIRM_TIMEOUT_MS = 15_000;
/** Where the replay memory (nodes/shared/replay.ts) is kept in the node's static data. */
const REPLAY_KEY = 'lastStatusByOrder';
/** The largest callback taken by default, in MB: Choice does not document a size; its order responses are a few KB. */
const DEFAULT_MAX_CALLBACK_MB = 2;
/** How much of a callback's raw text is kept in the output when no order number was found in it. */
export const RAW_BODY_KEPT = 64 * 1024;

type Confirmation =
	| { confirmed: true; status: unknown }
	| { confirmed: false; reason: string }
	| 'unknownOrder';

/** Re-reads the order from Choice. Only "Choice does not know this order" refuses; any other failure is a reason. */
async function confirm(this: IWebhookFunctions, orderId: string): Promise<Confirmation> {
	let status: unknown;
	try {
		status = await readOrder.call(this, orderId, {
			timeout: CONFIRM_TIMEOUT_MS,
			retry: { maxAttempts: 2 },
		});
	} catch (error) {
		const { httpCode, message } = error as NodeApiError;
		// A 404 with Choice's own answer is an unknown order; a 404 page from a wrong path is not.
		if (Number(httpCode) === 404 && !String(message).includes(PATH_HINT)) return 'unknownOrder';
		return { confirmed: false, reason: `could not be confirmed with Choice Screening: ${message}` };
	}
	const confirmedId = orderIdOf(status);
	if (confirmedId && confirmedId !== orderId) {
		return {
			confirmed: false,
			reason: `Choice Screening answered with order ${confirmedId} for order ${orderId}`,
		};
	}
	return { confirmed: true, status };
}

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
					'Whether to re-read the order\'s status from Choice with the credential and emit that (the callback is kept under "callback"). Callbacks for orders Choice does not know are refused; when Choice cannot be asked, the callback is emitted with confirmed: false and the reason. Off: the callback body is trusted as sent, so anyone who can call the URL decides what the workflow sees.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					maskPersonalDataOption,
					{
						displayName: 'Max Callback Size (MB)',
						name: 'maxCallbackMb',
						type: 'number',
						typeOptions: { minValue: 0.01, maxValue: 16, numberPrecision: 2 },
						default: DEFAULT_MAX_CALLBACK_MB,
						description:
							'Larger callbacks are refused with 413 and start nothing (Choice does not document a size; its order responses are a few KB). n8n itself takes at most N8N_PAYLOAD_SIZE_MAX (16 MB by default).',
					},
					{
						displayName: 'Skip Repeated Callbacks',
						name: 'skipReplays',
						type: 'boolean',
						default: true,
						description:
							"Whether to start the workflow only when the order's status (as confirmed with Choice) changed since the last callback emitted for that order. Repeats are answered 200 and start nothing.",
					},
				],
			},
		],
	};

	methods = { credentialTest: triggerCredentialTest };

	// Choice is told the Return URL per order, so there is nothing to register or remove remotely.
	webhookMethods = unregisteredWebhookMethods();

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const refuse = (status: number, message: string, headers: Record<string, string> = {}) =>
			respondJson(res, status, { error: message }, headers);

		const auth = await checkInboundAuth(this, {
			mode: this.getNodeParameter('authentication', 'basicAuth') as InboundAuth,
			credentialType: 'choiceScreeningCallbackApi',
			realm: REALM,
			charset: false,
		});
		if (!auth.ok) return refuse(401, 'Authorization required', auth.headers);

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const maxBytes = Math.round(
			Number(options.maxCallbackMb ?? DEFAULT_MAX_CALLBACK_MB) * 1024 * 1024,
		);
		const tooBig = (bytes: number) => {
			this.logger.warn('Choice Screening Trigger: refused a callback over Max Callback Size', {
				bytes,
				maxBytes,
			});
			return refuse(413, `Callback too large: at most ${maxBytes} bytes are accepted`);
		};
		const declared = Number(this.getHeaderData()['content-length']);
		if (declared > maxBytes) return tooBig(declared);
		const raw = await rawBodyOf(this.getRequestObject());
		if (raw && raw.length > maxBytes) return tooBig(raw.length);

		// Any JSON is accepted (Choice does not document the callback); only what is not JSON is refused.
		const text = raw?.length ? raw.toString('utf8') : '';
		const parsed: unknown = this.getBodyData();
		const body = text.trim()
			? parseJson(text, { ignoreBom: true })
			: isNonEmpty(parsed)
				? parsed
				: undefined;
		if (body === undefined)
			return refuse(400, 'Expected a JSON body (a Choice Screening order response)');

		// Made before confirming, so that identical callbacks arriving meanwhile are seen (nodes/shared/replay.ts).
		const replays = new ReplayMemory(this.getWorkflowStaticData('node'), {
			key: REPLAY_KEY,
			scope: replayScope(this),
		});
		const mask = options.maskPersonalData !== false;
		const { orderId, trackingId } = findCallbackIds(body);
		const unconfirmed = (reason: string, extra: IDataObject = {}) => ({
			orderId: orderId ?? null,
			...(trackingId ? { trackingId } : {}),
			confirmed: false,
			unconfirmedReason: reason,
			...extra,
			...maskUnless(asJson(body), mask),
		});

		let output: IDataObject;
		let fingerprintOf: unknown;
		if (!orderId) {
			logUnexpectedShape(this.logger, 'Choice Screening Trigger', 'no order number', body);
			const rawText = text || JSON.stringify(body);
			output = unconfirmed(
				trackingId
					? 'the callback has a tracking ID but no order number, so it could not be confirmed'
					: 'no order number was found in the callback',
				keptRawBody(mask ? redactText(rawText) : rawText),
			);
		} else if (this.getNodeParameter('confirmWithChoice', true) === true) {
			const confirmation = await confirm.call(this, orderId);
			if (confirmation === 'unknownOrder')
				return refuse(400, 'Choice Screening does not know this order');
			if (confirmation.confirmed) {
				output = {
					orderId,
					confirmed: true,
					...maskUnless(asJson(confirmation.status), mask),
					callback: maskUnless(body as IDataObject, mask),
				};
				fingerprintOf = confirmation.status;
			} else {
				this.logger.warn(
					'Choice Screening Trigger: a callback could not be confirmed with Choice',
					{ orderId },
				);
				output = unconfirmed(confirmation.reason);
			}
		} else {
			output = unconfirmed('Confirm With Choice is off: the callback body is as sent');
			fingerprintOf = body;
		}

		// Replays: only news about an order starts the workflow. Callbacks whose confirmation failed are not remembered,
		// so a later copy that can be confirmed still gets through.
		if (orderId && fingerprintOf !== undefined && options.skipReplays !== false) {
			if (!replays.admit(orderId, statusFingerprint(fingerprintOf))) {
				return respondJson(res, 200, { received: true, repeated: true });
			}
		}

		sendJson(res, 200, { received: true });
		return { noWebhookResponse: true, workflowData: [[{ json: output }]] };
	}
}

function isNonEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return false;
	return typeof value !== 'object' || Object.keys(value).length > 0;
}

/** The raw text kept in the output: at most {@link RAW_BODY_KEPT} characters, saying when it was cut. */
function keptRawBody(text: string): IDataObject {
	if (text.length <= RAW_BODY_KEPT) return { rawBody: text };
	return {
		rawBody: text.slice(0, RAW_BODY_KEPT),
		rawBodyTruncated: true,
		rawBodyLength: text.length,
	};
}
