import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	bodyHash,
	confirmReports,
	maxBodyBytes,
	refusal,
	skipRepeats,
	type Delivery,
	type InboundSpec,
	type ReadBack,
	type Refusal,
} from '../../shared/inbound';
import { InboundLedger, ledgerScope } from '../../shared/ledger';
import { maskUnless } from '../../shared/pii';
import { checkInboundAuth, inboundCredential } from '../../shared/webhook';
import { postbackAuthProblem, type PostbackAuth } from '../descriptions/postback.fields';
import { reportStatus } from '../helpers/mapping';
import { logUnexpectedShape } from '../../shared/unexpectedShape';
import { checkPostbackPair, parsePostback } from '../helpers/postback';
import { statusFingerprint } from '../helpers/replays';
import { confirmPostback, credentialLocation } from '../transport/confirm';
import { text, type XmlNode } from '../transport/xml';

const TRIGGER = 'ResidentIQ Trigger';
const REALM = 'ResidentIQ postback';
const POSTBACK_CREDENTIAL = 'residentIqPostbackApi';
/** Where the trigger's ledger (nodes/shared/ledger.ts) is kept in its static data. */
const LEDGER_KEY = 'riqEmittedStatus';
/** A postback is a few hundred bytes. */
export const DEFAULT_MAX_POSTBACK_MB = 1;

export interface PostbackOptions extends IDataObject {
	formField?: string;
	maskPersonalData?: boolean;
	unknownOrders?: 'refuse' | 'emitUnconfirmed';
}

type Postback = Extract<ReturnType<typeof parsePostback>, { ok: true }>;

/** The inbound pipeline's ResidentIQ parts (nodes/shared/inbound.ts). */
export function postbackSpec(context: IWebhookFunctions): InboundSpec<Postback> {
	const options = {
		...(context.getNodeParameter('options', {}) as PostbackOptions),
		...(context.getNodeParameter('postbackOptions', {}) as PostbackOptions),
	};
	const mode = context.getNodeParameter('authentication', 'readBack') as PostbackAuth;
	const confirm = context.getNodeParameter('confirmWithRiq', true) === true;
	const ledger = new InboundLedger(context.getWorkflowStaticData('node'), {
		key: LEDGER_KEY,
		scope: ledgerScope(context),
	});
	return {
		trigger: TRIGGER,
		errorBody: (error) => ({ error }),
		ledger,
		maxBytes: maxBodyBytes(options, DEFAULT_MAX_POSTBACK_MB),
		authenticate: async () => {
			const problem = postbackAuthProblem(mode, confirm);
			if (problem) return refusal(401, 'Authorization required', problem);
			const auth = await checkInboundAuth(context, {
				mode: mode === 'basicAuth' ? 'basicAuth' : 'none',
				credentialType: POSTBACK_CREDENTIAL,
				realm: REALM,
			});
			return auth.ok
				? undefined
				: refusal(401, 'Authorization required', auth.reason, auth.headers);
		},
		parse: async (raw, contentType) => {
			const parsed = parsePostback(
				raw,
				contentType,
				undefined,
				options.formField?.trim() || undefined,
			);
			if (!parsed.ok) {
				logUnexpectedShape(context.logger, TRIGGER, parsed.reason, xmlShape(raw));
				return refusal(400, 'Not a ResidentIQ postback', parsed.reason);
			}
			if (mode !== 'postbackPair') return parsed;
			const pair = checkPostbackPair(
				parsed.postbackPair,
				await inboundCredential(context, POSTBACK_CREDENTIAL),
			);
			return pair.ok ? parsed : refusal(401, 'Authorization required', pair.reason);
		},
		// With Skip Repeats off every copy starts the workflow, even identical ones arriving together.
		deliveryKey: (postback) =>
			skipRepeats(options) ? `delivery:${bodyHash(postback.packages)}` : undefined,
		handle: async (postback) => await handlePostback(context, ledger, postback, options, confirm),
	};
}

async function handlePostback(
	context: IWebhookFunctions,
	ledger: InboundLedger,
	postback: Postback,
	options: PostbackOptions,
	confirm: boolean,
): Promise<Delivery | Refusal> {
	const ownLocation = confirm ? await credentialLocation.call(context) : undefined;
	const otherLocation =
		postback.clientLocation !== undefined &&
		ownLocation !== undefined &&
		postback.clientLocation !== ownLocation
			? postback.clientLocation
			: undefined;
	const reports = await confirmReports(
		context,
		ledger,
		postback.packages,
		{
			id: (pkg) => text(pkg, 'OrderId'),
			asSent: (pkg) => ({
				...reportStatus(pkg),
				...(otherLocation ? { clientLocation: otherLocation } : {}),
			}),
			content: (pkg) => reportStatus(pkg),
			confirmOff: 'Confirm With RIQ is off: the postback is as sent',
			missingId: 'the report has no OrderId',
			confirm: confirm ? (pkg) => readBack(context, pkg, otherLocation, options) : undefined,
		},
		{
			trigger: TRIGGER,
			skipRepeats: skipRepeats(options),
			mask: (json) => maskUnless(json, options.maskPersonalData !== false),
		},
	);
	if (reports.unknown === postback.packages.length)
		return refusal(
			404,
			'ResidentIQ does not confirm this report',
			'RIQ does not know any report of the postback',
		);
	return {
		answer: {
			statusCode: 200,
			body: {
				status: 'received',
				reports: postback.packages.length,
				...(reports.repeats ? { replays: reports.repeats } : {}),
			},
		},
		items: reports.items,
	};
}

/** RIQ's own answer for a reported report; "unknown" only when RIQ says so of the report and nothing explains it. */
async function readBack(
	context: IWebhookFunctions,
	pkg: XmlNode,
	otherLocation: string | undefined,
	options: PostbackOptions,
): Promise<ReadBack> {
	const result = await confirmPostback.call(context, pkg);
	if (result.outcome === 'confirmed')
		return {
			outcome: 'confirmed',
			json: result.item,
			vendorStatus: String(result.item.statusRaw ?? result.item.status ?? '') || undefined,
			fingerprint:
				result.item.statusRaw || result.item.decision ? statusFingerprint(result.item) : undefined,
		};
	if (result.outcome === 'failed') return result;
	if (otherLocation)
		return {
			outcome: 'failed',
			reason: `the postback names another client location (${otherLocation}); read the report with that location's credential`,
		};
	if (options.unknownOrders === 'emitUnconfirmed')
		return { outcome: 'failed', reason: `${result.log} (another client location?)` };
	return { outcome: 'unknown', reason: result.log };
}

/** The element names of a postback that could not be read (for the log: names only, never values). */
function xmlShape(body: Buffer): Record<string, string> {
	const names = body.toString('utf8', 0, 65536).match(/<([A-Za-z_][\w:.-]*)/g) ?? [];
	return Object.fromEntries(names.map((name) => [name.slice(1), '']));
}
