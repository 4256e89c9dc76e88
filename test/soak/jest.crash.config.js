/**
 * Crash suite: example 1 in a real n8n killed with SIGKILL mid-execution and started again (see docs/pageup.md).
 *   npx jest --config test/soak/jest.crash.config.js        (npm run test:crash; wrap in `flock /tmp/n8n.lock`)
 * BGC_CRASH_CHECKS sets the checks per moment (default 105). BGC_E2E_NO_BUILD=1 skips `npm run build`.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/soak'],
	testMatch: ['**/*.crash.test.ts'],
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 900000,
};
