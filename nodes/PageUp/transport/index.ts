import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { pageUpUrls } from '../../../credentials/PageUpApi.credentials';
import { reportsFailure, vendorApiError } from '../../shared/errors';
import {
	endpointPath,
	isNeverConnected,
	vendorRequest,
	type Endpoint,
	type RequestContext,
	type RetryPolicy,
	type VendorResponse,
} from '../../shared/http';
import { logUnexpectedShape } from '../../shared/unexpectedShape';
import { describePageUpError, parseCheckList, type BackgroundCheck } from '../helpers/checks';
import { stripFuzz } from '../helpers/fuzz';
import { accountKey, currentStatusNamed, noteStatus } from '../helpers/lease';
import { READ_SCOPE, WRITE_SCOPE } from '../helpers/scopes';
import { ENDPOINTS } from './endpoints';

export const CREDENTIAL_TYPE = 'pageUpApi';
export const VENDOR = 'PageUp';
/** PageUp lists at most five checks per read. */
export const PAGE_SIZE = 5;

/** What a 403 from PageUp can mean: a missing scope for this call, or no partner-ID claim on the token. */
export function forbiddenHint(endpoint: Endpoint): string {
	const scope = endpoint.method === 'GET' ? READ_SCOPE : WRITE_SCOPE;
	return `PageUp refused access (HTTP 403): the token lacks the ${scope} scope, or it has no partner-ID claim (PageUp adds it only for clients set up as a background-check provider: ask PageUp), or the client is not bound to this tenant ID`;
}

export interface CallOptions {
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
}

interface PageUpCall extends CallOptions {
	params?: Record<string, string>;
	qs?: IDataObject;
	body?: IDataObject;
	/** Told of each failed attempt (see `vendorRequest`). */
	onAttemptFailed?: (failure: { attempt: number; statusCode?: number; code?: string }) => void;
}

export async function pageUpRequest(
	this: RequestContext,
	endpoint: Endpoint,
	call: PageUpCall = {},
): Promise<VendorResponse> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const { apiBaseUrl } = pageUpUrls(credentials);
	const path = endpointPath(endpoint, {
		tenantId: String(credentials.tenantId ?? ''),
		...call.params,
	});
	try {
		return await vendorRequest.call(this, {
			vendor: VENDOR,
			credentialType: CREDENTIAL_TYPE,
			request: {
				method: endpoint.method,
				url: `${apiBaseUrl}${path}`,
				qs: call.qs,
				body: call.body,
				json: true,
				headers: { Accept: 'application/json' },
			},
			idempotent: endpoint.retrySafe,
			itemIndex: call.itemIndex,
			retry: call.retry,
			describeError: describePageUpError,
			onAttemptFailed: call.onAttemptFailed,
			secrets: [credentials.clientSecret as string, credentials.accessToken as string],
		});
	} catch (error) {
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex: call.itemIndex });
		if (nodeError instanceof NodeApiError && nodeError.httpCode === '403')
			nodeError.description = forbiddenHint(endpoint);
		throw nodeError;
	}
}

function errorInBody(this: RequestContext, body: unknown, statusCode: number, itemIndex?: number) {
	const described = describePageUpError(body);
	return vendorApiError(this.getNode(), {
		vendor: VENDOR,
		httpCode: statusCode,
		message: described?.message ?? 'the answer reports an error',
		code: described?.code,
		description: `PageUp answered HTTP ${statusCode} but the body reports a failure`,
		itemIndex,
	});
}

/** One read of the pending list (PageUp returns at most five). */
export async function readPending(
	this: RequestContext,
	provider: string | undefined,
	options: CallOptions = {},
): Promise<BackgroundCheck[]> {
	const qs: IDataObject = { status: 'pending' };
	if (provider) qs.provider = provider;
	const response = await pageUpRequest.call(this, ENDPOINTS.listPending, { qs, ...options });
	const list = parseCheckList(response.body);
	const clean = stripFuzz(response.body);
	if (list.kind !== 'checks' || (clean && !Array.isArray(clean)) || list.withoutId > 0)
		logUnexpectedShape(
			this.logger,
			'PageUp',
			'the pending list is not a bare array of checks with an id',
			clean,
		);
	if (list.kind === 'errorInBody')
		throw errorInBody.call(this, list.body, response.statusCode, options.itemIndex);
	if (list.kind === 'notAList') {
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			httpCode: response.statusCode,
			message: 'the answer is not a list of background checks',
			description: 'Check the API base URL and tenant ID in the PageUp credential',
			itemIndex: options.itemIndex,
		});
	}
	if (list.checks.length === 0 && list.withoutId > 0) {
		// Never "nothing pending" when PageUp listed something: the checks would be invisible for good.
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			httpCode: response.statusCode,
			message: `the pending list holds ${list.withoutId} entr${list.withoutId === 1 ? 'y' : 'ies'} without a usable id`,
			description: `No property named id (in any case) with a text or number value. Properties seen: ${
				list.keysSeen.join(', ') || 'none'
			}. Nothing was claimed.`,
			itemIndex: options.itemIndex,
		});
	}
	if (list.withoutId > 0) {
		this.logger?.warn(
			`PageUp: ignored ${list.withoutId} entr${list.withoutId === 1 ? 'y' : 'ies'} of the pending list without an id (properties seen: ${list.keysSeen.join(', ')})`,
		);
	}
	return list.checks;
}

/** The answer to a status update. */
export interface StatusUpdate {
	/** PageUp's answer, fuzz stripped (`null` when it has no body). */
	answer: IDataObject | IDataObject[] | string | null;
	/**
	 * A retry after an attempt whose answer was lost was refused in a way that does not point at the request
	 * itself (see `refusalPointsAtRequest`): that attempt was probably applied, so the update counts as done.
	 */
	probablyApplied: boolean;
	/** The refusal of the retry, when `probablyApplied` (HTTP status and PageUp's text, cleaned). */
	refusal?: { httpCode: number; message: string };
}

/**
 * 4xx answers that point at the request itself (credentials, scope, the check's address, the format, the
 * rate): these say nothing about whether an earlier attempt was applied. Any other 4xx refusing a retry,
 * whatever its wording (a bare 400, an empty body, 409, 422, "cannot go from completed to completed"), is
 * read as the earlier attempt having changed the check.
 */
const POINTS_AT_REQUEST = new Set([
	401, 403, 404, 405, 406, 407, 408, 411, 413, 414, 415, 429, 431,
]);
export function refusalPointsAtRequest(statusCode: number): boolean {
	return POINTS_AT_REQUEST.has(statusCode);
}

/** True when an earlier attempt failed in a way that may still have reached PageUp and been applied. */
function mayHaveApplied(failure: { statusCode?: number; code?: string }): boolean {
	if (failure.statusCode !== undefined) return failure.statusCode >= 500;
	return !isNeverConnected(failure.code);
}

/**
 * Marks an error as "the request may have been applied": a claim or update failing this way is not known
 * to have left the check unchanged.
 */
export function outcomeUnknown(error: unknown): boolean {
	return (error as { context?: IDataObject })?.context?.outcomeUnknown === true;
}

/**
 * Full-override PUT of a check's status representation. A 2xx answer that reports a failure becomes an
 * error. When a retry after an attempt that may have been applied is refused (any 4xx that does not point at
 * the request itself), the update counts as done (`probablyApplied`). An error whose request may have been applied
 * carries `context.outcomeUnknown`.
 */
export async function putStatus(
	this: RequestContext,
	id: string,
	body: IDataObject,
	options: CallOptions = {},
): Promise<StatusUpdate> {
	const failures: Array<{ attempt: number; statusCode?: number; code?: string }> = [];
	let response: VendorResponse;
	try {
		response = await pageUpRequest.call(this, ENDPOINTS.updateCheck, {
			params: { id },
			body,
			...options,
			onAttemptFailed: (failure) => failures.push(failure),
		});
	} catch (error) {
		const earlierMayHaveApplied = failures.slice(0, -1).some(mayHaveApplied);
		const last = failures[failures.length - 1];
		const code = last?.statusCode;
		const message = (error as Error).message ?? '';
		// A refusal that states another current status ("current status is new" for a retried `pending`) says
		// the lost attempt was not applied.
		const current = currentStatusNamed(
			`${message} ${(error as { description?: string }).description ?? ''}`,
		);
		if (
			earlierMayHaveApplied &&
			code !== undefined &&
			code >= 400 &&
			code < 500 &&
			!refusalPointsAtRequest(code) &&
			(current === undefined || current === String(body.status))
		) {
			this.logger?.warn(
				`PageUp: check ${id}: the retry of status ${String(body.status)} after a lost answer was refused (HTTP ${code}: ${message}); the lost attempt was probably applied, counted as done`,
			);
			await noteUpdate.call(this, id, body);
			return { answer: null, probablyApplied: true, refusal: { httpCode: code, message } };
		}
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex: options.itemIndex });
		if (failures.some(mayHaveApplied)) nodeError.context.outcomeUnknown = true;
		throw nodeError;
	}
	const answer = stripFuzz(response.body) as
		| IDataObject
		| IDataObject[]
		| string
		| null
		| undefined;
	if (reportsFailure(answer))
		throw errorInBody.call(this, answer, response.statusCode, options.itemIndex);
	await noteUpdate.call(this, id, body);
	if (
		answer === undefined ||
		answer === null ||
		(typeof answer === 'string' && answer.trim() === '')
	) {
		return { answer: null, probablyApplied: false };
	}
	return { answer, probablyApplied: false };
}

/** Tells this process's PageUp Triggers what happened to the check (see helpers/lease.ts); claims excluded. */
async function noteUpdate(this: RequestContext, id: string, body: IDataObject): Promise<void> {
	const status = String(body.status ?? '');
	if (status === '' || status === 'queued') return;
	noteStatus(accountKey(await this.getCredentials(CREDENTIAL_TYPE)), id, status);
}
