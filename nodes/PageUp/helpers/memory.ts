import type { IDataObject } from 'n8n-workflow';

import { BoundedMemory } from '../../shared/memory';
import type { BackgroundCheck } from './checks';

/** How many emitted check ids, and how many unsettled claims, a trigger remembers. */
export const EMITTED_MEMORY = 1000;
export const UNSETTLED_MEMORY = 1000;

/** Static-data keys (the emitted list keeps its first name, so existing triggers keep their memory). */
export const EMITTED_KEY = 'recentlyEmittedIds';
export const UNSETTLED_KEY = 'unsettledClaims';

/** When each remembered check was last emitted (epoch ms; `true` from the older format: time unknown). */
export type EmittedMemory = BoundedMemory<number | boolean>;

export function emittedMemory(staticData: IDataObject, limit = EMITTED_MEMORY): EmittedMemory {
	return new BoundedMemory<number | boolean>(
		staticData,
		EMITTED_KEY,
		limit,
		(value): value is number | boolean => typeof value === 'number' || value === true,
	);
}

/** A claim sent without a clear answer: it may or may not have set the check to queued. */
export interface UnsettledClaim extends IDataObject {
	/** The check as it was read before the claim (what the workflow gets if the claim turns out applied). */
	check: BackgroundCheck;
	/** Epoch ms of the claim. */
	since: number;
	/** The provider filter the check was read with ('' = every provider). */
	provider: string;
}

const isUnsettled = (value: unknown): value is UnsettledClaim =>
	!!value &&
	typeof value === 'object' &&
	typeof (value as IDataObject).since === 'number' &&
	typeof ((value as IDataObject).check as IDataObject | undefined)?.id === 'string';

export type UnsettledMemory = BoundedMemory<UnsettledClaim>;

export function unsettledMemory(
	staticData: IDataObject,
	limit = UNSETTLED_MEMORY,
): UnsettledMemory {
	return new BoundedMemory<UnsettledClaim>(staticData, UNSETTLED_KEY, limit, isUnsettled);
}

/** The same store kept only for one call (Get Pending: nothing outlives its execution). */
export function transientUnsettled(): UnsettledMemory {
	return unsettledMemory({});
}
