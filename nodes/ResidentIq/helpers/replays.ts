import type { IDataObject } from 'n8n-workflow';

/**
 * What makes a report's status new: status, decision and error. The report link is left out, as
 * RIQ mints a fresh one for every read.
 */
export function statusFingerprint(item: IDataObject): string {
	return JSON.stringify([
		item.statusRaw ?? item.status ?? null,
		item.decision ?? null,
		item.decisionDescription ?? null,
		item.errorCode ?? null,
		item.errorDescription ?? null,
	]);
}
