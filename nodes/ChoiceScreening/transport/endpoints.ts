/**
 * Every Choice Screening host and path in one place.
 *
 * Public (csdocs.choicescreening.com/v1): the two auth hosts and `POST {auth}/connect/token`.
 * ASSUMED (not in the public docs; the sandbox implements exactly these): both API hosts and every
 * `/api/v1/...` path. If Choice gives you different ones, correct the line here; nothing else changes.
 */
export const CHOICE_HOSTS = {
	staging: {
		auth: 'https://stageauth.choicescreening.com',
		/** Assumed. */
		api: 'https://stageapi.choicescreening.com',
	},
	production: {
		auth: 'https://csauth.choicescreening.com',
		/** Assumed. */
		api: 'https://api.choicescreening.com',
	},
} as const;

export const CHOICE_PATHS = {
	/** Public. Appended to the auth host. */
	token: '/connect/token',
	/** Assumed. The rest are appended to the API host (or the credential's custom Base URL). */
	ping: '/api/v1/ping',
	packages: '/api/v1/packages',
	order: '/api/v1/order',
	orderStatus: '/api/v1/order/{id}',
	orderReport: '/api/v1/order/{id}/report',
} as const;

export const DEFAULT_API_KEY_HEADER = 'X-API-Key';

/** A path from the table with `{id}` filled in (URL-encoded). */
export function choicePath(name: keyof typeof CHOICE_PATHS, id?: string | number): string {
	const path: string = CHOICE_PATHS[name];
	return id === undefined ? path : path.replace('{id}', encodeURIComponent(String(id)));
}
