import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ATS_CREDENTIAL_TYPE, atsAccounts } from '../../../credentials/AtsAnywhereApi.credentials';
import { vendorRequest, type VendorResponse } from '../../shared/http';
import { ENDPOINTS } from './endpoints';

export const VENDOR = 'ATS Anywhere';

/** The seed's webhook payload: exactly these four keys. */
export interface StatusUpdateBody extends IDataObject {
	background_check_id: string;
	status: string;
	result: string;
	result_link_url: string;
}

export interface StatusUpdateCall {
	webhookUrl: string;
	body: StatusUpdateBody;
	/** Sign the call with HTTP Basic as this client account (its secret comes from the credential). */
	signAsAccountId?: string;
	itemIndex: number;
	maxAttempts?: number;
}

/**
 * POSTs a status update to the order's webhook_url; 429, 5xx and lost connections are retried with
 * backoff (honouring Retry-After) as the endpoint table allows.
 */
export async function sendStatusUpdate(
	this: IExecuteFunctions,
	call: StatusUpdateCall,
): Promise<VendorResponse> {
	const endpoint = ENDPOINTS.statusUpdate;
	const secrets: string[] = [];
	const signed = call.signAsAccountId !== undefined;
	if (signed) {
		const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(
			ATS_CREDENTIAL_TYPE,
			call.itemIndex,
		);
		const secret = atsAccounts(credentials).secretFor(call.signAsAccountId ?? '');
		if (secret) secrets.push(secret);
	}
	return await vendorRequest.call(this, {
		vendor: VENDOR,
		credentialType: signed ? ATS_CREDENTIAL_TYPE : undefined,
		request: {
			method: endpoint.method,
			url: call.webhookUrl,
			body: call.body,
			json: true,
			headers: { Accept: 'application/json' },
			// The credential fills in this account's secret (see AtsAnywhereApi.authenticate).
			...(signed ? { auth: { username: call.signAsAccountId ?? '', password: '' } } : {}),
		},
		idempotent: endpoint.retrySafe,
		itemIndex: call.itemIndex,
		retry: call.maxAttempts ? { maxAttempts: call.maxAttempts } : undefined,
		secrets,
	});
}
