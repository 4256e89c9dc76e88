/**
 * End-to-end tests: a real n8n (scripts/runtime/) with the packed package and the sandbox.
 *   npx jest --config test/e2e/jest.config.js        (npm run test:e2e)
 * The first run installs Node 24 and n8n into .runtime/ (about 6 minutes); later runs reuse them.
 * BGC_E2E_NO_BUILD=1 skips `npm run build` (use dist/ as it is).
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	// One n8n at a time: each test file starts its own stack (fresh user folder, its own ports).
	maxWorkers: 1,
	testTimeout: 120000,
};
