/**
 * Soak tests: example 1 in a real n8n against the sandbox with faults on (see docs/pageup.md).
 *   npx jest --config test/soak/jest.config.js        (npm run test:soak; wrap in `flock /tmp/n8n.lock`)
 * BGC_SOAK_CHECKS=10000 for the long run. BGC_E2E_NO_BUILD=1 skips `npm run build`.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/soak'],
	testMatch: ['**/*.soak.test.ts'],
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 900000,
};
