import type { IDataObject } from 'n8n-workflow';

/** PageUp's fuzzy serializer adds a property whose name is a fresh GUID (value: another GUID). */
const GUID_KEY = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** Deep copy without the serializer's random GUID-named properties. Key order is never relied on. */
export function stripFuzz<T>(value: T): T {
	if (Array.isArray(value)) return value.map((entry) => stripFuzz(entry)) as T;
	if (value === null || typeof value !== 'object') return value;
	const result: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		if (!GUID_KEY.test(key)) result[key] = stripFuzz(entry);
	}
	return result as T;
}
