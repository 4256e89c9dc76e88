import type { INodeProperties } from 'n8n-workflow';

import * as createCredentials from './createCredentials.operation';

export { createCredentials };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Create Credentials',
				value: 'createCredentials',
				description: 'Give a new client account its Account ID and API Secret (onboarding)',
				action: 'Create client credentials',
			},
		],
		default: 'createCredentials',
	},
	// The credential is always needed here; this hidden value lets one credential entry cover both uses.
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'hidden',
		default: 'accountCredential',
		displayOptions: { show: { resource: ['account'] } },
	},
	...createCredentials.description,
];
