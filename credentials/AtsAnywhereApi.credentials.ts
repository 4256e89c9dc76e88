import { createHmac } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

// The class comes first: the test harness instantiates a credential file's first export.

/**
 * The client accounts of a background-check provider (the n8n user). ATS Anywhere sends a client
 * account's Account ID and API Secret as HTTP Basic on every call to the provider's package-list and
 * order URLs; one credential verifies every client account:
 * - derived secrets (default): an account's secret is HMAC-SHA256(master secret, account id) in
 *   base64url, so any account verifies without a list and nothing per client is stored;
 * - list: the account id / secret pairs, one per line.
 */
export class AtsAnywhereApi implements ICredentialType {
	name = 'atsAnywhereApi';

	displayName = 'ATS Anywhere API';

	icon: Icon = {
		light: 'file:../icons/atsanywhere.svg',
		dark: 'file:../icons/atsanywhere.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-background-checks/n8n-nodes-background-checks/blob/main/docs/ats-anywhere.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Client Accounts',
			name: 'mode',
			type: 'options',
			options: [
				{
					name: 'Derived Secrets',
					value: 'derived',
					description:
						"Each account's API secret is computed from one master secret and the account ID; onboard clients with the ATS Anywhere node's Account > Create Credentials",
				},
				{
					name: 'List',
					value: 'list',
					description: 'The account ID and API secret pairs, one per line',
				},
			],
			default: 'derived',
		},
		{
			displayName: 'Master Secret',
			name: 'masterSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"A long random value (at least 16 characters; 32+ recommended). Every client's API secret is HMAC-SHA256 of its account ID under this key: changing it changes every client's secret.",
			displayOptions: { show: { mode: ['derived'] } },
		},
		{
			displayName: 'Revoked Account IDs',
			name: 'revokedAccountIds',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'ACCT123\nACCT456',
			description: 'Accounts that must no longer get in, one per line (or separated by commas)',
			displayOptions: { show: { mode: ['derived'] } },
		},
		{
			displayName: 'Account Secrets',
			name: 'accountSecrets',
			type: 'string',
			typeOptions: { password: true, rows: 5 },
			default: '',
			required: true,
			placeholder: 'ACCT123:a-long-random-secret',
			description:
				'One client account per line as ACCOUNT_ID:API_SECRET (the account ID cannot contain a colon). Remove a line to revoke that account.',
			displayOptions: { show: { mode: ['list'] } },
		},
	];

	/**
	 * Signs a status update with one client account: the request names the account as its Basic
	 * user name and the credential supplies that account's secret.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const accountId = requestOptions.auth?.username ?? '';
		const secret = atsAccounts(credentials).secretFor(accountId);
		if (!secret) throw new Error('The ATS Anywhere credential has no API secret for this account');
		return { ...requestOptions, auth: { username: accountId, password: secret } };
	}
}

export const ATS_CREDENTIAL_TYPE = 'atsAnywhereApi';

export type AtsSecretMode = 'derived' | 'list';

/** Shortest master secret accepted: a derived secret is only as strong as the key. */
export const MIN_MASTER_SECRET_LENGTH = 16;

/** The API secret of `accountId` in derived mode (base64url: safe in HTTP Basic and in URLs). */
export function deriveApiSecret(masterSecret: string, accountId: string): string {
	return createHmac('sha256', masterSecret).update(accountId, 'utf8').digest('base64url');
}

/** Account ids typed one per line or separated by commas. */
export function accountIdList(text: unknown): string[] {
	if (typeof text !== 'string') return [];
	return text
		.split(/[\r\n,]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Problems with an account id itself (HTTP Basic cannot carry a colon in the user name). */
export function accountIdProblems(accountId: string): string[] {
	const problems: string[] = [];
	if (accountId.trim() === '') problems.push('Account ID is empty');
	if (accountId.includes(':'))
		problems.push('Account ID must not contain a colon (HTTP Basic cannot carry it)');
	if (accountId !== accountId.trim()) problems.push('Account ID starts or ends with a space');
	return problems;
}

export interface AtsAccounts {
	mode: AtsSecretMode;
	/** Why the credential cannot verify anything (every request is then refused). */
	problems: string[];
	/** Lines of the account list that were skipped (by line number: a line holds a secret); the others work. */
	warnings: string[];
	/** List mode: the account ids that can be verified (never their secrets). Derived mode: none. */
	listed: string[];
	/** The secret the account must present, or undefined when the account is unknown or revoked. */
	secretFor(accountId: string): string | undefined;
	revoked(accountId: string): boolean;
}

/**
 * Parses the list mode's "ACCOUNT_ID:API_SECRET" lines; the secret may itself contain colons. A malformed
 * line is skipped with a warning and the other accounts work; an account id on two lines is refused (which
 * secret is meant cannot be told) until one of them is removed.
 */
function parseAccountLines(text: unknown): {
	pairs: Map<string, string>;
	problems: string[];
	warnings: string[];
} {
	const pairs = new Map<string, string>();
	const firstLine = new Map<string, number>();
	const repeated = new Set<string>();
	const warnings: string[] = [];
	const lines = typeof text === 'string' ? text.split(/\r?\n/) : [];
	lines.forEach((line, index) => {
		const trimmed = line.trim();
		if (trimmed === '' || trimmed.startsWith('#')) return;
		const separator = trimmed.indexOf(':');
		const accountId = separator < 0 ? trimmed : trimmed.slice(0, separator).trim();
		const secret = separator < 0 ? '' : trimmed.slice(separator + 1).trim();
		// Line numbers only: the line itself holds a secret.
		if (!accountId || !secret) {
			warnings.push(`Account Secrets line ${index + 1} is not ACCOUNT_ID:API_SECRET (skipped)`);
		} else if (firstLine.has(accountId)) {
			repeated.add(accountId);
			warnings.push(
				`Account Secrets line ${index + 1} repeats the account id of line ${firstLine.get(accountId)} (that account is refused until one line remains)`,
			);
		} else {
			firstLine.set(accountId, index + 1);
			pairs.set(accountId, secret);
		}
	});
	for (const accountId of repeated) pairs.delete(accountId);
	const problems =
		pairs.size > 0
			? []
			: [warnings.length ? 'Account Secrets has no usable line' : 'Account Secrets is empty'];
	return { pairs, problems, warnings };
}

/** What the credential verifies; never throws, a misconfiguration shows as `problems`. */
export function atsAccounts(data: ICredentialDataDecryptedObject | undefined): AtsAccounts {
	const mode: AtsSecretMode = data?.mode === 'list' ? 'list' : 'derived';
	if (mode === 'list') {
		const { pairs, problems, warnings } = parseAccountLines(data?.accountSecrets);
		return {
			mode,
			problems,
			warnings,
			listed: [...pairs.keys()],
			secretFor: (accountId) => (problems.length ? undefined : pairs.get(accountId)),
			revoked: () => false,
		};
	}
	const masterSecret = typeof data?.masterSecret === 'string' ? data.masterSecret : '';
	const revoked = new Set(accountIdList(data?.revokedAccountIds));
	const problems: string[] = [];
	if (masterSecret.length < MIN_MASTER_SECRET_LENGTH) {
		problems.push(`Master Secret must be at least ${MIN_MASTER_SECRET_LENGTH} characters long`);
	}
	return {
		mode,
		problems,
		warnings: [],
		listed: [],
		secretFor: (accountId) =>
			problems.length || revoked.has(accountId) || accountIdProblems(accountId).length
				? undefined
				: deriveApiSecret(masterSecret, accountId),
		revoked: (accountId) => revoked.has(accountId),
	};
}
