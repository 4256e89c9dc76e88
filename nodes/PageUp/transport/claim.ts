import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import { putStatus, readPending, type BackgroundCheck } from './index';

/** Default number of claims in flight at once. */
export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 20;

/** A claim's body. At claim time a check carries no provider fields yet, so this is its full representation. */
export const CLAIM_BODY: IDataObject = { status: 'queued' };

export interface DrainOptions {
	/** Only checks for this provider code. */
	provider?: string;
	/** Claims in flight at once (1 to MAX_CONCURRENCY). */
	concurrency?: number;
	/** Keep reading after the first page (only possible because claimed checks leave the list). */
	readAll: boolean;
	/** The most checks to claim in one drain. */
	maxChecks?: number;
	/** Epoch ms after which no new read starts. */
	readDeadline?: number;
	/** Epoch ms after which no retry starts (so a retry never outlives a poll's budget). */
	retryDeadline?: number;
	itemIndex?: number;
}

export interface ClaimFailure {
	check: BackgroundCheck;
	error: Error;
}

export type StopReason =
	/** The pending list came back empty. */
	| 'empty'
	/** The list held only checks already tried in this drain (their claims failed). */
	| 'noNewChecks'
	| 'limit'
	| 'deadline'
	/** One page was asked for. */
	| 'onePage'
	/** Every claim of a page failed: something systemic (scope, outage); the rest waits. */
	| 'claimsFailing'
	/** A read failed after some checks were already claimed. */
	| 'readFailed';

export interface DrainResult {
	/** Checks whose claim succeeded, in the order PageUp listed them (as read, fuzz stripped). */
	claimed: BackgroundCheck[];
	/** Checks whose claim failed: they were left pending for a later read. */
	failed: ClaimFailure[];
	reads: number;
	stopReason: StopReason;
	readError?: Error;
}

/** Runs `task` over `items` with at most `concurrency` running at once; never rejects. */
async function settlePool<T, R>(
	items: T[],
	concurrency: number,
	task: (item: T) => Promise<R>,
): Promise<Array<{ ok: true; value: R } | { ok: false; error: Error }>> {
	const results: Array<{ ok: true; value: R } | { ok: false; error: Error }> = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			try {
				results[index] = { ok: true, value: await task(items[index]) };
			} catch (error) {
				results[index] = { ok: false, error: error as Error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
	return results;
}

/** Sets one check to `queued`, which takes it off the pending list for every other reader. */
export async function claimCheck(
	this: RequestContext,
	id: string,
	options: Pick<DrainOptions, 'itemIndex' | 'retryDeadline'> = {},
) {
	return await putStatus.call(this, id, CLAIM_BODY, {
		itemIndex: options.itemIndex,
		retry: options.retryDeadline !== undefined ? { deadline: options.retryDeadline } : undefined,
	});
}

/**
 * Reads pending checks and claims each one, page after page while `readAll`: PageUp lists at most
 * five, and only claimed checks leave the list. Stops when the list is empty, when a read brings no
 * check not already tried (failed claims stay pending and would come back forever), at the limit,
 * at the read deadline, or when a whole page of claims fails. A failed read is thrown only when
 * nothing was claimed yet; otherwise the checks already claimed are returned (they are no longer
 * pending, so dropping them would lose them).
 */
export async function drainPending(this: RequestContext, options: DrainOptions): Promise<DrainResult> {
	const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)));
	const maxChecks = options.maxChecks ?? Number.POSITIVE_INFINITY;
	const retry = options.retryDeadline !== undefined ? { deadline: options.retryDeadline } : undefined;
	const tried = new Set<string>();
	const result: DrainResult = { claimed: [], failed: [], reads: 0, stopReason: 'empty' };

	for (;;) {
		if (result.claimed.length >= maxChecks) return { ...result, stopReason: 'limit' };
		if (result.reads > 0 && options.readDeadline !== undefined && Date.now() >= options.readDeadline) {
			return { ...result, stopReason: 'deadline' };
		}
		let page: BackgroundCheck[];
		try {
			page = await readPending.call(this, options.provider, { itemIndex: options.itemIndex, retry });
		} catch (error) {
			if (result.claimed.length === 0) {
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: options.itemIndex });
			}
			return { ...result, stopReason: 'readFailed', readError: error as Error };
		}
		result.reads++;
		if (page.length === 0) return { ...result, stopReason: 'empty' };

		const fresh: BackgroundCheck[] = [];
		for (const check of page) {
			if (tried.has(check.id) || fresh.some((other) => other.id === check.id)) continue;
			fresh.push(check);
		}
		if (fresh.length === 0) return { ...result, stopReason: 'noNewChecks' };
		const batch = fresh.slice(0, maxChecks - result.claimed.length);
		for (const check of batch) tried.add(check.id);

		const outcomes = await settlePool(batch, concurrency, async (check) =>
			await claimCheck.call(this, check.id, options),
		);
		let claimedNow = 0;
		outcomes.forEach((outcome, index) => {
			if (outcome.ok) {
				result.claimed.push(batch[index]);
				claimedNow++;
			} else {
				result.failed.push({ check: batch[index], error: outcome.error });
			}
		});
		if (claimedNow === 0) return { ...result, stopReason: 'claimsFailing' };
		if (!options.readAll) return { ...result, stopReason: 'onePage' };
	}
}
