import type { IDataObject } from 'n8n-workflow';

/**
 * Recently accepted orders, kept in the workflow's global static data so both the trigger (which
 * answers retries) and the "Order: Answer" operation (which accepts orders in "When the workflow
 * has accepted it" mode) can see them. Only IDs and the answer are stored: no applicant data.
 *
 * Only acceptances are remembered. A rejected or failed order is not: the ATS may retry it and
 * the retry is processed again.
 */
export const MEMORY_KEY = 'atsAnywhereAcceptedOrders';
export const MEMORY_SIZE = 500;

export interface RememberedAnswer {
	key: string;
	statusCode: number;
	body: IDataObject;
	answeredAt: string;
}

/** Account and background check together: two client accounts may reuse an ATS ID. */
export function orderKey(accountId: string, backgroundCheckId: string): string {
	return JSON.stringify([accountId, backgroundCheckId]);
}

function entries(staticData: IDataObject): RememberedAnswer[] {
	const stored = staticData[MEMORY_KEY];
	if (!Array.isArray(stored)) return [];
	return (stored as unknown[]).filter(
		(entry): entry is RememberedAnswer =>
			!!entry &&
			typeof entry === 'object' &&
			typeof (entry as RememberedAnswer).key === 'string' &&
			typeof (entry as RememberedAnswer).statusCode === 'number' &&
			!!(entry as RememberedAnswer).body &&
			typeof (entry as RememberedAnswer).body === 'object',
	);
}

export function recall(staticData: IDataObject, key: string): RememberedAnswer | undefined {
	return entries(staticData).find((entry) => entry.key === key);
}

/**
 * Remembers an answer unless one is already remembered for the key (the first answer is the one
 * the ATS got). The list is replaced, not mutated, so n8n notices the change and saves it.
 */
export function remember(
	staticData: IDataObject,
	key: string,
	answer: { statusCode: number; body: IDataObject },
): RememberedAnswer {
	const current = entries(staticData);
	const existing = current.find((entry) => entry.key === key);
	if (existing) return existing;
	const entry: RememberedAnswer = {
		key,
		statusCode: answer.statusCode,
		body: { ...answer.body },
		answeredAt: new Date().toISOString(),
	};
	staticData[MEMORY_KEY] = [...current.map((e) => ({ ...e })), entry].slice(-MEMORY_SIZE) as unknown as IDataObject[];
	return entry;
}
