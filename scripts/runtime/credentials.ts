/** The sandbox credentials of the four vendors, as n8n imports them. */
import * as path from 'node:path';

import { REPO_ROOT } from './paths';
import { readJson } from './util';

export type CredentialType = 'pageUpApi' | 'atsAnywhereApi' | 'residentIqApi' | 'choiceScreeningApi';

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

export type DemoCredentials = Partial<Record<'pageUp' | 'atsAnywhere' | 'residentIq' | 'choiceScreening', Record<string, unknown>>>;

export const DEMO_CREDENTIALS_FILE = path.join(REPO_ROOT, 'sandbox', 'demo-credentials.json');

function pick(source: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of keys) if (source && source[key] !== undefined) out[key] = source[key];
	return out;
}

/** Credentials for all four vendors, pointing at the sandbox, built from `sandbox/demo-credentials.json`. */
export function sandboxCredentials(sandboxUrl: string, demo?: DemoCredentials): CredentialInput[] {
	const d = demo ?? readJson<DemoCredentials>(DEMO_CREDENTIALS_FILE) ?? {};
	const base = sandboxUrl.replace(/\/+$/, '');
	const make = (type: CredentialType, data: Record<string, unknown>): CredentialInput => ({ ...SANDBOX_CREDENTIALS[type], type, data });
	return [
		make('pageUpApi', {
			environment: 'custom',
			tokenUrl: `${base}/pageup/connect/token`,
			apiBaseUrl: `${base}/pageup`,
			...pick(d.pageUp, ['tenantId', 'clientId', 'clientSecret', 'instanceId', 'scope']),
		}),
		make('atsAnywhereApi', pick(d.atsAnywhere, ['accountId', 'apiSecret'])),
		make('residentIqApi', {
			environment: 'custom',
			baseUrl: `${base}/riq`,
			...pick(d.residentIq, ['userId', 'password']),
		}),
		make('choiceScreeningApi', {
			authentication: 'clientCredentials',
			environment: 'custom',
			baseUrl: `${base}/choice`,
			tokenUrl: `${base}/choice/connect/token`,
			...pick(d.choiceScreening, ['clientId', 'clientSecret', 'scope', 'apiKey', 'apiKeyHeader']),
		}),
	];
}
