import type { BackgroundCheck } from './checks';
import type { UnsettledMemory } from './memory';

/** Default number of claims in flight at once. */
export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 20;

/** What the drain needs from PageUp (the transport provides it; tests may fake it). */
export interface DrainIo {
	/** One read of the pending list (at most five checks). */
	read(): Promise<BackgroundCheck[]>;
	/** Sets one check to queued; throws when that failed. */
	claim(check: BackgroundCheck): Promise<void>;
	/** True when a failed claim may still have been applied (connection lost after sending, 5xx...). */
	outcomeUnknown(error: unknown): boolean;
	now(): number;
}

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
	/** Claims whose outcome is unknown, remembered across drains (the trigger's static data). */
	unsettled: UnsettledMemory;
	/** Told the ids each page's successful claims took, as soon as they are taken. */
	onClaimed?: (ids: string[]) => void;
}

export interface RecoveredClaim {
	check: BackgroundCheck;
	/** Epoch ms the claim was sent. */
	since: number;
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
	/** Claims whose answer was lost earlier and that proved applied: the check left the list (`claim: "recovered"`). */
	recovered: RecoveredClaim[];
	/** Checks whose claim failed and that are known to be still pending (PageUp refused, or listed them again). */
	failed: ClaimFailure[];
	/** Claims sent without a clear answer and not settled yet: remembered for the next drains. */
	unknown: ClaimFailure[];
	reads: number;
	stopReason: StopReason;
	readError?: Error;
}

/** Runs `task` over `items` with at most `concurrency` running at once; never rejects. */
export async function settlePool<T, R>(
	items: T[],
	concurrency: number,
	task: (item: T) => Promise<R>,
): Promise<Array<{ ok: true; value: R } | { ok: false; error: Error }>> {
	const results: Array<{ ok: true; value: R } | { ok: false; error: Error }> = new Array(
		items.length,
	);
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
	await Promise.all(
		Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker),
	);
	return results;
}

/**
 * Reads pending checks and claims each one, page after page while `readAll`: PageUp lists at most five,
 * and only claimed checks leave the list. Stops when the list is empty, when a read brings no check not
 * already tried, at the limit, at the read deadline, or when a whole page of claims fails.
 *
 * A claim without a clear answer is remembered in `unsettled`, never reported as "left pending". It is
 * settled by what PageUp lists later: listed as pending again = not applied (claimed normally, or left
 * pending if it was tried in this drain); absent when a read comes back empty = applied, so it is
 * returned in `recovered`. A failed read ends the drain with `readError`.
 */
export async function drainChecks(io: DrainIo, options: DrainOptions): Promise<DrainResult> {
	const concurrency = Math.min(
		MAX_CONCURRENCY,
		Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
	);
	const maxChecks = options.maxChecks ?? Number.POSITIVE_INFINITY;
	const provider = options.provider ?? '';
	const { unsettled } = options;
	const tried = new Set<string>();
	const unknownNow = new Map<string, ClaimFailure>();
	const result: DrainResult = {
		claimed: [],
		recovered: [],
		failed: [],
		unknown: [],
		reads: 0,
		stopReason: 'empty',
	};
	const finish = (stopReason: StopReason, readError?: Error): DrainResult => ({
		...result,
		unknown: [...unknownNow.values()],
		stopReason,
		...(readError ? { readError } : {}),
	});

	for (;;) {
		// Claims without an answer count too: they may have taken their check.
		const taken = () => result.claimed.length + unknownNow.size;
		if (taken() >= maxChecks) return finish('limit');
		if (
			result.reads > 0 &&
			options.readDeadline !== undefined &&
			io.now() >= options.readDeadline
		) {
			return finish('deadline');
		}
		let page: BackgroundCheck[];
		try {
			page = await io.read();
		} catch (error) {
			// The caller throws it when nothing was taken; otherwise what was taken must still be passed on.
			return finish('readFailed', error as Error);
		}
		result.reads++;

		// Listed as pending: any earlier claim of these checks was not applied.
		for (const check of page) {
			if (!unsettled.has(check.id)) continue;
			unsettled.delete(check.id);
			const lost = unknownNow.get(check.id);
			if (lost) {
				unknownNow.delete(check.id);
				result.failed.push(lost);
			}
		}
		if (page.length === 0) {
			// The whole list was read: a remembered claim whose check is not pending was applied.
			for (const id of unsettled.keys()) {
				const entry = unsettled.get(id);
				if (!entry || (provider !== '' && entry.provider !== provider)) continue;
				unsettled.delete(id);
				unknownNow.delete(id);
				result.recovered.push({ check: entry.check, since: entry.since });
			}
			return finish('empty');
		}

		const fresh: BackgroundCheck[] = [];
		for (const check of page) {
			if (tried.has(check.id) || fresh.some((other) => other.id === check.id)) continue;
			fresh.push(check);
		}
		if (fresh.length === 0) return finish('noNewChecks');
		const batch = fresh.slice(0, maxChecks - taken());
		for (const check of batch) tried.add(check.id);

		const outcomes = await settlePool(batch, concurrency, async (check) => await io.claim(check));
		let claimedNow = 0;
		let unknownInPage = 0;
		outcomes.forEach((outcome, index) => {
			const check = batch[index];
			if (outcome.ok) {
				result.claimed.push(check);
				claimedNow++;
			} else if (io.outcomeUnknown(outcome.error)) {
				unsettled.set(check.id, { check, since: io.now(), provider });
				unknownNow.set(check.id, { check, error: outcome.error });
				unknownInPage++;
			} else {
				result.failed.push({ check, error: outcome.error });
			}
		});
		if (claimedNow > 0)
			options.onClaimed?.(batch.filter((_, index) => outcomes[index].ok).map((check) => check.id));
		// Claims without an answer are settled by the next read, so only a page of refused claims stops the drain.
		if (claimedNow === 0 && unknownInPage === 0) return finish('claimsFailing');
		if (!options.readAll && unknownInPage === 0) return finish('onePage');
	}
}
