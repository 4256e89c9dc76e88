import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import type { BackgroundCheck } from '../helpers/checks';
import { drainChecks, type DrainOptions, type DrainResult } from '../helpers/drain';
import { outcomeUnknown, putStatus, readPending } from './index';

/** A claim's body. At claim time a check carries no provider fields yet, so this is its full representation. */
export const CLAIM_BODY = { status: 'queued' };

export interface PageUpDrainOptions extends DrainOptions {
	/** Epoch ms after which no retry starts (so a retry never outlives a poll's budget). */
	retryDeadline?: number;
	itemIndex?: number;
}

/** Sets one check to `queued`, which takes it off the pending list for every other reader. */
export async function claimCheck(
	this: RequestContext,
	id: string,
	options: Pick<PageUpDrainOptions, 'itemIndex' | 'retryDeadline'> = {},
) {
	return await putStatus.call(this, id, CLAIM_BODY, {
		itemIndex: options.itemIndex,
		retry: options.retryDeadline !== undefined ? { deadline: options.retryDeadline } : undefined,
	});
}

/** The drain (helpers/drain.ts) over PageUp's pending list and claim PUT. */
export async function drainPending(
	this: RequestContext,
	options: PageUpDrainOptions,
): Promise<DrainResult> {
	const retry =
		options.retryDeadline !== undefined ? { deadline: options.retryDeadline } : undefined;
	const result = await drainChecks(
		{
			read: async () =>
				await readPending.call(this, options.provider, { itemIndex: options.itemIndex, retry }),
			claim: async (check: BackgroundCheck) => {
				await claimCheck.call(this, check.id, options);
			},
			outcomeUnknown,
			now: () => Date.now(),
		},
		options,
	);
	const error = result.readError;
	if (
		error &&
		result.claimed.length === 0 &&
		result.recovered.length === 0 &&
		result.unknown.length === 0
	) {
		if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
		throw new NodeOperationError(this.getNode(), error, { itemIndex: options.itemIndex });
	}
	return result;
}
