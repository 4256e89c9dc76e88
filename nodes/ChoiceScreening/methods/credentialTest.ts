import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	DEFAULT_API_KEY_HEADER,
	choiceUrls,
} from '../../../credentials/ChoiceScreeningApi.credentials';
import { redactText } from '../../shared/pii';
import { describeChoiceBody } from '../helpers/response';
import { placeOf } from '../transport';

interface HttpFailure {
	statusCode?: number;
	response?: { status?: number; statusCode?: number; body?: unknown; data?: unknown };
	error?: unknown;
	code?: string;
	cause?: { code?: string };
	message?: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function failureOf(error: unknown) {
	const failure = (error ?? {}) as HttpFailure;
	const status = failure.statusCode ?? failure.response?.statusCode ?? failure.response?.status;
	const body = failure.response?.body ?? failure.response?.data ?? failure.error;
	const code = failure.code ?? failure.cause?.code;
	return { status, body, code, message: failure.message };
}

/**
 * n8n gives a node's credential test (`testedBy`) one HTTP helper, the legacy `request` (n8n-core's
 * CredentialTestContext, 2.41 and 1.123): `httpRequest` and `httpRequestWithAuthentication` do not exist there.
 * PageUp's and ResidentIQ's tests use it the same way.
 */
type Helpers = ICredentialTestFunctions['helpers'];

/** A token from the credential's token URL, or why there is none. */
async function accessToken(
	helpers: Helpers,
	data: ICredentialDataDecryptedObject,
): Promise<{ token: string } | { problem: string }> {
	const { tokenUrl } = choiceUrls(data);
	const form: Record<string, string> = {
		grant_type: 'client_credentials',
		client_id: text(data.clientId),
		client_secret: text(data.clientSecret),
	};
	if (text(data.scope)) form.scope = text(data.scope);
	let answer: { access_token?: unknown } | undefined;
	try {
		answer = (await helpers.request({
			method: 'POST',
			uri: tokenUrl,
			form,
			headers: { Accept: 'application/json' },
			json: true,
		})) as { access_token?: unknown } | undefined;
	} catch (error) {
		const { status, body, code } = failureOf(error);
		const reason = status
			? (describeChoiceBody(body, status)?.message ?? `HTTP ${status}`)
			: (code ?? 'no answer');
		return {
			problem: `The token request to ${tokenUrl} failed: ${reason}. Check the client ID, secret, scope and Token URL.`,
		};
	}
	const token = answer?.access_token;
	if (typeof token !== 'string' || !token)
		return { problem: `The token endpoint ${tokenUrl} returned no access token` };
	return { token };
}

/**
 * The credential test: fetches a token (client credentials) and calls the ping endpoint. A 404 names the
 * URL called and the credential setting that changes it, since the API paths are assumptions.
 */
export async function choiceScreeningApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const secrets = [data.clientSecret, data.apiKey].map((value) =>
		typeof value === 'string' ? value : undefined,
	);
	const place = placeOf(data, 'ping');
	const { helpers } = this;
	try {
		const headers: Record<string, string> = { Accept: 'application/json' };
		if (data.authentication === 'apiKey') {
			headers[text(data.apiKeyHeader) || DEFAULT_API_KEY_HEADER] = text(data.apiKey);
		} else {
			const token = await accessToken(helpers, data);
			if ('problem' in token)
				return { status: 'Error', message: redactText(token.problem, secrets) };
			headers.Authorization = `Bearer ${token.token}`;
		}
		await helpers.request({ method: 'GET', uri: place.url, headers, json: true });
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		const { status, body, code, message } = failureOf(error);
		let reason: string;
		if (status === 404) {
			reason =
				describeChoiceBody(body, 404, place)?.message ??
				`HTTP 404 for GET ${place.url}: set the credential's ${place.setting}`;
		} else if (status === 401 || status === 403) {
			reason = `Choice refused the credentials (HTTP ${status}) at ${place.url}`;
		} else if (status) {
			reason = `${place.url} answered ${describeChoiceBody(body, status)?.message ?? `HTTP ${status}`}`;
		} else {
			reason = code
				? `${place.url} could not be reached (${code})`
				: (message ?? 'the test failed');
		}
		return { status: 'Error', message: redactText(reason, secrets) };
	}
}
