export const READ_SCOPE = 'Public.BackgroundCheck.Read';
export const WRITE_SCOPE = 'Public.BackgroundCheck.Write';

function scopeList(value: unknown): string[] | undefined {
	if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
	if (Array.isArray(value) && value.every((entry) => typeof entry === 'string'))
		return value as string[];
	return undefined;
}

/** The JWT's payload (not verified: only read to tell the user what was granted), or undefined. */
function jwtPayload(token: string): Record<string, unknown> | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString(
			'utf8',
		);
		const payload = JSON.parse(json) as unknown;
		return payload && typeof payload === 'object'
			? (payload as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/** The scopes granted: the token answer's `scope`, else the JWT's `scope` / `scp` claim; undefined when neither says. */
export function grantedScopes(answerScope: unknown, token: string): string[] | undefined {
	const fromAnswer = scopeList(answerScope);
	if (fromAnswer) return fromAnswer;
	const payload = jwtPayload(token);
	return payload ? (scopeList(payload.scope) ?? scopeList(payload.scp)) : undefined;
}
