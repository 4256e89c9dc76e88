import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { atsAccounts } from '../../../credentials/AtsAnywhereApi.credentials';

/** Problems that would make the credential refuse every client; empty when it is usable. */
export function credentialProblems(data: ICredentialsDecrypted['data']): string[] {
	return atsAccounts(data).problems;
}

/** Lines of the account list that are skipped (the other accounts work). */
export function credentialWarnings(data: ICredentialsDecrypted['data']): string[] {
	return atsAccounts(data).warnings;
}

/**
 * The secrets are issued by the provider itself, so there is no remote service to ask: the test
 * checks that the credential can verify client accounts at all. Messages never echo a secret.
 */
export async function atsAnywhereApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const accounts = atsAccounts(credential.data);
	if (accounts.problems.length)
		return { status: 'Error', message: [...accounts.problems, ...accounts.warnings].join('; ') };
	// Usable, but say which lines are skipped: the test is where the user looks.
	if (accounts.warnings.length)
		return {
			status: 'Error',
			message: `The other accounts work; ${accounts.warnings.join('; ')}`,
		};
	return {
		status: 'OK',
		message:
			accounts.mode === 'list'
				? 'The account list can verify HTTP Basic from your clients'
				: 'The master key can derive and verify client secrets',
	};
}
