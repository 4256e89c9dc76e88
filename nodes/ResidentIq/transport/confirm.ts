import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { reportStatus, reportUrlTimes } from '../helpers/mapping';
import { CREDENTIAL_TYPE, reportErrorState, riqExchange } from './index';
import { text, type XmlNode } from './xml';

/** Confirming must not keep RIQ waiting: two quick attempts at most. */
const CONFIRM_RETRY = { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 };
const CONFIRM_TIMEOUT_MS = 10_000;

/**
 * How RIQ words "this credential has no such report". Its error codes are not documented, so the description
 * is read (our guess, see docs/residentiq.md): it must speak of the report or order and say it is missing, and
 * say nothing of the client location or its login ("client location not found" after a password change is a
 * failure to confirm, not an unknown report). Anything else is a failure to confirm.
 */
const REPORT_UNKNOWN = [
	/\b(report|order)\b[^.;:]{0,60}?\b(not\s+found|does\s+not\s+exist|no\s+longer\s+exists|unknown)/i,
	/\b(unknown|invalid|no\s+such)\s+(report|order)/i,
];
const CREDENTIAL_FAILURE =
	/client\s*location\s+(was\s+|is\s+)?(not\s+found|unknown|invalid|does\s+not\s+exist)|unable\s+to\s+identify|invalid\s+(user\s*id|password|credentials?|login)|authenticat|unauthori[sz]ed|access\s+denied|permission/i;

/** Whether RIQ's error description says the report is unknown (and not that the credential is wrong). */
export function saysReportUnknown(description: string): boolean {
	return (
		REPORT_UNKNOWN.some((pattern) => pattern.test(description)) &&
		!CREDENTIAL_FAILURE.test(description)
	);
}

export type Confirmation =
	| { outcome: 'confirmed'; item: IDataObject }
	/** RIQ says the report does not exist for this credential. */
	| { outcome: 'unknown'; log: string }
	/** RIQ could not be asked, or answered something else: the postback is emitted unconfirmed with the reason. */
	| { outcome: 'failed'; reason: string };

/** Re-reads a postback's report from RIQ with the credential: RIQ's answer replaces the postback's claims. */
export async function confirmPostback(
	this: IWebhookFunctions,
	pkg: XmlNode,
): Promise<Confirmation> {
	const postback = reportStatus(pkg);
	const orderId = text(pkg, 'OrderId') as string;
	let exchange;
	try {
		exchange = await riqExchange.call(this, {
			route: 'status',
			content: {
				BackgroundSearchPackage: { '@_action': 'status', OrderId: orderId, 'report-type': 'full' },
			},
			retry: CONFIRM_RETRY,
			timeoutMs: CONFIRM_TIMEOUT_MS,
		});
	} catch (error) {
		const { description, httpCode } = error as { description?: string; httpCode?: string };
		const details = [httpCode ? `HTTP ${httpCode}` : undefined, description]
			.filter(Boolean)
			.join('; ');
		return {
			outcome: 'failed',
			reason: `could not read the report from ResidentIQ: ${(error as Error).message}${details ? ` (${details})` : ''}`,
		};
	}
	const inError = reportErrorState(exchange.doc, orderId);
	if (exchange.error && !inError) {
		const { code, description } = exchange.error;
		if (description && saysReportUnknown(description)) {
			return {
				outcome: 'unknown',
				log: `RIQ does not know report ${orderId} for this credential${code ? ` (RIQ error code ${code})` : ''}`,
			};
		}
		return {
			outcome: 'failed',
			reason: `ResidentIQ refused the status request${code ? ` (RIQ error code ${code})` : ''}: ${description ?? 'no description'}`,
		};
	}
	const confirmed = reportStatus(exchange.packages[0]);
	if (confirmed.orderId !== null && confirmed.orderId !== orderId) {
		return {
			outcome: 'failed',
			reason: `ResidentIQ answered for report ${String(confirmed.orderId)} instead of ${orderId}`,
		};
	}
	return {
		outcome: 'confirmed',
		item: {
			...confirmed,
			orderId,
			...reportUrlTimes(confirmed.reportUrl),
			...(inError
				? { errorCode: inError.code ?? null, errorDescription: inError.description ?? null }
				: {}),
			confirmed: true,
			postback,
		},
	};
}

/** The user id of the trigger's ResidentIQ credential, to tell another client location's postbacks apart. */
export async function credentialLocation(this: IWebhookFunctions): Promise<string | undefined> {
	try {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const userId = typeof credentials.userId === 'string' ? credentials.userId.trim() : '';
		return userId || undefined;
	} catch {
		return undefined;
	}
}
