import type { IHookFunctions, INodeProperties, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { BasicCredentials } from './webhook-auth';

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

/** Writes a JSON answer (see {@link sendJson}) and tells n8n it has been sent, so n8n sends nothing more. */
export function respondJson(
	res: WebhookResponse,
	statusCode: number,
	body: unknown,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	sendJson(res, statusCode, body, headers);
	return { noWebhookResponse: true };
}

/**
 * The `WWW-Authenticate` header that goes with a 401 for HTTP Basic:
 * `Basic realm="<realm>"`, followed by `, charset="UTF-8"` unless `charset` is false.
 */
export function basicAuthChallenge(realm: string, { charset = true }: { charset?: boolean } = {}): Record<string, string> {
	return { 'WWW-Authenticate': `Basic realm="${realm}"${charset ? ', charset="UTF-8"' : ''}` };
}

/** The "Basic Auth" option's user and password fields, shown when `authentication` is `basicAuth`. */
export const basicAuthProperties: INodeProperties[] = [
	{
		displayName: 'User',
		name: 'basicAuthUser',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { authentication: ['basicAuth'] } },
	},
	{
		displayName: 'Password',
		name: 'basicAuthPassword',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		displayOptions: { show: { authentication: ['basicAuth'] } },
	},
];

/**
 * The user and password of a trigger's "Basic Auth" option (parameters `basicAuthUser` and
 * `basicAuthPassword`); undefined when either is empty, which the trigger must treat as misconfigured.
 */
export function configuredBasicAuth(context: IWebhookFunctions): BasicCredentials | undefined {
	const user = context.getNodeParameter('basicAuthUser', '') as string;
	const password = context.getNodeParameter('basicAuthPassword', '') as string;
	return user && password ? { user, password } : undefined;
}

/** The request's raw bytes, read from the stream first when n8n has not read them yet. */
export async function rawBodyOf(req: WebhookRequest): Promise<Buffer | undefined> {
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	return req.rawBody;
}

/**
 * `JSON.parse` that answers undefined for text that is not JSON. With `ignoreBom`, a leading
 * byte-order mark (which some senders prepend) is dropped first.
 */
export function parseJson(text: string, { ignoreBom = false }: { ignoreBom?: boolean } = {}): unknown {
	try {
		return JSON.parse(ignoreBom ? text.replace(/^\uFEFF/, '') : text) as unknown;
	} catch {
		return undefined;
	}
}
