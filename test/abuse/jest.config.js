/**
 * Issue 15's abuse suite: hostile requests to the webhook triggers of a real n8n (scripts/runtime.ts) started with
 * the example workflows and the sandbox.
 *   npx jest --config test/abuse/jest.config.js        (npm run test:abuse; wrap in `flock /tmp/n8n.lock`)
 * Same setup as test/e2e (Node 24 and n8n cached in .runtime/, `npm run build` unless BGC_E2E_NO_BUILD=1).
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/abuse'],
	testMatch: ['**/*.abuse.test.ts'],
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 240000,
};
