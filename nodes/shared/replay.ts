import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { BoundedMemory } from './memory';

/** Orders whose last emitted status a trigger remembers; the oldest are forgotten first. */
export const REMEMBERED_ORDERS = 5000;

/**
 * How long before a request began an emission by this process still counts for it. n8n loads a workflow's
 * static data when a request arrives and saves it after the trigger has answered; this margin covers that
 * save and the next request's load. Older emissions are in the static data the request loaded.
 */
const SAVE_MARGIN_MS = 60_000;
/** Notes older than this are dropped (no request runs that long: confirmation calls have timeouts). */
const NOTE_LIFETIME_MS = 30 * 60_000;

interface Note {
	fingerprint: string;
	at: number;
}

/** This process's recent emissions, per trigger (scope) and order. */
const emittedHere = new Map<string, Map<string, Note>>();

/** The scope of a trigger's memory in this process: one workflow's node and its webhook. */
export function replayScope(context: IWebhookFunctions): string {
	const node = context.getNode();
	return JSON.stringify([context.getWorkflow().id ?? '', node.id, node.webhookId ?? '']);
}

export interface ReplayMemoryOptions {
	/** The static-data key (each trigger keeps its own, so stored memories stay readable). */
	key: string;
	/** See {@link replayScope}. */
	scope: string;
	limit?: number;
	/** The clock (tests only). */
	now?: () => number;
}

/**
 * Replays: a trigger emits an order's update only when the order's status, as a fingerprint of what the
 * vendor confirmed, differs from the last one emitted for that order. The memory of record is a
 * {@link BoundedMemory} in the node's static data. n8n gives every request its own copy of the static data
 * and saves it only after the trigger answered, so identical deliveries that arrive together would all
 * miss it: a note of what this process emitted since shortly before this request began closes that gap
 * within one n8n process. Create the memory when the request begins (before any confirmation call), and
 * decide with {@link admit}, which checks and records in one synchronous step.
 */
export class ReplayMemory {
	private readonly memory: BoundedMemory<string>;
	private readonly notes: Map<string, Note>;
	private readonly limit: number;
	private readonly now: () => number;
	/** Emissions of this process from this moment on may be missing from this request's static data. */
	private readonly since: number;

	constructor(
		staticData: IDataObject,
		{ key, scope, limit = REMEMBERED_ORDERS, now = Date.now }: ReplayMemoryOptions,
	) {
		this.limit = limit;
		this.now = now;
		this.since = now() - SAVE_MARGIN_MS;
		this.memory = new BoundedMemory<string>(
			staticData,
			key,
			limit,
			(value): value is string => typeof value === 'string',
		);
		const existing = emittedHere.get(scope);
		this.notes = existing ?? new Map();
		if (!existing) emittedHere.set(scope, this.notes);
	}

	/** True when this fingerprint is the last one emitted for the order: in static data, or by this process meanwhile. */
	isReplay(orderId: string, fingerprint: string): boolean {
		const note = this.notes.get(orderId);
		if (note && note.at >= this.since) return note.fingerprint === fingerprint;
		return this.memory.get(orderId) === fingerprint;
	}

	/** Records the fingerprint as the last one emitted for the order. */
	remember(orderId: string, fingerprint: string): void {
		this.memory.set(orderId, fingerprint);
		const now = this.now();
		this.notes.delete(orderId);
		this.notes.set(orderId, { fingerprint, at: now });
		for (const [id, note] of this.notes) {
			if (this.notes.size <= this.limit && now - note.at <= NOTE_LIFETIME_MS) break;
			this.notes.delete(id);
		}
	}

	/** True (and remembered) when the fingerprint is news for the order; false for a replay. */
	admit(orderId: string, fingerprint: string): boolean {
		if (this.isReplay(orderId, fingerprint)) return false;
		this.remember(orderId, fingerprint);
		return true;
	}
}

/** Forgets this process's notes (tests that reuse a webhook id with fresh static data; n8n never calls it). */
export function forgetInProcessReplays(): void {
	emittedHere.clear();
}
