/**
 * The examples in n8n queue mode (PostgreSQL, Redis, main, one webhook process, two workers):
 *   npx jest --config test/e2e/jest.queue.config.js        (npm run test:queue)
 * The same assertions as the regular e2e run (examples.e2e.test.ts with BGC_QUEUE=1), plus queue.e2e-queue.test.ts:
 * proof that workers ran the executions and the webhook process took the webhooks, and what holds across processes.
 */
const base = require('./jest.config.js');

module.exports = {
	...base,
	testMatch: ['**/examples.e2e.test.ts', '**/*.e2e-queue.test.ts'],
	setupFiles: ['<rootDir>/test/e2e/queue-env.ts'],
};
