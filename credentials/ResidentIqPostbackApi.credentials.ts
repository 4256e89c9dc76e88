import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The user ID and password ResidentIQ's postbacks carry back to the ResidentIQ Trigger. ResidentIQ → Report →
 * Create sends them with the order (as `x:postback_userId` / `x:postback_password`, or in the Postback URL), and
 * the trigger checks them. They are not the client location's API login. Tested by the ResidentIQ nodes
 * (`testedBy`): nothing at RIQ can check them, so the test says whether both are filled in.
 */
export class ResidentIqPostbackApi implements ICredentialType {
	name = 'residentIqPostbackApi';

	displayName = 'ResidentIQ Postback API';

	icon: Icon = { light: 'file:../icons/residentiq.svg', dark: 'file:../icons/residentiq.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-background-checks/n8n-nodes-background-checks/blob/main/docs/residentiq.md';

	properties: INodeProperties[] = [
		{
			displayName:
				'A user ID and password you choose (a long random password): each order sends them to ResidentIQ, and its postbacks must bring them back.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Postback User ID',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Postback Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];
}
