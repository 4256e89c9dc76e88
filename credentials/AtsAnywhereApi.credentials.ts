import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * One client account of the background-check provider (the n8n user): the account ID and API
 * secret the provider issued to that client. ATS Anywhere sends them as HTTP Basic on every call
 * to the provider's package-list and order URLs; the trigger checks them. The same pair can sign
 * the status webhook back to the ATS when the ATS asks for it.
 *
 * There is nothing remote to test a provider-issued pair against, so the nodes check it locally
 * (`testedBy: atsAnywhereApiTest`).
 */
export class AtsAnywhereApi implements ICredentialType {
	name = 'atsAnywhereApi';

	displayName = 'ATS Anywhere API';

	icon: Icon = { light: 'file:../icons/atsanywhere.svg', dark: 'file:../icons/atsanywhere.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-background-checks/n8n-nodes-background-checks#ats-anywhere';

	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			placeholder: 'ACCT123',
			description:
				'The client account ID you issued to this ATS Anywhere client. ATS Anywhere sends it as the HTTP Basic user name (and as account_id in orders).',
			required: true,
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The API secret you issued to this client, sent as the HTTP Basic password. Use a long random value.',
			required: true,
		},
	];

	/** Used only when the status update is set to authenticate with this account. */
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.accountId}}',
				password: '={{$credentials.apiSecret}}',
			},
		},
	};
}
