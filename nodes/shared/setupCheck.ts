import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * The setup check every vendor node offers (Account > Check Setup): each assumption this package makes
 * about the vendor, tried read-only against the user's account and reported as held, differs or not
 * checkable, with what was seen. What was seen is HTTP statuses, field names and counts: never a value.
 */

export type SetupOutcome = 'held' | 'differs' | 'not checkable';

export interface SetupFinding {
	/** What the package assumes, in the vendor's words. */
	assumption: string;
	result: SetupOutcome;
	/** What was seen (statuses, field names, counts; never a value). */
	seen: string;
	/** What to do when it differs or cannot be checked. */
	hint?: string;
}

/** The findings so far, added to as each request answers. */
export class SetupReport {
	readonly findings: SetupFinding[] = [];

	constructor(readonly vendor: string) {}

	add(assumption: string, result: SetupOutcome, seen: string, hint?: string): void {
		this.findings.push({ assumption, result, seen, ...(hint ? { hint } : {}) });
	}

	held(assumption: string, seen: string): void {
		this.add(assumption, 'held', seen);
	}

	differs(assumption: string, seen: string, hint?: string): void {
		this.add(assumption, 'differs', seen, hint);
	}

	notCheckable(assumption: string, seen: string, hint?: string): void {
		this.add(assumption, 'not checkable', seen, hint);
	}

	/** One item per assumption, in the order they were checked, each paired with the input item. */
	items(itemIndex: number): INodeExecutionData[] {
		const counts = { held: 0, differs: 0, 'not checkable': 0 };
		for (const finding of this.findings) counts[finding.result]++;
		const summary = `${counts.held} held, ${counts.differs} differ, ${counts['not checkable']} not checkable`;
		return this.findings.map((finding, index) => ({
			json: {
				vendor: this.vendor,
				check: index + 1,
				...finding,
				summary,
			} as IDataObject,
			pairedItem: { item: itemIndex },
		}));
	}
}

const GUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** A key as shown: keys that are data rather than names (GUIDs, numbers) are written as their kind. */
export function keyLabel(key: string): string {
	if (GUID.test(key)) return '{guid}';
	if (/^\d+$/.test(key)) return '{n}';
	return key;
}

/** What a failed request showed: its HTTP status, or that nothing answered (never the vendor's text). */
export function failureSeen(error: unknown): string {
	const e = error as { httpCode?: string | null; context?: { connectionCode?: unknown } };
	if (e?.httpCode) return `HTTP ${e.httpCode}`;
	const code = e?.context?.connectionCode;
	return typeof code === 'string' ? `no answer (${code})` : 'no answer';
}

/** The HTTP status of a failed vendor request, if the vendor answered. */
export function failureStatus(error: unknown): number | undefined {
	const code = Number((error as { httpCode?: string | null })?.httpCode);
	return Number.isInteger(code) && code > 0 ? code : undefined;
}

/**
 * A value's shape in words, by field names only: `object {id, status}`, `array of 3 object {id}`,
 * `text`, `number`, `empty`. Nested objects show their own fields one level down.
 */
export function shapeOf(value: unknown, depth = 1): string {
	if (value === undefined || value === null || value === '') return 'empty';
	if (Array.isArray(value)) {
		if (value.length === 0) return 'empty array';
		const fields = new Set<string>();
		for (const entry of value.slice(0, 20)) {
			if (entry && typeof entry === 'object' && !Array.isArray(entry))
				for (const key of Object.keys(entry as IDataObject)) fields.add(keyLabel(key));
		}
		return fields.size
			? `array of ${value.length} object {${[...fields].sort().join(', ')}}`
			: `array of ${value.length} ${typeof value[0]}`;
	}
	if (typeof value === 'object') {
		const entries = Object.entries(value as IDataObject);
		if (entries.length === 0) return 'object {}';
		const fields = entries
			.map(([key, entry]) =>
				depth > 0 && entry && typeof entry === 'object' && !Array.isArray(entry)
					? `${keyLabel(key)}: ${shapeOf(entry, depth - 1)}`
					: keyLabel(key),
			)
			.sort();
		return `object {${fields.join(', ')}}`;
	}
	return typeof value === 'string' ? 'text' : typeof value;
}

/** The top-level field names of an object (none for anything else), sorted. */
export function fieldNames(value: unknown): string[] {
	return value && typeof value === 'object' && !Array.isArray(value)
		? [...new Set(Object.keys(value as IDataObject).map(keyLabel))].sort()
		: [];
}

/** The Order ID parameter the setup checks of Choice and ResidentIQ read a status and a report with. */
export function setupOrderIdField(vendor: string): INodeProperties {
	return {
		displayName: 'Existing Order ID',
		name: 'setupOrderId',
		type: 'string',
		default: '',
		placeholder: '1000001',
		description: `An order already placed with ${vendor} (a test order will do): its status and report are read, never changed. Empty: those assumptions are reported as not checkable.`,
	};
}
