import type { RequestContext, SandboxEnv } from './context';
import type { Vendor } from './faults';
import { basicCredentials, isForm, sendJson } from './http';

/** A client the token endpoint knows: its secret and the scopes it may be granted. */
export interface OAuthClient {
	clientId: string;
	clientSecret: string;
	scopes: string[];
}

export interface ClientCredentialsGrant<C extends OAuthClient> {
	vendor: Vendor;
	/** The client registered under an id, if any. */
	client: (clientId: string) => C | undefined;
	/** A vendor's own check of the form once the client is known: `[error, description]` refuses it. */
	check?: (form: URLSearchParams, client: C) => [string, string] | undefined;
	/** Claims the token carries (PageUp's instanceId and partner id). */
	claims?: (client: C) => Record<string, string>;
	ttlSeconds: number;
}

function oauthError(ctx: RequestContext, error: string, description: string): void {
	sendJson(
		ctx.res,
		400,
		{ error, error_description: description },
		{ 'Cache-Control': 'no-store' },
	);
}

/**
 * An OAuth2 client-credentials token endpoint, as IdentityServer answers it (PageUp's and Choice's both
 * are): the client authenticates by form fields or a Basic header, the scopes asked for must be granted
 * to it (none asked: all of them), and errors are RFC 6749 `{error, error_description}` with HTTP 400.
 */
export async function issueClientCredentialsToken<C extends OAuthClient>(
	ctx: RequestContext,
	env: SandboxEnv,
	grant: ClientCredentialsGrant<C>,
): Promise<void> {
	if (!isForm(ctx.req))
		return oauthError(
			ctx,
			'invalid_request',
			'Content-Type must be application/x-www-form-urlencoded',
		);
	const form = new URLSearchParams((await ctx.body()).toString('utf8'));
	const grantType = form.get('grant_type');
	if (!grantType) return oauthError(ctx, 'invalid_request', 'grant_type is missing');
	const basic = basicCredentials(ctx.req.headers.authorization);
	const clientId = form.get('client_id') ?? basic?.user;
	const clientSecret = form.get('client_secret') ?? basic?.pass;
	const client = clientId ? grant.client(clientId) : undefined;
	if (!client || client.clientSecret !== clientSecret)
		return oauthError(ctx, 'invalid_client', 'Unknown client or wrong secret');
	if (grantType !== 'client_credentials')
		return oauthError(ctx, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
	const refused = grant.check?.(form, client);
	if (refused) return oauthError(ctx, ...refused);
	const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
	const scopes = requested.length > 0 ? requested : client.scopes;
	const denied = scopes.filter((scope) => !client.scopes.includes(scope));
	if (denied.length > 0)
		return oauthError(ctx, 'invalid_scope', `Scope not allowed: ${denied.join(' ')}`);
	const claims = grant.claims?.(client) ?? {};
	const issued = env.tokens.issue(grant.vendor, client.clientId, scopes, claims, grant.ttlSeconds);
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
