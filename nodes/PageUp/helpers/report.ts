import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import type { DrainResult } from './drain';

function idList(ids: string[]): string {
	return ids.length > 10
		? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more`
		: ids.join(', ');
}

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

/**
 * When a drain took nothing (no claim, no recovered claim) and something failed, the error to stop with:
 * the first failure, saying which checks stay pending and which claims are still to be settled.
 */
export function nothingClaimedError(
	node: INode,
	result: DrainResult,
	itemIndex?: number,
	fate: UnsettledFate = 'remembered',
): NodeApiError | NodeOperationError | undefined {
	if (result.claimed.length > 0 || result.recovered.length > 0) return undefined;
	const first = result.readError ?? result.failed[0]?.error ?? result.unknown[0]?.error;
	if (!first) return undefined;
	const error =
		first instanceof NodeApiError || first instanceof NodeOperationError
			? first
			: new NodeOperationError(node, first, { itemIndex });
	const parts: string[] = [];
	const failed = result.failed.map((failure) => failure.check.id);
	if (failed.length > 0) {
		parts.push(
			`Could not claim ${plural(failed.length, 'check', 'any of checks')} ${idList(failed)} (setting ${plural(
				failed.length,
				'it',
				'them',
			)} to queued failed); ${plural(failed.length, 'it stays', 'they stay')} pending.`,
		);
	}
	const unknown = result.unknown.map((failure) => failure.check.id);
	if (unknown.length > 0) parts.push(unknownText(unknown, fate));
	if (error.description) parts.push(error.description);
	error.description = parts.join(' ');
	return error;
}

/** Whether unsettled claims outlive this run (the trigger's static data) or not (Get Pending). */
export type UnsettledFate = 'remembered' | 'notRemembered';

function unknownText(ids: string[], fate: UnsettledFate = 'remembered'): string {
	const head = `No clear answer to the claim of ${plural(ids.length, 'check', 'checks')} ${idList(ids)}: PageUp may have set ${plural(
		ids.length,
		'it',
		'them',
	)} to queued.`;
	if (fate === 'notRemembered') {
		return `${head} Run Get Pending again: ${plural(ids.length, 'a check', 'those')} listed again ${plural(ids.length, 'was', 'were')} not claimed; ${plural(ids.length, 'one', 'those')} no longer listed ${plural(ids.length, 'is', 'are')} queued in PageUp without having been passed on (put ${plural(ids.length, 'it', 'them')} back with Return to Pending).`;
	}
	return `${head} ${plural(ids.length, 'It is', 'They are')} remembered and settled on the next polls (emitted with claim "recovered" if the claim was applied, claimed again if ${plural(ids.length, 'it is', 'they are')} still pending).`;
}

/** A warning for a drain that took some checks but not all of them (null when all went well). */
export function claimFailureHint(
	result: DrainResult,
	fate: UnsettledFate = 'remembered',
): string | null {
	const parts: string[] = [];
	if (result.failed.length > 0) {
		const ids = result.failed.map((failure) => failure.check.id);
		parts.push(
			`${ids.length} ${plural(ids.length, 'check', 'checks')} could not be claimed and ${plural(
				ids.length,
				'is',
				'are',
			)} still pending for the next run (${idList(ids)}): ${result.failed[0].error.message}`,
		);
	}
	if (result.unknown.length > 0)
		parts.push(
			unknownText(
				result.unknown.map((failure) => failure.check.id),
				fate,
			),
		);
	if (result.readError) {
		parts.push(
			`stopped reading after ${result.claimed.length} claimed checks: ${result.readError.message}`,
		);
	}
	return parts.length ? parts.join('; ') : null;
}
