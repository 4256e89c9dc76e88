import { CHOICE_TOKEN_TTL_SECONDS } from './choice-settings';
import type { RequestContext, SandboxEnv } from './context';
import { HttpError, basicCredentials, bearerToken, isForm, sendJson } from './http';

/** The Choice sandbox's OAuth2 token endpoint and its check of a Bearer token or API key. */

export async function choiceToken(env: SandboxEnv, ctx: RequestContext): Promise<void> {
	const fail = (error: string, description: string) =>
		sendJson(
			ctx.res,
			400,
			{ error, error_description: description },
			{ 'Cache-Control': 'no-store' },
		);
	if (!isForm(ctx.req))
		return fail('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
	const form = new URLSearchParams((await ctx.body()).toString('utf8'));
	const demo = env.credentials.choiceScreening;
	const basic = basicCredentials(ctx.req.headers.authorization);
	const clientId = form.get('client_id') ?? basic?.user;
	const clientSecret = form.get('client_secret') ?? basic?.pass;
	const grantType = form.get('grant_type');
	if (!grantType) return fail('invalid_request', 'grant_type is missing');
	if (clientId !== demo.clientId || clientSecret !== demo.clientSecret)
		return fail('invalid_client', 'Unknown client or wrong secret');
	if (grantType !== 'client_credentials')
		return fail('unsupported_grant_type', `grant_type ${grantType} is not supported`);
	const allowed = demo.scope.split(/\s+/).filter(Boolean);
	const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
	const scopes = requested.length > 0 ? requested : allowed;
	const denied = scopes.filter((scope) => !allowed.includes(scope));
	if (denied.length > 0) return fail('invalid_scope', `Scope not allowed: ${denied.join(' ')}`);
	const issued = env.tokens.issue('choice', demo.clientId, scopes, {}, CHOICE_TOKEN_TTL_SECONDS);
	sendJson(
		ctx.res,
		200,
		{
			access_token: issued.token,
			token_type: 'Bearer',
			expires_in: issued.expiresIn,
			scope: scopes.join(' '),
		},
		{ 'Cache-Control': 'no-store' },
	);
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
