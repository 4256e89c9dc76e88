import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';

import { basicAuthMatches, safeEqual } from './webhook-auth';

/** The express response a webhook method writes to. */
export type WebhookResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

/** The express request a webhook method reads. */
export type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

/**
 * Webhook methods for a URL the vendor is given by hand or per order: there is nothing to
 * register, look up or remove at the vendor, so every step succeeds.
 */
export function unregisteredWebhookMethods() {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}

/** Writes a JSON answer with its status and headers on the response. */
export function sendJson(
	res: WebhookResponse,
	statusCode: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	res.status(statusCode);
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.json(body);
}

/**
 * The `WWW-Authenticate` header that goes with a 401 for HTTP Basic:
 * `Basic realm="<realm>"`, followed by `, charset="UTF-8"` unless `charset` is false.
 */
export function basicAuthChallenge(
	realm: string,
	{ charset = true }: { charset?: boolean } = {},
): Record<string, string> {
	return { 'WWW-Authenticate': `Basic realm="${realm}"${charset ? ', charset="UTF-8"' : ''}` };
}

/**
 * `JSON.parse` that answers undefined for text that is not JSON. With `ignoreBom`, a leading
 * byte-order mark (which some senders prepend) is dropped first.
 */
export function parseJson(
	text: string,
	{ ignoreBom = false }: { ignoreBom?: boolean } = {},
): unknown {
	try {
		return JSON.parse(ignoreBom ? text.replace(/^\uFEFF/, '') : text) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * Inbound authentication: the secrets a vendor sends are kept in one of this package's credential types
 * (stored encrypted, never in an exported workflow), with the fields `user` / `password` (Basic) and
 * `headerName` / `headerSecret` (a header and its secret value). The trigger's Authentication parameter says which is checked.
 */
export type InboundAuth = 'none' | 'basicAuth' | 'headerAuth';

/** The trigger's Authentication selector (default: Basic Auth) and the notice shown when it is None. */
export function inboundAuthProperties(sender: string): INodeProperties[] {
	return [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Basic Auth',
					value: 'basicAuth',
					description: `${sender} sends a user name and password you agreed`,
				},
				{
					name: 'Header Auth',
					value: 'headerAuth',
					description: `${sender} sends a header with a secret value you agreed`,
				},
				{
					name: 'None',
					value: 'none',
					description: 'Anyone who learns the URL can call it (not recommended)',
				},
			],
			default: 'basicAuth',
		},
		{
			displayName: `With no authentication, anyone who learns this URL can send requests that look like ${sender}'s: only the URL's random part protects it. Agree a user name and password or a header secret with ${sender} instead.`,
			name: 'noAuthNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { authentication: ['none'] } },
		},
	];
}

export type InboundAuthResult =
	| { ok: true }
	| { ok: false; reason: string; headers: Record<string, string> };

const stringField = (data: ICredentialDataDecryptedObject | undefined, name: string) =>
	typeof data?.[name] === 'string' ? (data[name] as string) : '';

/** The inbound credential, or undefined when it is not set or cannot be read. */
export async function inboundCredential(
	context: IWebhookFunctions,
	credentialType: string,
): Promise<ICredentialDataDecryptedObject | undefined> {
	try {
		return await context.getCredentials<ICredentialDataDecryptedObject>(credentialType);
	} catch {
		return undefined;
	}
}

/**
 * Checks the request's headers against the trigger's Authentication setting (`mode`) and the package's
 * inbound credential, comparing secrets in constant time. A missing or incomplete credential refuses every
 * request (the trigger is misconfigured; no request may pass because of it).
 */
export async function checkInboundAuth(
	context: IWebhookFunctions,
	{
		mode,
		credentialType,
		realm,
		charset = true,
	}: { mode: InboundAuth; credentialType: string; realm: string; charset?: boolean },
): Promise<InboundAuthResult> {
	if (mode === 'none') return { ok: true };
	const headers = context.getHeaderData() as Record<string, string | string[] | undefined>;
	const credentials = await inboundCredential(context, credentialType);
	if (mode === 'basicAuth') {
		const challenge = basicAuthChallenge(realm, { charset });
		const user = stringField(credentials, 'user');
		const password = stringField(credentials, 'password');
		if (!user || !password)
			return {
				ok: false,
				reason: `the ${credentialType} credential has no user or password`,
				headers: challenge,
			};
		return basicAuthMatches(headers.authorization, [{ user, password }])
			? { ok: true }
			: { ok: false, reason: 'missing or wrong Basic credentials', headers: challenge };
	}
	if (mode !== 'headerAuth')
		return { ok: false, reason: `unknown authentication "${String(mode)}"`, headers: {} };
	const name = stringField(credentials, 'headerName').trim().toLowerCase();
	const expected = stringField(credentials, 'headerSecret');
	if (!name || !expected)
		return {
			ok: false,
			reason: `the ${credentialType} credential has no header name or value`,
			headers: {},
		};
	const received = headers[name];
	const value = Array.isArray(received) ? received[0] : received;
	return typeof value === 'string' && headerValueMatches(value, expected)
		? { ok: true }
		: { ok: false, reason: `missing or wrong ${name} header`, headers: {} };
}

/**
 * A credential test for an inbound credential: nothing at the vendor can check what it sends us, so the
 * test says whether one of the field groups (all of its fields) is filled in.
 */
export function inboundCredentialTest(
	groups: string[][],
	missing: string,
): ICredentialTestFunction {
	return async function (this: ICredentialTestFunctions, credential: ICredentialsDecrypted) {
		const data = credential.data;
		const complete = groups.some((fields) =>
			fields.every((field) => stringField(data, field).trim() !== ''),
		);
		return complete
			? { status: 'OK', message: 'Complete (it is checked when a request arrives)' }
			: { status: 'Error', message: missing };
	};
}

const withoutBearer = (value: string) => value.trim().replace(/^bearer(\s+|$)/i, '');

/**
 * A header secret matches exactly, or as a Bearer token: "Bearer <secret>" is accepted when the credential
 * holds the bare secret, and the reverse (a sender may read "the header's value" either way). Both
 * comparisons always run, in constant time.
 */
export function headerValueMatches(received: string, expected: string): boolean {
	const exact = safeEqual(received, expected);
	const token = withoutBearer(expected);
	const asToken = safeEqual(withoutBearer(received), token);
	return token !== '' && (exact || asToken);
}
