import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { pageUpTokenForm, pageUpUrls } from '../../../credentials/PageUpApi.credentials';
import { redactText } from '../../shared/pii';
import { isHttpUrl } from '../../shared/validation';
import { describePageUpError } from '../helpers/checks';
import { grantedScopes, WRITE_SCOPE } from '../helpers/scopes';
import { endpointPath } from '../../shared/http';
import { forbiddenHint } from '../transport';
import { ENDPOINTS } from '../transport/endpoints';

type Helpers = ICredentialTestFunctions['helpers'];

function statusOf(error: unknown): number | undefined {
	const e = error as { statusCode?: number; response?: { status?: number; statusCode?: number } };
	return e.statusCode ?? e.response?.status ?? e.response?.statusCode;
}

/** Why nothing answered: the connection error's code (ECONNREFUSED, ENOTFOUND...) or its message. */
function connectionFailure(error: unknown): string {
	const { code, cause, message } = error as {
		code?: unknown;
		cause?: { code?: unknown };
		message?: string;
	};
	const found = [code, cause?.code].find(
		(value) => typeof value === 'string' && /^E[A-Z_]+$/.test(value),
	);
	return (found as string | undefined) ?? message ?? 'no answer';
}

function bodyOf(error: unknown): unknown {
	const e = error as { error?: unknown; response?: { body?: unknown; data?: unknown } };
	return e.error ?? e.response?.body ?? e.response?.data;
}

async function requestToken(
	helpers: Helpers,
	credentials: ICredentialDataDecryptedObject,
	tokenUrl: string,
) {
	return (await helpers.request({
		method: 'POST',
		uri: tokenUrl,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: pageUpTokenForm(credentials),
		json: false,
		timeout: 20_000,
	})) as unknown;
}

async function readList(helpers: Helpers, uri: string, token: string) {
	return (await helpers.request({
		method: ENDPOINTS.listPending.method,
		uri,
		qs: { status: 'pending' },
		headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
		json: true,
		timeout: 20_000,
	})) as unknown;
}

/**
 * Gets a token, checks that it carries the Write scope (from the token answer's `scope`, or the JWT's
 * scope claim), then reads the pending list. n8n gives credential tests only its legacy `request`
 * helper, so this is the one PageUp request that does not go through vendorRequest.
 */
export async function pageUpApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = credential.data ?? {};
	const secrets = [credentials.clientSecret as string | undefined];
	const { tokenUrl, apiBaseUrl } = pageUpUrls(credentials);
	if (!isHttpUrl(tokenUrl))
		return { status: 'Error', message: 'Token URL must be a full http:// or https:// address' };
	if (!isHttpUrl(apiBaseUrl))
		return { status: 'Error', message: 'API Base URL must be a full http:// or https:// address' };

	let answer: Record<string, unknown>;
	try {
		const raw = await requestToken(this.helpers, credentials, tokenUrl);
		answer = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
	} catch (error) {
		const status = statusOf(error);
		if (!status) {
			return {
				status: 'Error',
				message: redactText(
					`Could not reach PageUp's token URL ${tokenUrl} (${connectionFailure(error)}): check the credential's environment and data centre (or its custom URLs)`,
					secrets,
				),
			};
		}
		const reason = describePageUpError(bodyOf(error))?.message ?? `HTTP ${status}`;
		return {
			status: 'Error',
			message: redactText(`PageUp refused the token request: ${reason}`, secrets),
		};
	}
	const token = typeof answer?.access_token === 'string' ? answer.access_token : undefined;
	if (!token)
		return {
			status: 'Error',
			message:
				'PageUp did not return an access token: check the client ID, secret, instance ID and scope',
		};
	const scopes = grantedScopes(answer.scope, token);
	if (scopes && !scopes.includes(WRITE_SCOPE)) {
		return {
			status: 'Error',
			message: `The token has no ${WRITE_SCOPE} scope (granted: ${scopes.join(' ') || 'none'}). Reading works, but every claim and status update would be refused: add the scope to the credential, or ask PageUp to grant it to this client.`,
		};
	}

	try {
		await readList(
			this.helpers,
			`${apiBaseUrl}${endpointPath(ENDPOINTS.listPending, { tenantId: String(credentials.tenantId ?? '') })}`,
			token,
		);
	} catch (error) {
		const status = statusOf(error);
		const described = describePageUpError(bodyOf(error))?.message;
		const hint =
			status === 403
				? forbiddenHint(ENDPOINTS.listPending)
				: status === 404
					? 'Check the tenant ID and the API base URL'
					: status === 401
						? 'PageUp did not accept the token it issued: check the environment and data centre'
						: undefined;
		const text = [
			status
				? `PageUp answered HTTP ${status} to the pending list`
				: `Could not reach PageUp's API at ${apiBaseUrl} (${connectionFailure(error)})`,
			described,
			hint,
		]
			.filter(Boolean)
			.join(': ');
		return { status: 'Error', message: redactText(text, [...secrets, token]) };
	}
	return {
		status: 'OK',
		message: scopes
			? 'Connection successful: the token has the Read and Write scopes'
			: 'Connection successful (the token does not say its scopes, so the Write scope could not be checked)',
	};
}
