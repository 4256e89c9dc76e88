import { issueClientCredentialsToken } from './client-credentials';
import type { RequestContext, SandboxEnv } from './context';
import type { PageUpClient } from './pageup-model';

const TOKEN_TTL_SECONDS = 3600;

/** POST /connect/token: OAuth2 client credentials with instanceId and scopes, as IdentityServer answers it. */
export async function issuePageUpToken(
	ctx: RequestContext,
	env: SandboxEnv,
	clients: Map<string, PageUpClient>,
): Promise<void> {
	await issueClientCredentialsToken(ctx, env, {
		vendor: 'pageup',
		client: (clientId) => clients.get(clientId),
		check: (form, client) => {
			const instanceId = form.get('instanceId');
			if (!instanceId) return ['invalid_request', 'instanceId is missing'];
			if (instanceId !== client.instanceId)
				return ['invalid_request', 'instanceId is not valid for this client'];
			return undefined;
		},
		claims: (client) => ({
			instanceId: client.instanceId,
			...(client.provider ? { partnerId: client.provider } : {}),
		}),
		ttlSeconds: TOKEN_TTL_SECONDS,
	});
}
