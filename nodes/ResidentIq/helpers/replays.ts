import type { IDataObject } from 'n8n-workflow';

import { BoundedMemory } from '../../shared/memory';

/** Orders remembered per trigger: the oldest are forgotten first. */
export const REMEMBERED_ORDERS = 5000;
const KEY = 'riqEmittedStatus';

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

/**
 * Last emitted status per order, in the trigger's static data, plus a copy in this process so
 * that two deliveries of the same postback arriving together are not both emitted.
 */
const inProcess = new Map<string, Map<string, string>>();

export class EmittedStatuses {
	private readonly memory: BoundedMemory<string>;
	private readonly local: Map<string, string>;

	constructor(staticData: IDataObject, scope: string) {
		this.memory = new BoundedMemory<string>(
			staticData,
			KEY,
			REMEMBERED_ORDERS,
			(value): value is string => typeof value === 'string',
		);
		const existing = inProcess.get(scope);
		this.local = existing ?? new Map();
		if (!existing) inProcess.set(scope, this.local);
	}

	/** True when this status was the last one emitted for the order (a replay). */
	isReplay(orderId: string, fingerprint: string): boolean {
		return this.memory.get(orderId) === fingerprint || this.local.get(orderId) === fingerprint;
	}

	remember(orderId: string, fingerprint: string): void {
		this.memory.set(orderId, fingerprint);
		this.local.delete(orderId);
		this.local.set(orderId, fingerprint);
		for (const key of this.local.keys()) {
			if (this.local.size <= REMEMBERED_ORDERS) break;
			this.local.delete(key);
		}
	}
}
