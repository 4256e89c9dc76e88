import { NodeApiError, NodeOperationError, type IExecuteFunctions, type IPollFunctions } from 'n8n-workflow';

import type { DrainResult } from './claim';

function idList(ids: string[]): string {
	return ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
}

/**
 * When a drain claimed nothing and something failed, the error to stop with: the first failure,
 * saying that no check was taken. (When some checks were claimed, they must be passed on instead.)
 */
export function nothingClaimedError(
	context: IExecuteFunctions | IPollFunctions,
	result: DrainResult,
	itemIndex?: number,
): NodeApiError | NodeOperationError | undefined {
	if (result.claimed.length > 0) return undefined;
	const first = result.readError ?? result.failed[0]?.error;
	if (!first) return undefined;
	const error =
		first instanceof NodeApiError || first instanceof NodeOperationError
			? first
			: new NodeOperationError(context.getNode(), first, { itemIndex });
	const ids = result.failed.map((failure) => failure.check.id);
	error.description = `Could not claim ${ids.length === 1 ? 'check' : 'any of checks'} ${idList(ids)} (setting ${
		ids.length === 1 ? 'it' : 'them'
	} to queued failed); ${ids.length === 1 ? 'it stays' : 'they stay'} pending.${error.description ? ` ${error.description}` : ''}`;
	return error;
}

/** A warning for a run that claimed some checks but not all of them (null when all went well). */
export function claimFailureHint(result: DrainResult): string | null {
	const parts: string[] = [];
	if (result.failed.length > 0) {
		const ids = result.failed.map((failure) => failure.check.id);
		parts.push(
			`${ids.length} check${ids.length === 1 ? '' : 's'} could not be claimed and ${
				ids.length === 1 ? 'was' : 'were'
			} left pending for the next run (${idList(ids)}): ${result.failed[0].error.message}`,
		);
	}
	if (result.readError) {
		parts.push(`stopped reading after ${result.claimed.length} claimed checks: ${result.readError.message}`);
	}
	return parts.length ? parts.join('; ') : null;
}
