import type { IDataObject } from 'n8n-workflow';

/** How many emitted check IDs the trigger remembers. */
export const EMITTED_MEMORY = 1000;
const KEY = 'recentlyEmittedIds';

/**
 * The IDs this trigger emitted most recently, kept in the node's static data (saved by n8n when a
 * poll emits). A second guard behind the claim: a check that shows up as pending again after it was
 * emitted is claimed again (it must leave the list) but not emitted a second time.
 */
export class EmittedIds {
	private readonly ids: string[];

	private readonly known: Set<string>;

	constructor(
		private readonly staticData: IDataObject,
		private readonly limit = EMITTED_MEMORY,
	) {
		const stored = staticData[KEY];
		this.ids = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
		this.known = new Set(this.ids);
	}

	has(id: string): boolean {
		return this.known.has(id);
	}

	/** Remembers `ids` (newest last), forgetting the oldest beyond the limit, and stores the list. */
	remember(ids: string[]): void {
		for (const id of ids) {
			if (this.known.has(id)) continue;
			this.ids.push(id);
			this.known.add(id);
		}
		const excess = this.ids.length - this.limit;
		if (excess > 0) for (const id of this.ids.splice(0, excess)) this.known.delete(id);
		this.staticData[KEY] = [...this.ids];
	}
}
