import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import {
	ATS_CREDENTIAL_TYPE,
	accountIdProblems,
	atsAccounts,
} from '../../../../credentials/AtsAnywhereApi.credentials';
import { inputError } from '../../../shared/errors';

export const meta: OperationMeta = {
	name: 'Create Credentials',
	action: 'Create client credentials',
	description: 'Give a new client account its Account ID and API Secret (onboarding)',
	writes: true,
	agentLabel: 'Creating client credentials',
};

export const description: INodeProperties[] = [
	{
		displayName:
			"Returns the Account ID and API Secret to hand to a new client, derived from the credential's master key (Derived Secrets mode). The secret appears in this execution's data: send it to the client over a private channel, and consider not saving successful executions of the onboarding workflow.",
		name: 'createNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ACCT123',
		description:
			'Your ID for the new client account (any text without a colon). ATS Anywhere sends it as the HTTP Basic user name and as account_id in orders.',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const raw = this.getNodeParameter('accountId', itemIndex, '');
	const accountId =
		typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	const problems = accountIdProblems(accountId);
	if (problems.length)
		throw inputError(this.getNode(), `Credentials not created: ${problems.join('; ')}`, itemIndex);

	const accounts = atsAccounts(
		await this.getCredentials<ICredentialDataDecryptedObject>(ATS_CREDENTIAL_TYPE, itemIndex),
	);
	if (accounts.mode !== 'derived') {
		throw inputError(
			this.getNode(),
			'Credentials not created: the ATS Anywhere credential is in List mode',
			itemIndex,
			'In List mode you choose each secret yourself and add a line ACCOUNT_ID:API_SECRET to the credential. Switch the credential to Derived Secrets to create credentials here.',
		);
	}
	if (accounts.problems.length) {
		throw inputError(
			this.getNode(),
			`Credentials not created: ${accounts.problems.join('; ')}`,
			itemIndex,
		);
	}
	if (accounts.revoked(accountId)) {
		throw inputError(
			this.getNode(),
			`Credentials not created: account "${accountId}" is in the credential's Revoked Account IDs`,
			itemIndex,
		);
	}
	const apiSecret = accounts.secretFor(accountId);
	if (!apiSecret)
		throw inputError(
			this.getNode(),
			'Credentials not created: no secret could be derived',
			itemIndex,
		);
	return [
		{
			json: { account_id: accountId, api_secret: apiSecret, mode: 'derived' },
			pairedItem: { item: itemIndex },
		},
	];
}
