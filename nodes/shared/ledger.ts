import type { IDataObject } from 'n8n-workflow';

import { BoundedMemory } from './memory';

/** What a trigger answered for one delivery. */
export interface InboundAnswer {
	statusCode: number;
	body: IDataObject;
}

/** Deliveries a trigger remembers; the oldest are forgotten first. */
export const REMEMBERED_DELIVERIES = 5000;

/**
 * How long before a request began an entry made by this process still counts for it. n8n loads a workflow's
 * static data when a request arrives and saves it after the trigger has answered (or the execution ended); this
 * margin covers that save and the next request's load. Older entries are in the static data the request loaded.
 */
const SAVE_MARGIN_MS = 60_000;
/** In-process notes older than this are dropped (no request runs that long: confirmation calls have timeouts). */
const NOTE_LIFETIME_MS = 30 * 60_000;
/** How long a delivery stays "in flight" without an answer; its sender has given up long before. */
const MAX_FLIGHT_MS = 5 * 60_000;

interface Note {
	fingerprint: string;
	at: number;
}

interface Flight {
	promise: Promise<InboundAnswer | undefined>;
	startedAt: number;
}

/** This process's part of one trigger's ledger. */
interface ProcessNotes {
	seen: Map<string, Note>;
	answered: Map<string, InboundAnswer>;
	inFlight: Map<string, Flight>;
}

const processNotes = new Map<string, ProcessNotes>();

/** A stored entry: the last fingerprint seen (with when), or the answer given. */
type Entry = IDataObject & {
	fingerprint?: string;
	at?: number;
	statusCode?: number;
	body?: IDataObject;
};

function isEntry(value: unknown): value is Entry {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Older formats: a bare fingerprint string, or `{ key, statusCode, body }` objects instead of pairs. */
function migrate(staticData: IDataObject, key: string): void {
	const stored = staticData[key];
	if (!Array.isArray(stored)) return;
	staticData[key] = (stored as unknown[]).flatMap((entry) => {
		if (Array.isArray(entry) && typeof entry[0] === 'string') {
			return typeof entry[1] === 'string'
				? [[entry[0], { fingerprint: entry[1] }]]
				: isEntry(entry[1])
					? [entry]
					: [];
		}
		const legacy = entry as (Entry & { key?: unknown }) | null;
		if (!isEntry(legacy) || typeof legacy.key !== 'string') return [];
		const { key: id, ...rest } = legacy;
		return typeof rest.statusCode === 'number' ? [[id, rest]] : [];
	}) as unknown as IDataObject[];
}

export interface InboundLedgerOptions {
	/** The static-data key (each trigger keeps its own). */
	key: string;
	/** One workflow's one trigger (see {@link ledgerScope}); without it only static data is used. */
	scope?: string;
	limit?: number;
	/** The clock (tests only). */
	now?: () => number;
}

/** The scope of a trigger's ledger in this process: one workflow's node and its webhook. */
export function ledgerScope(context: {
	getNode(): { id: string; name: string; webhookId?: string };
	getWorkflow(): { id?: string };
}): string {
	const node = context.getNode();
	return JSON.stringify([context.getWorkflow().id ?? '', node.id, node.webhookId ?? node.name]);
}

/**
 * The one de-duplication ledger of the inbound triggers, per delivery id:
 * - **seen**: the last fingerprint (vendor id plus the status read back, or a hash of the body) a trigger emitted,
 *   so a repeat starts nothing;
 * - **answered**: the answer a delivery got (ATS orders), so a retry gets the same answer and starts nothing;
 * - **in flight**: deliveries whose first request is still being handled, so an identical one waits for that
 *   answer instead of starting a second execution.
 * The record is a {@link BoundedMemory} in the trigger's static data. n8n gives every request its own copy of the
 * static data and saves it only after the request, so identical deliveries arriving together would all miss it:
 * notes of this process close that gap within one n8n process. Create the ledger when the request begins.
 */
export class InboundLedger {
	private readonly memory: BoundedMemory<Entry>;
	private readonly notes?: ProcessNotes;
	private readonly limit: number;
	private readonly now: () => number;
	/** Entries of this process from this moment on may be missing from this request's static data. */
	private readonly since: number;

	constructor(
		private readonly staticData: IDataObject,
		{ key, scope, limit = REMEMBERED_DELIVERIES, now = Date.now }: InboundLedgerOptions,
	) {
		this.limit = limit;
		this.now = now;
		this.since = now() - SAVE_MARGIN_MS;
		migrate(staticData, key);
		this.memory = new BoundedMemory<Entry>(staticData, key, limit, isEntry);
		if (scope === undefined) return;
		let notes = processNotes.get(scope);
		if (!notes) {
			notes = { seen: new Map(), answered: new Map(), inFlight: new Map() };
			processNotes.set(scope, notes);
		}
		this.notes = notes;
	}

	/**
	 * True when this fingerprint is the last one seen for the id: in static data, or in this process meanwhile.
	 * With `windowMs`, an entry older than the window no longer counts.
	 */
	isReplay(id: string, fingerprint: string, windowMs?: number): boolean {
		const now = this.now();
		const note = this.notes?.seen.get(id);
		if (note && note.at >= this.since)
			return (
				note.fingerprint === fingerprint && (windowMs === undefined || now - note.at <= windowMs)
			);
		const stored = this.memory.get(id);
		if (stored?.fingerprint !== fingerprint) return false;
		return windowMs === undefined || (typeof stored.at === 'number' && now - stored.at <= windowMs);
	}

	/** Records the fingerprint as the last one seen for the id. */
	see(id: string, fingerprint: string): void {
		const at = this.now();
		this.memory.set(id, { fingerprint, at });
		if (!this.notes) return;
		this.notes.seen.delete(id);
		this.notes.seen.set(id, { fingerprint, at });
		trim(this.notes.seen, this.limit, (note) => at - note.at > NOTE_LIFETIME_MS);
	}

	/** True (and recorded) when the fingerprint is news for the id; false for a repeat. Never on an empty fingerprint. */
	admit(id: string, fingerprint: string, windowMs?: number): boolean {
		if (!id || !fingerprint) return true;
		if (this.isReplay(id, fingerprint, windowMs)) return false;
		this.see(id, fingerprint);
		return true;
	}

	/** The answer a delivery got before: in this process, or in the static data. */
	answered(id: string): InboundAnswer | undefined {
		const noted = this.notes?.answered.get(id);
		if (noted) return noted;
		const stored = this.memory.get(id);
		return typeof stored?.statusCode === 'number' && isEntry(stored.body)
			? { statusCode: stored.statusCode, body: stored.body }
			: undefined;
	}

	/** Records an answer unless one is recorded already (the first answer is the one the sender got). */
	answer(id: string, answer: InboundAnswer): InboundAnswer {
		const kept = this.memory.setIfAbsent(id, {
			statusCode: answer.statusCode,
			body: { ...answer.body },
			at: this.now(),
		});
		const result = {
			statusCode: kept.statusCode ?? answer.statusCode,
			body: kept.body ?? answer.body,
		};
		this.noteAnswer(id, result);
		return result;
	}

	/** Records an answer in this process only (the static data is written elsewhere, or not at all). */
	noteAnswer(id: string, answer: InboundAnswer): void {
		if (!this.notes) return;
		this.notes.answered.delete(id);
		this.notes.answered.set(id, answer);
		trim(this.notes.answered, this.limit);
	}

	/**
	 * The answer of an identical delivery still in flight, to wait for. A flight never answered within
	 * {@link MAX_FLIGHT_MS} is forgotten when next asked for (no timers in node code).
	 */
	inFlight(id: string): Promise<InboundAnswer | undefined> | undefined {
		const flight = this.notes?.inFlight.get(id);
		if (flight && this.now() - flight.startedAt > MAX_FLIGHT_MS) {
			this.notes?.inFlight.delete(id);
			return undefined;
		}
		return flight?.promise;
	}

	/** Marks a delivery in flight; call the returned function with its answer (or nothing) when it has one. */
	takeOff(id: string): (answer?: InboundAnswer) => void {
		let land: (answer: InboundAnswer | undefined) => void = () => {};
		const promise = new Promise<InboundAnswer | undefined>((resolve) => (land = resolve));
		this.notes?.inFlight.set(id, { promise, startedAt: this.now() });
		let landed = false;
		return (answer?: InboundAnswer) => {
			if (landed) return;
			landed = true;
			if (this.notes?.inFlight.get(id)?.promise === promise) this.notes.inFlight.delete(id);
			land(answer);
		};
	}

	/** Whether this trigger's credential has confirmed a delivery with the vendor before (kept in static data). */
	get hasConfirmed(): boolean {
		return this.staticData.confirmedWithVendor === true;
	}

	markConfirmed(): void {
		if (!this.hasConfirmed) this.staticData.confirmedWithVendor = true;
	}
}

function trim<V>(map: Map<string, V>, limit: number, expired: (value: V) => boolean = () => false) {
	for (const [key, value] of map) {
		if (map.size <= limit && !expired(value)) break;
		map.delete(key);
	}
}

/** Forgets this process's notes (tests that reuse webhook ids with fresh static data; n8n never calls it). */
export function forgetInProcessLedgers(): void {
	processNotes.clear();
}
