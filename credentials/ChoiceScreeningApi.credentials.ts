import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { CHOICE_HOSTS, CHOICE_PATHS, DEFAULT_API_KEY_HEADER } from '../nodes/ChoiceScreening/transport/endpoints';

/** The API base URL and token URL the credential points at. */
export function choiceUrls(credentials: ICredentialDataDecryptedObject) {
	const environment = String(credentials.environment ?? 'production');
	if (environment === 'custom') {
		return {
			apiBaseUrl: String(credentials.baseUrl ?? '')
				.trim()
				.replace(/\/+$/, ''),
			tokenUrl: String(credentials.tokenUrl ?? '').trim(),
		};
	}
	const hosts = environment === 'staging' ? CHOICE_HOSTS.staging : CHOICE_HOSTS.production;
	return { apiBaseUrl: hosts.api, tokenUrl: `${hosts.auth}${CHOICE_PATHS.token}` };
}

/**
 * A token failure, shaped like a 401 answer so the node reports it as an authentication problem (never as a
 * connection lost after an order was sent) and shows the reason.
 */
function tokenError(reason: string): Error {
	const message = `could not get an access token: ${reason}. Check the client ID, client secret, scope and environment.`;
	return Object.assign(new Error(message), { response: { status: 401, data: { message } } });
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
}

// Expression the credential test uses for the API host (mirrors choiceUrls).
const BASE_URL_EXPRESSION = `={{$credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ($credentials.environment === "staging" ? "${CHOICE_HOSTS.staging.api}" : "${CHOICE_HOSTS.production.api}")}}`;

export class ChoiceScreeningApi implements ICredentialType {
	name = 'choiceScreeningApi';

	displayName = 'Choice Screening API';

	icon: Icon = {
		light: 'file:../icons/choicescreening.svg',
		dark: 'file:../icons/choicescreening.dark.svg',
	};

	documentationUrl = 'https://csdocs.choicescreening.com/v1';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'OAuth2 Client Credentials',
					value: 'clientCredentials',
					description: 'Client ID and secret from Choice Screening; n8n fetches and caches the access token',
				},
				{
					name: 'API Key',
					value: 'apiKey',
					description: 'A key Choice Screening issued, sent in a request header',
				},
			],
			default: 'clientCredentials',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'Live orders (csauth.choicescreening.com)' },
				{ name: 'Staging', value: 'staging', description: 'Test orders (stageauth.choicescreening.com)' },
				{ name: 'Custom URLs', value: 'custom', description: 'API and token URLs you enter (sandbox, proxy)' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:5680/choice',
			description: 'Everything before /api/v1/...',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:5680/choice/connect/token',
			description: 'The full address of the OAuth2 token endpoint',
			required: true,
			displayOptions: { show: { environment: ['custom'], authentication: ['clientCredentials'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['clientCredentials'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['clientCredentials'] } },
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			description:
				'The scope(s) Choice Screening gave you with the client ID, space-separated. Leave empty if none was given.',
			displayOptions: { show: { authentication: ['clientCredentials'] } },
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'API Key Header',
			name: 'apiKeyHeader',
			type: 'string',
			// Not a secret, but the community lint treats any "apiKey…" name as one.
			typeOptions: { password: true },
			default: DEFAULT_API_KEY_HEADER,
			description: 'The request header the key is sent in (usually X-API-Key)',
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * n8n calls this when the cached token is empty, once more after a 401, and on a credential test.
	 * In API-key mode there is no token: it returns nothing, so nothing is fetched or stored.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		if (credentials.authentication === 'apiKey') return {};
		const { tokenUrl } = choiceUrls(credentials);
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: text(credentials.clientId),
			client_secret: text(credentials.clientSecret),
		});
		const scope = text(credentials.scope);
		if (scope) form.set('scope', scope);
		let response: { access_token?: unknown } | undefined;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				body: form.toString(),
				json: true,
			})) as { access_token?: unknown } | undefined;
		} catch (error) {
			const {
				response: answer,
				code,
				message,
			} = (error ?? {}) as {
				response?: { status?: number; data?: unknown };
				code?: string;
				message?: string;
			};
			const data = (answer?.data ?? {}) as Record<string, unknown>;
			const reason = [data.error_description, data.error, data.message].find(
				(value): value is string => typeof value === 'string' && value.trim() !== '',
			);
			throw tokenError(
				answer?.status
					? `the token request was refused (HTTP ${answer.status}${reason ? `: ${reason}` : ''})`
					: `the token endpoint could not be reached (${code ?? message ?? 'no answer'})`,
			);
		}
		const token = response?.access_token;
		if (typeof token !== 'string' || !token.trim()) throw tokenError('the token endpoint returned no access token');
		return { accessToken: token };
	}

	/** Bearer token, or the API key in its header, depending on the mode. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers = { ...(requestOptions.headers ?? {}) };
		if (credentials.authentication === 'apiKey') {
			headers[text(credentials.apiKeyHeader) || DEFAULT_API_KEY_HEADER] = text(credentials.apiKey);
		} else {
			headers.Authorization = `Bearer ${text(credentials.accessToken)}`;
		}
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: CHOICE_PATHS.ping,
			method: 'GET',
		},
	};
}
