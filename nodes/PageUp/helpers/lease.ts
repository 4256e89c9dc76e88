import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { pageUpUrls } from '../../../credentials/PageUpApi.credentials';
import { BoundedMemory } from '../../shared/memory';

/**
 * The trigger's lease on each check it emitted: what settling needs and nothing else (no applicant data).
 * Kept in the trigger's static data until the check is settled, or forgotten past `LEASE_MEMORY` entries.
 */
export interface Lease extends IDataObject {
	/** How many times the trigger has emitted the check (1 = first emission). */
	attempt: number;
	/** Epoch ms of the last emission. */
	claimedAt: number;
	/** The workflow gave the check back (Return to Pending): the next claim is not a repeat. */
	back?: boolean;
	/** The lease ran out and PageUp took the check back to pending: its next claim is a repeat. */
	expired?: boolean;
}

export const LEASE_KEY = 'leases';
export const LEASE_MEMORY = 5000;
/** Default minutes a check may stay unsettled before it is given back to the workflow. */
export const DEFAULT_LEASE_MINUTES = 30;
/** A check is not emitted again by the lease once it has been emitted this many times. */
export const MAX_LEASE_ATTEMPTS = 5;

/** Statuses that end a check's processing unless the trigger is told otherwise. */
export const FINAL_STATUSES = ['completed', 'failed', 'cancelled', 'expired'];
/** Every status a provider can give a check after claiming it. */
export const PROVIDER_STATUSES = ['new', 'inprogress', ...FINAL_STATUSES];

const isLease = (value: unknown): value is Lease =>
	!!value &&
	typeof value === 'object' &&
	typeof (value as IDataObject).attempt === 'number' &&
	typeof (value as IDataObject).claimedAt === 'number';

export type LeaseMemory = BoundedMemory<Lease>;

export function leaseMemory(staticData: IDataObject, limit = LEASE_MEMORY): LeaseMemory {
	return new BoundedMemory<Lease>(staticData, LEASE_KEY, limit, isLease);
}

/** A status update the PageUp node made, noted in this n8n process. */
export interface SettleNote {
	status: string;
	at: number;
}

/**
 * What the PageUp node did to each check, in this n8n process (n8n gives a running poll no way to see what
 * an execution stores, and an execution that saved static data would overwrite the trigger's leases). Keyed
 * by account and check, bounded; overlapping executions only add notes, and a note counts for a lease only
 * when it is newer than the lease's emission.
 */
const notes = new Map<string, SettleNote>();
const NOTE_LIMIT = 20_000;

/** The account part of a note's key (the same check id can exist in two PageUp tenants). */
export function accountKey(credentials: ICredentialDataDecryptedObject): string {
	return `${pageUpUrls(credentials).apiBaseUrl}|${String(credentials.tenantId ?? '')}`;
}

export function noteStatus(account: string, id: string, status: string, at = Date.now()): void {
	const key = `${account}|${id}`;
	notes.delete(key);
	notes.set(key, { status, at });
	for (const oldest of notes.keys()) {
		if (notes.size <= NOTE_LIMIT) break;
		notes.delete(oldest);
	}
}

export function noteOf(account: string, id: string): SettleNote | undefined {
	return notes.get(`${account}|${id}`);
}

/** A refusal's text in lower case, "in progress" written as the status `inprogress`. */
const statusText = (text: string) =>
	text.toLowerCase().replace(/\bin[\s_-]progress\b/g, 'inprogress');

/** The provider statuses a refusal's text names ("in progress" and "inprogress" alike). */
export function statusesNamed(text: string): string[] {
	const lower = statusText(text);
	return PROVIDER_STATUSES.filter((status) => new RegExp(`\\b${status}\\b`).test(lower));
}

/** Every status a PageUp check can have. */
const ALL_STATUSES = ['pending', 'queued', ...PROVIDER_STATUSES];

/**
 * The check's current status where a refusal states it ("current status is new", "from new to pending",
 * "already new"); undefined when it does not.
 */
export function currentStatusNamed(text: string): string | undefined {
	const lower = statusText(text);
	for (const pattern of [
		/\bcurrent(?:ly)?\s+(?:status\s+)?(?:is\s+)?:?\s*["']?([a-z]+)/,
		/\bfrom\s+["']?([a-z]+)["']?\s+to\b/,
		/\balready\s+(?:in\s+)?(?:status\s+)?["']?([a-z]+)/,
	]) {
		const status = pattern.exec(lower)?.[1];
		if (status && ALL_STATUSES.includes(status)) return status;
	}
	return undefined;
}

/**
 * How a refused `pending` (PageUp allows it only from `queued`) reads: settled when the text names only
 * statuses in `settled`, unknown otherwise (then the check is emitted again: a repeat beats a lost check).
 */
export function refusalSettles(text: string, settled: string[]): boolean {
	const named = statusesNamed(text);
	return named.length > 0 && named.every((status) => settled.includes(status));
}
