import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Every Choice Screening host and path in one place (nodes import them from here).
 *
 * Public (csdocs.choicescreening.com/v1): the two auth hosts and `POST {auth}/connect/token`.
 * ASSUMED (not in the public docs; the sandbox implements exactly these): both API hosts and every
 * `/api/v1/...` path. With the Custom environment each one can be set in the credential.
 */
export const CHOICE_HOSTS = {
	staging: {
		auth: 'https://stageauth.choicescreening.com',
		/** Assumed. */
		api: 'https://stageapi.choicescreening.com',
	},
	production: {
		auth: 'https://csauth.choicescreening.com',
		/** Assumed. */
		api: 'https://api.choicescreening.com',
	},
} as const;

export const CHOICE_PATHS = {
	/** Public. Appended to the auth host. */
	token: '/connect/token',
	/** Assumed. The rest are appended to the API host (or the credential's custom Base URL). */
	ping: '/api/v1/ping',
	packages: '/api/v1/packages',
	order: '/api/v1/order',
	orderStatus: '/api/v1/order/{id}',
	orderReport: '/api/v1/order/{id}/report',
} as const;

export type ChoicePathName = Exclude<keyof typeof CHOICE_PATHS, 'token'>;

/** The credential field that overrides each API path in the Custom environment. */
export const CHOICE_PATH_SETTINGS: Record<ChoicePathName, { name: string; displayName: string }> = {
	ping: { name: 'pingPath', displayName: 'Ping Path' },
	packages: { name: 'packagesPath', displayName: 'Packages Path' },
	order: { name: 'orderPath', displayName: 'Order Path' },
	orderStatus: { name: 'orderStatusPath', displayName: 'Order Status Path' },
	orderReport: { name: 'reportPath', displayName: 'Report Path' },
};

export const DEFAULT_API_KEY_HEADER = 'X-API-Key';

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

/** A path as the user typed it: trimmed, with a leading slash; empty means "the default". */
function pathSetting(value: unknown): string | undefined {
	const path = typeof value === 'string' ? value.trim() : '';
	if (!path) return undefined;
	return path.startsWith('/') ? path : `/${path}`;
}

/** The API paths the credential uses: the defaults, or in Custom the ones the user set. */
export function choicePaths(
	credentials: ICredentialDataDecryptedObject,
): Record<ChoicePathName, string> {
	const custom = String(credentials.environment ?? 'production') === 'custom';
	const paths = {} as Record<ChoicePathName, string>;
	for (const name of Object.keys(CHOICE_PATH_SETTINGS) as ChoicePathName[]) {
		paths[name] =
			(custom ? pathSetting(credentials[CHOICE_PATH_SETTINGS[name].name]) : undefined) ??
			CHOICE_PATHS[name];
	}
	return paths;
}

/** The Custom environment's path fields, with the assumed default as placeholder. */
function pathProperties(): INodeProperties[] {
	return (Object.keys(CHOICE_PATH_SETTINGS) as ChoicePathName[]).map((name) => ({
		displayName: CHOICE_PATH_SETTINGS[name].displayName,
		name: CHOICE_PATH_SETTINGS[name].name,
		type: 'string' as const,
		default: '',
		placeholder: CHOICE_PATHS[name],
		description: `Path after the Base URL${CHOICE_PATHS[name].includes('{id}') ? '; {id} is replaced by the order number' : ''}. Empty: ${CHOICE_PATHS[name]} (an assumption: Choice does not publish it).`,
		displayOptions: { show: { environment: ['custom'] } },
	}));
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
	return typeof value === 'string'
		? value.trim()
		: value === undefined || value === null
			? ''
			: String(value);
}

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
					description:
						'Client ID and secret from Choice Screening; n8n fetches and caches the access token',
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
				{
					name: 'Production',
					value: 'production',
					description: 'Live orders (csauth.choicescreening.com)',
				},
				{
					name: 'Staging',
					value: 'staging',
					description: 'Test orders (stageauth.choicescreening.com)',
				},
				{
					name: 'Custom URLs',
					value: 'custom',
					description:
						'API base URL, token URL and API paths you enter (your Choice account, sandbox, proxy)',
				},
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
		...pathProperties(),
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
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
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
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					Accept: 'application/json',
				},
				body: form.toString(),
				json: true,
			})) as { access_token?: unknown } | undefined;
		} catch (error) {
			const { response: answer, code } = (error ?? {}) as {
				response?: { status?: number; data?: unknown };
				code?: string;
			};
			const data = (answer?.data ?? {}) as Record<string, unknown>;
			const reason = [data.error_description, data.error, data.message].find(
				(value): value is string => typeof value === 'string' && value.trim() !== '',
			);
			if (!answer?.status) {
				// Nothing answered: a connection error (its code kept), never reported as a refusal.
				throw Object.assign(
					new Error(`the token endpoint ${tokenUrl} could not be reached`),
					code ? { code } : { cause: error },
				);
			}
			throw tokenError(
				`the token request was refused (HTTP ${answer.status}${reason ? `: ${reason}` : ''})`,
			);
		}
		const token = response?.access_token;
		if (typeof token !== 'string' || !token.trim())
			throw tokenError('the token endpoint returned no access token');
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
}
