import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { z } from 'zod';

import { pageUpUrls } from '../../../credentials/PageUpApi.credentials';
import { vendorRequest, type RequestContext, type RetryPolicy } from '../../shared/http';

export const CREDENTIAL_TYPE = 'pageUpApi';
export const PAGE_SIZE = 5;

export const STATUSES = [
	'new',
	'inprogress',
	'completed',
	'cancelled',
	'failed',
	'expired',
	'queued',
	'pending',
] as const;
export type CheckStatus = (typeof STATUSES)[number];

/** PageUp's fuzzy serializer adds a property whose name is a fresh GUID (value: another GUID). */
const GUID_KEY = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** Deep copy without the serializer's random GUID-named properties. Key order is never relied on. */
export function stripFuzz<T>(value: T): T {
	if (Array.isArray(value)) return value.map((entry) => stripFuzz(entry)) as T;
	if (value === null || typeof value !== 'object') return value;
	const result: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		if (!GUID_KEY.test(key)) result[key] = stripFuzz(entry);
	}
	return result as T;
}

const checkSchema = z
	.object({
		id: z.union([z.string().min(1), z.number()]).transform(String),
		status: z.string().optional(),
	})
	.passthrough();
export type BackgroundCheck = z.infer<typeof checkSchema> & IDataObject;

/** The pending list: an array, or an object holding one (tolerated, as PageUp may wrap it). */
function checksFrom(body: unknown): BackgroundCheck[] {
	const clean = stripFuzz(body);
	let list: unknown = clean;
	if (clean && typeof clean === 'object' && !Array.isArray(clean)) {
		list = Object.values(clean as IDataObject).find(Array.isArray) ?? [];
	}
	if (!Array.isArray(list)) return [];
	return list.flatMap((entry) => {
		const parsed = checkSchema.safeParse(entry);
		return parsed.success ? [parsed.data as BackgroundCheck] : [];
	});
}

function describePageUpError(body: unknown) {
	const clean = stripFuzz(body) as IDataObject | string | undefined;
	if (!clean || typeof clean !== 'object') return undefined;
	const message = [clean.message, clean.error_description, clean.error, clean.title, clean.detail].find(
		(value) => typeof value === 'string' && value.trim(),
	) as string | undefined;
	return message ? { message } : undefined;
}

interface PageUpCall {
	method: IHttpRequestMethods;
	/** Path after /v3/{tenantId}/backgroundchecking */
	path?: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
}

export async function pageUpRequest(this: RequestContext, call: PageUpCall) {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const { apiBaseUrl } = pageUpUrls(credentials);
	const tenant = encodeURIComponent(String(credentials.tenantId ?? ''));
	return await vendorRequest.call(this, {
		vendor: 'PageUp',
		credentialType: CREDENTIAL_TYPE,
		request: {
			method: call.method,
			url: `${apiBaseUrl}/v3/${tenant}/backgroundchecking${call.path ?? ''}`,
			qs: call.qs,
			body: call.body,
			json: true,
			headers: { Accept: 'application/json' },
		},
		// GET has no effect and PUT is a full override: repeating either changes nothing more.
		idempotent: true,
		itemIndex: call.itemIndex,
		retry: call.retry,
		describeError: describePageUpError,
		secrets: [credentials.clientSecret as string, credentials.accessToken as string],
	});
}

/** One read of the pending list (PageUp returns at most five). */
export async function readPending(
	this: RequestContext,
	provider: string | undefined,
	options: { itemIndex?: number; retry?: Partial<RetryPolicy> } = {},
): Promise<BackgroundCheck[]> {
	const qs: IDataObject = { status: 'pending' };
	if (provider) qs.provider = provider;
	const response = await pageUpRequest.call(this, { method: 'GET', qs, ...options });
	return checksFrom(response.body);
}

/** Full-override PUT of a check's status representation. */
export async function putStatus(
	this: RequestContext,
	id: string,
	body: IDataObject,
	options: { itemIndex?: number; retry?: Partial<RetryPolicy> } = {},
) {
	const response = await pageUpRequest.call(this, {
		method: 'PUT',
		path: `/${encodeURIComponent(id)}`,
		body,
		...options,
	});
	return stripFuzz(response.body);
}
