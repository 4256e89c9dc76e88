import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	// The community-node rules apply to what ships (nodes/, credentials/) and to the tests that drive it.
	// sandbox/ and scripts/ are development tools that run servers and processes, which those rules
	// forbid in nodes; they are type-checked by `npm run typecheck` instead.
	{
		ignores: [
			'dist/**',
			'build/**',
			'.runtime/**',
			'sandbox/**',
			'scripts/**',
			'bench/**',
			'coverage/**',
		],
	},
	...configWithoutCloudSupport,
	{
		// Credentials depend only on n8n-workflow: nodes import a vendor's URLs from its credential, never the reverse.
		files: ['credentials/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['../nodes', '../nodes/*', '**/nodes/**'],
							message:
								'Credentials must not import from nodes/ (keep shared values in the credential file).',
						},
					],
				},
			],
		},
	},
	{
		rules: {
			// This package needs fast-xml-parser, zod and luxon at runtime by design (see README).
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
];
