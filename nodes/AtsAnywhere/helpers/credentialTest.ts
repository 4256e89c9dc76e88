import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'atsAnywhereApi';

export interface AtsAnywhereCredentials {
	accountId: string;
	apiSecret: string;
}

/** Problems that would make a pair unusable for HTTP Basic; empty when it is fine. */
export function credentialProblems(data: Partial<Record<string, unknown>> | undefined): string[] {
	const accountId = typeof data?.accountId === 'string' ? data.accountId : '';
	const apiSecret = typeof data?.apiSecret === 'string' ? data.apiSecret : '';
	const problems: string[] = [];
	if (accountId.trim() === '') problems.push('Account ID is empty');
	if (accountId.includes(':')) problems.push('Account ID must not contain a colon (HTTP Basic cannot carry it)');
	if (accountId !== accountId.trim()) problems.push('Account ID starts or ends with a space');
	if (apiSecret === '') problems.push('API Secret is empty');
	return problems;
}

/**
 * The pair is issued by the provider itself, so there is no remote service to ask: the test checks
 * that it can be used for HTTP Basic at all.
 */
export async function atsAnywhereApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problems = credentialProblems(credential.data);
	if (problems.length) return { status: 'Error', message: problems.join('; ') };
	return { status: 'OK', message: 'The account ID and secret can be used for HTTP Basic' };
}
