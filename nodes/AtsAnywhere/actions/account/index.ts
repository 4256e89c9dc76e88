import { defineResource } from '../../../shared/registry';
import * as checkSetup from './checkSetup.operation';
import * as createCredentials from './createCredentials.operation';

export const account = defineResource('account', {
	name: 'Account',
	default: 'createCredentials',
	operations: { createCredentials, checkSetup },
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
