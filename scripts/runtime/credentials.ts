/** The sandbox credentials of the four vendors, as n8n imports them. */
import * as path from 'node:path';

import { REPO_ROOT } from './paths';
import { readJson } from './util';

export type CredentialType =
	| 'pageUpApi'
	| 'atsAnywhereApi'
	| 'residentIqApi'
	| 'choiceScreeningApi';

/** Fixed ids of the sandbox credentials, for example workflows to reference. */
export const SANDBOX_CREDENTIALS: Record<CredentialType, { id: string; name: string }> = {
	pageUpApi: { id: 'sandbox-pageup', name: 'PageUp sandbox' },
	atsAnywhereApi: { id: 'sandbox-ats', name: 'ATS Anywhere sandbox' },
	residentIqApi: { id: 'sandbox-riq', name: 'ResidentIQ sandbox' },
	choiceScreeningApi: { id: 'sandbox-choice', name: 'Choice Screening sandbox' },
};

export interface CredentialInput {
	id: string;
	name: string;
	type: string;
	/** Plain data; n8n encrypts it on import. */
	data: Record<string, unknown>;
}

export type DemoCredentials = Partial<
	Record<'pageUp' | 'atsAnywhere' | 'residentIq' | 'choiceScreening', Record<string, unknown>>
>;

/**
 * The sandbox ResidentIQ Postback credential: the postback user ID and password an order sends RIQ and the
 * ResidentIQ Trigger checks (when their Postback Authentication asks for it). Only the local sandbox and n8n ever see it.
 */
export const RIQ_POSTBACK_CREDENTIAL = {
	id: 'sandbox-riq-postback',
	name: 'ResidentIQ postback (sandbox)',
	type: 'residentIqPostbackApi',
	data: { user: 'sandbox-riq-postback', password: 'sandbox-riq-postback-password' },
} as const;

/**
 * The sandbox Choice Screening Callback credential the Choice Screening Trigger of example 4b requires: the Basic
 * Auth the sandbox sends with its callbacks. Kept apart from SANDBOX_CREDENTIALS, which holds the API credentials.
 */
export const CHOICE_CALLBACK_CREDENTIAL = {
	id: 'sandbox-choice-callback',
	name: 'Choice Screening callback (sandbox)',
	type: 'choiceScreeningCallbackApi',
} as const;

export const DEMO_CREDENTIALS_FILE = path.join(REPO_ROOT, 'sandbox', 'demo-credentials.json');

function pick(
	source: Record<string, unknown> | undefined,
	keys: string[],
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of keys) if (source && source[key] !== undefined) out[key] = source[key];
	return out;
}

/** Credentials for all four vendors, pointing at the sandbox, built from `sandbox/demo-credentials.json`. */
export function sandboxCredentials(sandboxUrl: string, demo?: DemoCredentials): CredentialInput[] {
	const d = demo ?? readJson<DemoCredentials>(DEMO_CREDENTIALS_FILE) ?? {};
	const base = sandboxUrl.replace(/\/+$/, '');
	const make = (type: CredentialType, data: Record<string, unknown>): CredentialInput => ({
		...SANDBOX_CREDENTIALS[type],
		type,
		data,
	});
	return [
		make('pageUpApi', {
			environment: 'custom',
			tokenUrl: `${base}/pageup/connect/token`,
			apiBaseUrl: `${base}/pageup`,
			...pick(d.pageUp, ['tenantId', 'clientId', 'clientSecret', 'instanceId', 'scope']),
		}),
		// Derived Secrets: each sandbox ATS client account's secret is HMAC-SHA256(masterKey, accountId).
		make('atsAnywhereApi', { mode: 'derived', masterSecret: d.atsAnywhere?.masterKey }),
		make('residentIqApi', {
			environment: 'custom',
			baseUrl: `${base}/riq`,
			...pick(d.residentIq, ['userId', 'password']),
		}),
		{ ...RIQ_POSTBACK_CREDENTIAL, data: { ...RIQ_POSTBACK_CREDENTIAL.data } },
		make('choiceScreeningApi', {
			authentication: 'clientCredentials',
			environment: 'custom',
			baseUrl: `${base}/choice`,
			tokenUrl: `${base}/choice/connect/token`,
			...pick(d.choiceScreening, ['clientId', 'clientSecret', 'scope', 'apiKey', 'apiKeyHeader']),
		}),
		{
			...CHOICE_CALLBACK_CREDENTIAL,
			data: {
				user: d.choiceScreening?.callbackUser ?? 'sandbox-choice-callback',
				password: d.choiceScreening?.callbackPassword ?? 'sandbox-choice-callback-password',
			},
		},
	];
}
