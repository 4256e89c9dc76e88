/**
 * The project's own lint rules (`npm run lint:project`). eslint.config.mjs must stay @n8n/node-cli's default, byte
 * for byte ("strict": true), and `npm run lint:n8n` runs it on what ships (package.json, nodes/, credentials/).
 * This config adds what that one does not:
 * - the tests drive the nodes, so they get n8n's community-node rules too, in the variant without n8n Cloud's
 *   restrictions (tests may use timers, `process` and Node's modules);
 * - files under credentials/ import nothing from nodes/ (credentials depend only on n8n-workflow; nodes import
 *   a vendor's URLs from its credential, never the reverse).
 * sandbox/, scripts/ and bench/ are development tools that run servers and processes; `npm run typecheck` checks
 * them. Formatting is prettier's (`npm run format:check`).
 */
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	{
		ignores: [
			'dist/**',
			'build/**',
			'.runtime/**',
			'coverage/**',
			'sandbox/**',
			'scripts/**',
			'bench/**',
			// Linted by eslint.config.mjs (npm run lint:n8n).
			'nodes/**',
			'package.json',
		],
	},
	...configWithoutCloudSupport,
	{
		// Stand-ins of n8n's own nodes (If, Switch) are not tools; the real-n8n suites start n8n as a process.
		files: ['test/**/*.ts', 'harness/**/*.ts'],
		rules: {
			'@n8n/community-nodes/node-usable-as-tool': 'off',
		},
	},
	{
		files: ['test/e2e/**/*.ts', 'test/soak/**/*.ts', 'test/abuse/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-dangerous-functions': 'off',
		},
	},
	{
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
];
