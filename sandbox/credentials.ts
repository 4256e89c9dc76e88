import { createHmac } from 'node:crypto';

import { z } from 'zod';

import rawCredentials from './demo-credentials.json';

/** The one file the sandbox, the tests and `npm start` read; validated so a typo fails at start, not mid-test. */
const demoCredentialsSchema = z.object({
	pageUp: z.object({
		tenantId: z.string().min(1),
		clientId: z.string().min(1),
		clientSecret: z.string().min(1),
		instanceId: z.string().min(1),
		provider: z.string().min(1),
		scope: z.string().min(1),
	}),
	// The provider's master key (Derived Secrets mode) and the client accounts the sandbox ATS has.
	atsAnywhere: z.object({
		masterKey: z.string().min(16),
		accountIds: z.array(z.string().min(1)).min(1),
	}),
	residentIq: z.object({ userId: z.string().min(1), password: z.string().min(1) }),
	choiceScreening: z.object({
		apiKey: z.string().min(1),
		apiKeyHeader: z.string().min(1),
		clientId: z.string().min(1),
		clientSecret: z.string().min(1),
		scope: z.string().min(1),
		/** Basic credentials the sandbox sends with its callbacks (what a client arranges with Choice). */
		callbackUser: z.string().min(1).default('sandbox-choice-callback'),
		callbackPassword: z.string().min(1).default('sandbox-choice-callback-password'),
	}),
});

export type DemoCredentials = z.infer<typeof demoCredentialsSchema>;

export const demoCredentials: DemoCredentials = demoCredentialsSchema.parse(rawCredentials);

export interface AtsClientAccount {
	accountId: string;
	apiSecret: string;
}

/**
 * The ATS client accounts with the secrets a provider in Derived Secrets mode hands out:
 * HMAC-SHA256(master key, account id), base64url (what its onboarding step returns).
 */
export function atsDemoAccounts(
	credentials: DemoCredentials = demoCredentials,
): AtsClientAccount[] {
	const { masterKey, accountIds } = credentials.atsAnywhere;
	return accountIds.map((accountId) => ({
		accountId,
		apiSecret: createHmac('sha256', masterKey).update(accountId, 'utf8').digest('base64url'),
	}));
}
