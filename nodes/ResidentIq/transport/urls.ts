import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const RIQ_HOSTS = {
	sandbox: 'https://apiqa.residentiq.com',
	production: 'https://api.residentiq.com',
} as const;

/** Everything before `/api/partner` for the credential's environment, without a trailing slash. */
export function riqBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = String(credentials.environment ?? 'production');
	if (environment === 'custom') return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	return environment === 'sandbox' ? RIQ_HOSTS.sandbox : RIQ_HOSTS.production;
}
