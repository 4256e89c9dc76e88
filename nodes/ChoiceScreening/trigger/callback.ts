import type { IDataObject, IWebhookFunctions, NodeApiError } from 'n8n-workflow';

import {
	bodyHash,
	confirmReports,
	maxBodyBytes,
	refusal,
	skipRepeats,
	type InboundSpec,
	type ReadBack,
} from '../../shared/inbound';
import { InboundLedger, ledgerScope } from '../../shared/ledger';
import { maskUnless, redactText } from '../../shared/pii';
import { checkInboundAuth, parseJson, type InboundAuth } from '../../shared/webhook';
import { findCallbackIds, readStatus } from '../helpers/callback';
import { logUnexpectedShape } from '../../shared/unexpectedShape';
import { asJson, orderIdOf, PATH_HINT } from '../helpers/response';
import { readOrder } from '../transport';

const TRIGGER = 'Choice Screening Trigger';
const REALM = 'Choice Screening callback';
/** Where the trigger's ledger (nodes/shared/ledger.ts) is kept in the node's static data. */
const LEDGER_KEY = 'lastStatusByOrder';
/** Confirming must not keep Choice's callback waiting long. */
const CONFIRM_TIMEOUT_MS = 15_000;
/** Choice does not document a size; its order responses are a few KB. */
export const DEFAULT_MAX_CALLBACK_MB = 2;
/** How much of a callback's raw text is kept in the output when no order number was found in it. */
export const RAW_BODY_KEPT = 64 * 1024;

interface Callback {
	body: unknown;
	text: string;
}

/** The inbound pipeline's Choice Screening parts (nodes/shared/inbound.ts). */
export function callbackSpec(context: IWebhookFunctions): InboundSpec<Callback> {
	const options = {
		...(context.getNodeParameter('options', {}) as IDataObject),
		...(context.getNodeParameter('callbackOptions', {}) as IDataObject),
	};
	const mask = options.maskPersonalData !== false;
	const confirm = context.getNodeParameter('confirmWithChoice', true) === true;
	const ledger = new InboundLedger(context.getWorkflowStaticData('node'), {
		key: LEDGER_KEY,
		scope: ledgerScope(context),
	});
	return {
		trigger: TRIGGER,
		errorBody: (error) => ({ error }),
		ledger,
		maxBytes: maxBodyBytes(options, DEFAULT_MAX_CALLBACK_MB),
		authenticate: async () => {
			const auth = await checkInboundAuth(context, {
				mode: context.getNodeParameter('authentication', 'basicAuth') as InboundAuth,
				credentialType: 'choiceScreeningCallbackApi',
				realm: REALM,
				charset: false,
			});
			return auth.ok
				? undefined
				: refusal(401, 'Authorization required', auth.reason, auth.headers);
		},
		// Any JSON is accepted (Choice does not document the callback); only what is not JSON is refused.
		parse: (raw) => {
			const text = raw.toString('utf8');
			const body = text.trim() ? parseJson(text, { ignoreBom: true }) : undefined;
			return body === undefined
				? refusal(
						400,
						'Expected a JSON body (a Choice Screening order response)',
						'the body is not JSON',
					)
				: { body, text };
		},
		// With Skip Repeats off every copy starts the workflow, even identical ones arriving together.
		deliveryKey: ({ body }) => (skipRepeats(options) ? `delivery:${bodyHash(body)}` : undefined),
		handle: async ({ body, text }) => {
			const { orderId, trackingId } = findCallbackIds(body);
			if (!orderId) logUnexpectedShape(context.logger, TRIGGER, 'no order number', body);
			const asSent = (): IDataObject => ({
				orderId: orderId ?? null,
				...(trackingId ? { trackingId } : {}),
				...(orderId ? {} : keptRawBody(mask ? redactText(text) : text)),
				...maskUnless(asJson(body), mask),
			});
			const reports = await confirmReports(
				context,
				ledger,
				[body],
				{
					id: () => orderId,
					asSent,
					content: () => body,
					confirmOff: 'Confirm With Choice is off: the callback body is as sent',
					missingId: trackingId
						? 'the callback has a tracking ID but no order number, so it could not be confirmed'
						: 'no order number was found in the callback',
					confirm: confirm
						? async (_body, id) => await readBack(context, id, body, mask)
						: undefined,
				},
				{ trigger: TRIGGER, skipRepeats: skipRepeats(options), mask: (json) => json },
			);
			if (reports.unknown)
				return refusal(
					400,
					'Choice Screening does not know this order',
					`order ${orderId} is unknown to Choice`,
				);
			return {
				answer: {
					statusCode: 200,
					body: { received: true, ...(reports.repeats ? { repeated: true } : {}) },
				},
				items: reports.items,
			};
		},
	};
}

/** Re-reads the order from Choice. Only Choice's own "no such order" (a JSON 404) is "unknown". */
async function readBack(
	context: IWebhookFunctions,
	orderId: string,
	callback: unknown,
	mask: boolean,
): Promise<ReadBack> {
	let status: unknown;
	try {
		status = await readOrder.call(context, orderId, {
			timeout: CONFIRM_TIMEOUT_MS,
			retry: { maxAttempts: 2 },
		});
	} catch (error) {
		const { httpCode, message } = error as NodeApiError;
		// A 404 with Choice's own answer is an unknown order; a 404 page from a wrong path is not.
		if (Number(httpCode) === 404 && !String(message).includes(PATH_HINT))
			return { outcome: 'unknown', reason: 'Choice Screening answered 404 for the order' };
		return {
			outcome: 'failed',
			reason: `could not be confirmed with Choice Screening: ${message}`,
		};
	}
	const confirmedId = orderIdOf(status);
	if (confirmedId && confirmedId !== orderId)
		return {
			outcome: 'failed',
			reason: `Choice Screening answered with order ${confirmedId} for order ${orderId}`,
		};
	return {
		outcome: 'confirmed',
		json: {
			orderId,
			...maskUnless(asJson(status), mask),
			callback: maskUnless(asJson(callback), mask),
		},
		...readStatus(status),
	};
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
