import type { IDataObject } from 'n8n-workflow';

import { BoundedMemory } from '../../shared/memory';

/**
 * Recently accepted orders, kept in the workflow's global static data so both the trigger (which
 * answers retries) and the "Order: Answer" operation (which accepts orders when the workflow decides)
 * see them. Only IDs and the answer are stored: no applicant data.
 *
 * Only acceptances are remembered. A rejected or failed order is not: the ATS may retry it and the
 * retry is processed again.
 */
export const MEMORY_KEY = 'atsAnywhereAcceptedOrders';
export const MEMORY_SIZE = 500;

export interface RememberedAnswer {
	key: string;
	statusCode: number;
	body: IDataObject;
	answeredAt: string;
}

type StoredAnswer = Omit<RememberedAnswer, 'key'> & IDataObject;

/** Account and background check together: two client accounts may reuse an ATS ID. */
export function orderKey(accountId: string, backgroundCheckId: string): string {
	return JSON.stringify([accountId, backgroundCheckId]);
}

function isStoredAnswer(value: unknown): value is StoredAnswer {
	const entry = value as StoredAnswer | null;
	return (
		!!entry &&
		typeof entry === 'object' &&
		typeof entry.statusCode === 'number' &&
		!!entry.body &&
		typeof entry.body === 'object'
	);
}

/** Earlier versions stored `{ key, statusCode, body, answeredAt }` objects: read them as pairs. */
function migrateLegacy(staticData: IDataObject): void {
	const stored = staticData[MEMORY_KEY];
	if (
		!Array.isArray(stored) ||
		!stored.some((entry) => entry && typeof entry === 'object' && !Array.isArray(entry))
	)
		return;
	staticData[MEMORY_KEY] = (stored as unknown[]).flatMap((entry) => {
		if (Array.isArray(entry)) return [entry];
		const legacy = entry as (StoredAnswer & { key?: unknown }) | null;
		if (!legacy || typeof legacy.key !== 'string' || !isStoredAnswer(legacy)) return [];
		const { key, ...answer } = legacy;
		return [[key, answer]];
	}) as unknown as IDataObject[];
}

function memoryOf(staticData: IDataObject): BoundedMemory<StoredAnswer> {
	migrateLegacy(staticData);
	return new BoundedMemory<StoredAnswer>(staticData, MEMORY_KEY, MEMORY_SIZE, isStoredAnswer);
}

export function recall(staticData: IDataObject, key: string): RememberedAnswer | undefined {
	const stored = memoryOf(staticData).get(key);
	return stored ? { key, ...stored } : undefined;
}

/** Remembers an answer unless one is already remembered for the key (the first answer is the one the ATS got). */
export function remember(
	staticData: IDataObject,
	key: string,
	answer: { statusCode: number; body: IDataObject },
): RememberedAnswer {
	const kept = memoryOf(staticData).setIfAbsent(key, {
		statusCode: answer.statusCode,
		body: { ...answer.body },
		answeredAt: new Date().toISOString(),
	});
	return { key, ...kept };
}
