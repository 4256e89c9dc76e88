import type { RequestContext, SandboxEnv } from './context';
import { basicCredentials, isForm, sendJson } from './http';
import type { PageUpClient } from './pageup-model';

const TOKEN_TTL_SECONDS = 3600;

function oauthError(ctx: RequestContext, error: string, description: string): void {
	sendJson(
		ctx.res,
		400,
		{ error, error_description: description },
		{ 'Cache-Control': 'no-store' },
	);
}

/** POST /connect/token: OAuth2 client credentials with instanceId and scopes, as IdentityServer answers it. */
export async function issuePageUpToken(
	ctx: RequestContext,
	env: SandboxEnv,
	clients: Map<string, PageUpClient>,
): Promise<void> {
	if (!isForm(ctx.req)) {
		oauthError(ctx, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
		return;
	}
	const form = new URLSearchParams((await ctx.body()).toString('utf8'));
	const grantType = form.get('grant_type');
	if (!grantType) return oauthError(ctx, 'invalid_request', 'grant_type is missing');
	// Client authentication by form fields or by Basic header, as IdentityServer accepts both.
	const basic = basicCredentials(ctx.req.headers.authorization);
	const clientId = form.get('client_id') ?? basic?.user;
	const clientSecret = form.get('client_secret') ?? basic?.pass;
	const client = clientId ? clients.get(clientId) : undefined;
	if (!client || client.clientSecret !== clientSecret)
		return oauthError(ctx, 'invalid_client', 'Unknown client or wrong secret');
	if (grantType !== 'client_credentials') {
		return oauthError(ctx, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
	}
	const instanceId = form.get('instanceId');
	if (!instanceId) return oauthError(ctx, 'invalid_request', 'instanceId is missing');
	if (instanceId !== client.instanceId)
		return oauthError(ctx, 'invalid_request', 'instanceId is not valid for this client');
	const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
	const scopes = requested.length > 0 ? requested : client.scopes;
	const denied = scopes.filter((scope) => !client.scopes.includes(scope));
	if (denied.length > 0)
		return oauthError(ctx, 'invalid_scope', `Scope not allowed: ${denied.join(' ')}`);
	const claims: Record<string, string> = { instanceId: client.instanceId };
	if (client.provider) claims.partnerId = client.provider;
	const issued = env.tokens.issue('pageup', client.clientId, scopes, claims, TOKEN_TTL_SECONDS);
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
