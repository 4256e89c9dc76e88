import type { IDataObject } from 'n8n-workflow';

/**
 * A bounded, insertion-ordered map kept in n8n static data under one key: the oldest entries are
 * forgotten past `limit`. Each write replaces the stored list (n8n saves static data it sees change).
 * Only what a trigger must remember goes in: ids and answers, never applicant data.
 */
export class BoundedMemory<V extends IDataObject | string | number | boolean = true> {
	private readonly entries = new Map<string, V>();

	constructor(
		private readonly staticData: IDataObject,
		private readonly key: string,
		private readonly limit: number,
		isValue: (value: unknown) => value is V = ((value: unknown) => value !== undefined) as (
			value: unknown,
		) => value is V,
	) {
		const stored = staticData[key];
		if (!Array.isArray(stored)) return;
		for (const entry of stored as unknown[]) {
			// Stored as [key, value] pairs; a bare string is a key with the value `true` (older format).
			if (typeof entry === 'string') {
				if (isValue(true)) this.entries.set(entry, true as V);
			} else if (Array.isArray(entry) && typeof entry[0] === 'string' && isValue(entry[1])) {
				this.entries.set(entry[0], entry[1]);
			}
		}
	}

	has(key: string): boolean {
		return this.entries.has(key);
	}

	get(key: string): V | undefined {
		return this.entries.get(key);
	}

	get size(): number {
		return this.entries.size;
	}

	keys(): string[] {
		return [...this.entries.keys()];
	}

	/** Sets (or refreshes, moving it to the newest place) an entry and stores the list. */
	set(key: string, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		this.trimAndStore();
	}

	/** Sets an entry only when none exists; returns the entry that is kept. */
	setIfAbsent(key: string, value: V): V {
		const existing = this.entries.get(key);
		if (existing !== undefined) return existing;
		this.set(key, value);
		return value;
	}

	delete(key: string): boolean {
		const deleted = this.entries.delete(key);
		if (deleted) this.trimAndStore();
		return deleted;
	}

	private trimAndStore(): void {
		for (const key of this.entries.keys()) {
			if (this.entries.size <= this.limit) break;
			this.entries.delete(key);
		}
		this.staticData[this.key] = [...this.entries].map(([key, value]) => [
			key,
			value,
		]) as unknown as IDataObject[];
	}
}
