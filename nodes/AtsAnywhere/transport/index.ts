import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { vendorRequest, type VendorResponse } from '../../shared/http';
import { CREDENTIAL_TYPE } from '../helpers/credentialTest';

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
	/** Sign the call with HTTP Basic (the client account's ID and secret). */
	authenticate: boolean;
	itemIndex: number;
	maxAttempts?: number;
}

/**
 * POSTs a status update to the order's webhook_url. The ATS treats a repeat of the same status as
 * the same update, so the call is idempotent: 429, 5xx and lost connections are retried with
 * backoff (honouring Retry-After).
 */
export async function sendStatusUpdate(
	this: IExecuteFunctions,
	call: StatusUpdateCall,
): Promise<VendorResponse> {
	const secrets: string[] = [];
	if (call.authenticate) {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE, call.itemIndex);
		if (typeof credentials.apiSecret === 'string') secrets.push(credentials.apiSecret);
	}
	return await vendorRequest.call(this, {
		vendor: VENDOR,
		credentialType: call.authenticate ? CREDENTIAL_TYPE : undefined,
		request: {
			method: 'POST',
			url: call.webhookUrl,
			body: call.body,
			json: true,
			headers: { Accept: 'application/json' },
		},
		idempotent: true,
		itemIndex: call.itemIndex,
		retry: call.maxAttempts ? { maxAttempts: call.maxAttempts } : undefined,
		secrets,
	});
}
