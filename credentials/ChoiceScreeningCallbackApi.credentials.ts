import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * What Choice Screening sends with its callbacks, as agreed with Choice: a Basic Auth user and password, or a
 * header and its secret value. The Choice Screening Trigger's Authentication setting says which is checked.
 * Tested by the trigger (`testedBy`): nothing at Choice can check them, so the test says whether they are filled in.
 */
export class ChoiceScreeningCallbackApi implements ICredentialType {
	name = 'choiceScreeningCallbackApi';

	displayName = 'Choice Screening Callback API';

	icon: Icon = {
		light: 'file:../icons/choicescreening.svg',
		dark: 'file:../icons/choicescreening.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-background-checks/n8n-nodes-background-checks/blob/main/docs/choice-screening.md';

	properties: INodeProperties[] = [
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'For Basic Auth: the user name Choice sends',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For Basic Auth: the password Choice sends',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'X-Callback-Token',
			description: 'For Header Auth: the header Choice sends',
		},
		{
			displayName: 'Header Secret',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For Header Auth: its secret value ("Bearer <secret>" and the bare secret both match)',
		},
	];
}
