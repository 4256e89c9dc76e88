import { z } from 'zod';

/** The Choice sandbox's settings: completion timing, API paths, callback authentication. */

/** Choice's public docs: client-credentials tokens live 14 days. */
export const CHOICE_TOKEN_TTL_SECONDS = 1209600;

/** The API paths the sandbox serves (the node's assumed defaults); each can be changed through settings. */
export const CHOICE_DEFAULT_PATHS = {
	ping: '/api/v1/ping',
	packages: '/api/v1/packages',
	order: '/api/v1/order',
	orderStatus: '/api/v1/order/{id}',
	orderReport: '/api/v1/order/{id}/report',
};
export type ChoicePaths = typeof CHOICE_DEFAULT_PATHS;

const pathSchema = z
	.string()
	.regex(/^\/[A-Za-z0-9._~\-/{}]*$/, 'must start with / and hold only URL path characters');

export const choiceSettingsSchema = z
	.object({
		/** Sandbox seconds from order to completion; null = only on demand (admin complete). */
		autoCompleteSeconds: z.number().int().min(0).nullable().optional(),
		/** API paths to serve instead of the defaults (`{id}` = the order number); omitted ones keep theirs. */
		paths: z
			.object({
				ping: pathSchema.optional(),
				packages: pathSchema.optional(),
				order: pathSchema.optional(),
				orderStatus: pathSchema.refine((path) => path.includes('{id}'), 'needs {id}').optional(),
				orderReport: pathSchema.refine((path) => path.includes('{id}'), 'needs {id}').optional(),
			})
			.strict()
			.optional(),
		/** The name of the order's status field in every order answer (default `status`). */
		statusField: z
			.string()
			.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
			.optional(),
		/** How callbacks authenticate: Basic with the demo callback credentials (default), a header, or none. */
		callbackAuth: z
			.union([
				z.literal('basic'),
				z.literal('none'),
				z.object({ header: z.string().min(1), value: z.string().min(1) }).strict(),
			])
			.optional(),
	})
	.strict();

export type CallbackAuth = NonNullable<z.infer<typeof choiceSettingsSchema>['callbackAuth']>;

/** `/api/v1/order/{id}` as an anchored pattern with a named `id` group (a trailing slash allowed). */
export function pathPattern(path: string): RegExp {
	const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{id\}/g, '(?<id>[^/]+)');
	return new RegExp(`^${escaped.replace(/\/+$/, '')}/?$`);
}
