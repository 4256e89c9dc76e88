import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in constant time (hashing first so lengths do not leak either). */
export function safeEqual(received: string, expected: string): boolean {
	const a = createHash('sha256').update(received, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && received.length === expected.length;
}

export interface BasicCredentials {
	user: string;
	password: string;
}

/** Reads an `Authorization: Basic ...` header; undefined when absent or malformed. */
export function parseBasicAuth(
	header: string | string[] | undefined,
): BasicCredentials | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	const match = value?.match(/^\s*Basic\s+([A-Za-z0-9+/=._-]+)\s*$/i);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const separator = decoded.indexOf(':');
	if (separator < 0) return undefined;
	return { user: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

/** True when the header carries exactly one of the allowed user/password pairs. */
export function basicAuthMatches(
	header: string | string[] | undefined,
	allowed: BasicCredentials[],
): BasicCredentials | undefined {
	const received = parseBasicAuth(header);
	if (!received) return undefined;
	let matched: BasicCredentials | undefined;
	// Check every pair so the time taken does not reveal which one matched.
	for (const candidate of allowed) {
		const userOk = safeEqual(received.user, candidate.user);
		const passwordOk = safeEqual(received.password, candidate.password);
		if (userOk && passwordOk && !matched) matched = candidate;
	}
	return matched;
}

export function basicAuthHeader(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
