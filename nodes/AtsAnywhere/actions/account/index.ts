import { defineResource } from '../../../shared/registry';
import * as createCredentials from './createCredentials.operation';

export const account = defineResource('account', {
	name: 'Account',
	operations: { createCredentials },
	properties: [
		// The credential is always needed here; this hidden value lets one credential entry cover both uses.
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'accountCredential',
			displayOptions: { show: { resource: ['account'] } },
		},
	],
});
