import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/** Where the token and API live for each environment (see the PageUp authentication docs). */
export function pageUpUrls(credentials: ICredentialDataDecryptedObject) {
	const environment = credentials.environment as string;
	if (environment === 'custom') {
		return {
			tokenUrl: String(credentials.tokenUrl ?? ''),
			apiBaseUrl: String(credentials.apiBaseUrl ?? '').replace(/\/+$/, ''),
		};
	}
	const dc = String(credentials.dataCentre ?? 'dc2');
	const uat = environment === 'uat';
	return {
		tokenUrl: `https://${uat ? 'loginuat' : 'login'}.${dc}.pageuppeople.com/connect/token`,
		apiBaseUrl: `https://${uat ? 'apiuat' : 'api'}.${dc}.pageuppeople.com`,
	};
}

/** The token request's form: client credentials with PageUp's instanceId, as its identity server expects them. */
export function pageUpTokenForm(credentials: ICredentialDataDecryptedObject): string {
	return new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: String(credentials.clientId ?? ''),
		client_secret: String(credentials.clientSecret ?? ''),
		instanceId: String(credentials.instanceId ?? ''),
		scope: String(credentials.scope ?? ''),
	}).toString();
}

export class PageUpApi implements ICredentialType {
	name = 'pageUpApi';

	displayName = 'PageUp API';

	icon: Icon = { light: 'file:../icons/pageup.svg', dark: 'file:../icons/pageup.dark.svg' };

	documentationUrl = 'https://developers.pageuppeople.com/Content/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'login./api. hosts' },
				{ name: 'UAT', value: 'uat', description: 'loginuat./apiuat. hosts' },
				{
					name: 'Custom URLs',
					value: 'custom',
					description: 'Token and API URLs you enter (sandbox, proxies)',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Data Centre',
			name: 'dataCentre',
			type: 'options',
			options: [
				{ name: 'DC2 (Australia)', value: 'dc2' },
				{ name: 'DC3 (UK/EMEA)', value: 'dc3' },
				{ name: 'DC4 (US)', value: 'dc4' },
				{ name: 'DC5 (South-East Asia)', value: 'dc5' },
			],
			default: 'dc2',
			displayOptions: { hide: { environment: ['custom'] } },
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/pageup/connect/token',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/pageup',
			description: 'Everything before /v3/{tenantId}/backgroundchecking',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			placeholder: '218',
			description:
				"The organisation's PageUp tenant ID (usually a 3-digit number). A client ID is bound to one tenant.",
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Instance ID',
			name: 'instanceId',
			type: 'string',
			default: '',
			description: 'The instanceId PageUp issued with the client credentials',
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'Public.BackgroundCheck.Read Public.BackgroundCheck.Write',
			description:
				'Space-separated. Reading pending checks needs Public.BackgroundCheck.Read; status updates need Public.BackgroundCheck.Write.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	// The connection test is the nodes' `pageUpApiTest` (nodes/PageUp/methods): it also checks the Write scope.

	/** Runs when the cached token is missing, and once more after a 401 (n8n handles both). */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { tokenUrl } = pageUpUrls(credentials);
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: tokenUrl,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: pageUpTokenForm(credentials),
			json: true,
		})) as { access_token?: string };
		if (!response?.access_token) {
			throw new Error(
				'PageUp did not return an access token: check the client ID, secret, instance ID and scope',
			);
		}
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};
}
