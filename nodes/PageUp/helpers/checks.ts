import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { describeErrorBody, inputError, reportsFailure } from '../../shared/errors';
import { stripFuzz } from './fuzz';

/** A check as PageUp lists it (fuzz stripped), with its id as text under `id` whatever case PageUp used. */
export type BackgroundCheck = IDataObject & { id: string; status?: string };

/** Keys under which a wrapped list may arrive, tried in this order before any other array. */
const LIST_KEYS = ['items', 'data', 'value', 'backgroundChecks', 'checks', 'records'];

/** The id property of an entry, matched case-insensitively (`id`, `Id`, `ID`); exact `id` wins. */
export function idKeyOf(entry: IDataObject): string | undefined {
	if ('id' in entry) return 'id';
	return Object.keys(entry).find((key) => key.toLowerCase() === 'id');
}

/** The entry's id as text, when it is a non-empty string or a finite number. */
export function idOf(entry: unknown): string | undefined {
	if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
	const key = idKeyOf(entry as IDataObject);
	const value = key === undefined ? undefined : (entry as IDataObject)[key];
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Text and code of an error PageUp reports inside a body (HTTP 200 included), read after the fuzz is stripped. */
export function describePageUpError(
	body: unknown,
): { message?: string; code?: string } | undefined {
	const clean = stripFuzz(body);
	if (!clean || typeof clean !== 'object' || Array.isArray(clean)) return describeErrorBody(clean);
	// PageUp's style: "<message>: <field errors>" (the shared reader reads each part).
	const { errors, Errors, modelState, ModelState, ...rest } = clean as IDataObject;
	const head = describeErrorBody(rest);
	const details = describeErrorBody({ errors: errors ?? Errors ?? modelState ?? ModelState });
	const message = [head?.message, details?.message].filter(Boolean).join(': ');
	if (!message && !head?.code) return undefined;
	return {
		...(message ? { message: message.slice(0, 500) } : {}),
		...(head?.code ? { code: head.code } : {}),
	};
}

export type CheckList =
	| { kind: 'checks'; checks: BackgroundCheck[]; withoutId: number; keysSeen: string[] }
	/** A 2xx body that reports a failure (`success: false`, `errors`, an error message instead of a list). */
	| { kind: 'errorInBody'; body: unknown }
	| { kind: 'notAList' };

/**
 * The pending list from a 2xx answer: an array, or an object wrapping one (tolerated). An empty body is an
 * empty list; anything else that is not a list is reported, never read as "no checks".
 */
export function parseCheckList(body: unknown): CheckList {
	const clean = stripFuzz(body);
	if (clean === undefined || clean === null || (typeof clean === 'string' && clean.trim() === '')) {
		return { kind: 'checks', checks: [], withoutId: 0, keysSeen: [] };
	}
	let list: unknown;
	if (Array.isArray(clean)) list = clean;
	else if (typeof clean === 'object') {
		const record = clean as IDataObject;
		if (reportsFailure(record)) return { kind: 'errorInBody', body: record };
		const key = LIST_KEYS.find((name) => Array.isArray(record[name]));
		if (key) list = record[key];
		else if (idOf(record) !== undefined) list = [record];
		else {
			const arrays = Object.values(record).filter(Array.isArray);
			if (arrays.length === 1) list = arrays[0];
			else if (describePageUpError(record)?.message) return { kind: 'errorInBody', body: record };
		}
	}
	if (!Array.isArray(list)) return { kind: 'notAList' };
	const checks: BackgroundCheck[] = [];
	const keysSeen = new Set<string>();
	let withoutId = 0;
	for (const entry of list) {
		const id = idOf(entry);
		if (id === undefined) {
			withoutId++;
			if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
				for (const key of Object.keys(entry as IDataObject)) keysSeen.add(key);
			}
			continue;
		}
		const record = entry as IDataObject;
		checks.push({ ...record, id } as BackgroundCheck);
	}
	return { kind: 'checks', checks, withoutId, keysSeen: [...keysSeen].sort() };
}

/** The check ID parameter as text, refused when empty or not a plain identifier. */
export function getCheckId(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('checkId', itemIndex, '') as unknown;
	const id = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!id) {
		throw inputError(
			this.getNode(),
			'Background Check ID is empty',
			itemIndex,
			'Map the ID field of the check from PageUp Trigger or Get Pending',
		);
	}
	if (!/^[A-Za-z0-9._~-]{1,100}$/.test(id)) {
		throw inputError(
			this.getNode(),
			'Background Check ID must be a PageUp check ID (letters, digits, dots, dashes or underscores)',
			itemIndex,
		);
	}
	return id;
}
