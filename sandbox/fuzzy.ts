import type { Rng } from './rng';

/**
 * PageUp's "fuzzy serializer" (PageUp.FuzzySerializer): every serialized object gets one extra property whose
 * name is a fresh GUID and whose value is another GUID, and the property order is shuffled. Clients must pick
 * fields by name and tolerate unknown keys; this reproduces it so the nodes are tested against it.
 */
export function fuzzySerialize(value: unknown, rng: Rng): unknown {
	if (Array.isArray(value)) return value.map((item) => fuzzySerialize(item, rng));
	if (value !== null && typeof value === 'object') {
		const entries: Array<[string, unknown]> = Object.entries(value as Record<string, unknown>).map(
			([key, inner]) => [key, fuzzySerialize(inner, rng)],
		);
		entries.push([rng.guid(), rng.guid()]);
		return Object.fromEntries(rng.shuffle(entries));
	}
	return value;
}

const GUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Inverse helper for tests and tools: drops GUID-named keys recursively. */
export function stripFuzz(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(stripFuzz);
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			if (!GUID_KEY.test(key)) out[key] = stripFuzz(inner);
		}
		return out;
	}
	return value;
}
