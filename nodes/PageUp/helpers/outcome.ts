/**
 * True when PageUp's refusal text says the check already has `status` (PageUp does not document whether it
 * refuses a PUT that repeats the current status, nor how it words it): "already <status>", "current status is
 * <status>", "status is unchanged" / "no change". Used only after an attempt whose answer was lost.
 */
export function refusesRepeatedStatus(text: string, status: string): boolean {
	const target = status.trim().toLowerCase();
	const lower = text.toLowerCase();
	if (/\b(unchanged|no change|same status|not changed)\b/.test(lower)) return true;
	if (!target) return false;
	const word = target.replace(/[^a-z]/g, '');
	const quoted = `["'\`]?${word}\\b`;
	return (
		new RegExp(`\\balready\\b[^.;]{0,40}?${quoted}`).test(lower) ||
		new RegExp(`\\bcurrent(ly)?\\b(\\s+status)?(\\s+is)?\\s*:?\\s*${quoted}`).test(lower)
	);
}
