import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { deliverWebhook, type CredentialsMap } from '../../../harness';
import { AUTH, credentials as defaultCredentials, triggerSpec } from './fixtures';

/**
 * Both of the trigger's webhooks are named "default" (n8n's type allows only "default" and
 * "setup"), so the harness's `webhookName` cannot pick one; the node tells them apart by method
 * (the packages URL is registered for GET only, the orders URL for POST only), which is what these
 * helpers send.
 */
export interface DeliverOptions {
	parameters?: INodeParameters;
	headers?: Record<string, string>;
	staticData?: IDataObject;
	credentials?: CredentialsMap;
}

export async function getPackages(options: DeliverOptions = {}) {
	return await deliverWebhook(
		triggerSpec(options.parameters),
		{ method: 'GET', headers: options.headers ?? AUTH },
		{ credentials: options.credentials ?? defaultCredentials, staticData: options.staticData },
	);
}

export async function postOrder(body: unknown, options: DeliverOptions = {}) {
	return await deliverWebhook(
		triggerSpec(options.parameters),
		{ method: 'POST', headers: { ...(options.headers ?? AUTH) }, body },
		{ credentials: options.credentials ?? defaultCredentials, staticData: options.staticData },
	);
}
