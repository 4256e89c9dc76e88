import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// Self-hosted rule set. The one rule switched off forbids runtime dependencies; this package
// needs fast-xml-parser, zod and luxon by design (see README, "Why three runtime dependencies").
export default [
	...configWithoutCloudSupport,
	{
		rules: {
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
];
