import { CHOICE_TOKEN_TTL_SECONDS } from './choice-settings';
import { issueClientCredentialsToken } from './client-credentials';
import type { RequestContext, SandboxEnv } from './context';
import { HttpError, bearerToken } from './http';

/** The Choice sandbox's OAuth2 token endpoint and its check of a Bearer token or API key. */

export async function choiceToken(env: SandboxEnv, ctx: RequestContext): Promise<void> {
	const demo = env.credentials.choiceScreening;
	const client = {
		clientId: demo.clientId,
		clientSecret: demo.clientSecret,
		scopes: demo.scope.split(/\s+/).filter(Boolean),
	};
	await issueClientCredentialsToken(ctx, env, {
		vendor: 'choice',
		client: (clientId) => (clientId === client.clientId ? client : undefined),
		ttlSeconds: CHOICE_TOKEN_TTL_SECONDS,
	});
}

/** Bearer token or the API key header; either is enough. */
export function choiceAuthenticate(env: SandboxEnv, ctx: RequestContext): 'oauth' | 'apiKey' {
	const demo = env.credentials.choiceScreening;
	const apiKey = ctx.req.headers[demo.apiKeyHeader.toLowerCase()];
	if (typeof apiKey === 'string' && apiKey !== '') {
		if (apiKey === demo.apiKey) return 'apiKey';
		throw new HttpError(401, 'Invalid API key', undefined, { 'WWW-Authenticate': 'Bearer' });
	}
	if (env.tokens.check('choice', bearerToken(ctx.req.headers.authorization))) return 'oauth';
	throw new HttpError(401, 'Unauthorized: send a valid Bearer token or API key', undefined, {
		'WWW-Authenticate': 'Bearer error="invalid_token"',
	});
}
