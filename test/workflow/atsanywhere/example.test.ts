import nock from 'nock';

import { deliverWebhook, PACKAGE_NAME } from '../../harness';
import { isPackageNode, nodesOfType } from '../../harness/examples';
import { loadExample, runExample } from './example-runner';
import { AUTH, credentials, SEED_PACKAGE_LIST, seedOrder } from './fixtures';

/**
 * What example 2 does, run in-process. That it is importable and uses only parameters the nodes
 * define is checked for every example in test/workflow/examples.test.ts.
 */

const CREDENTIAL_REF = { atsAnywhereApi: { id: 'sandbox-ats', name: 'ATS Anywhere sandbox' } };

const workflow = loadExample();
const ours = workflow.nodes.filter(isPackageNode);
const trigger = ours.find((node) => node.type === `${PACKAGE_NAME}.atsAnywhereTrigger`)!;
const statusUpdate = ours.find((node) => node.type === `${PACKAGE_NAME}.atsAnywhere`)!;

describe('examples/2-ats-anywhere-orders.json', () => {
	test('is the ATS Anywhere example; the flow is trigger -> case -> status update', () => {
		expect(workflow.id).toBe('ex2AtsAnywhere01');
		expect(workflow.name).toMatch(/ATS Anywhere/);
		expect(workflow.connections).toEqual({
			'ATS Anywhere Trigger': { main: [[{ node: 'Create the case', type: 'main', index: 0 }]] },
			'Create the case': { main: [[{ node: 'Send the result to the ATS', type: 'main', index: 0 }]] },
		});
		expect(nodesOfType(workflow, 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(2);
	});

	test('the trigger uses the sandbox credential and offers the seed\'s packages', async () => {
		expect(trigger.credentials).toEqual(CREDENTIAL_REF);
		const { response } = await deliverWebhook(
			{ type: 'atsAnywhereTrigger', parameters: trigger.parameters },
			{ method: 'GET', headers: AUTH },
			{ credentials },
		);
		expect(response.statusCode).toBe(200);
		expect(JSON.stringify(response.body)).toBe(JSON.stringify(SEED_PACKAGE_LIST));
	});

	test('the status update sends an https result link and needs no credential (authentication None)', () => {
		expect(statusUpdate.parameters).toMatchObject({ resource: 'statusUpdate', operation: 'send', authentication: 'none' });
		expect(String(statusUpdate.parameters.resultLinkUrl)).toMatch(/^=https:\/\//);
		expect(statusUpdate.credentials).toBeUndefined();
	});

	describe('runs (in-process, Code node stand-in)', () => {
		beforeAll(() => nock.disableNetConnect());
		afterEach(() => nock.cleanAll());
		afterAll(() => {
			nock.enableNetConnect();
			nock.restore();
		});

		test('an order becomes one execution that posts the seed-shaped status webhook', async () => {
			const bodies: unknown[] = [];
			nock('https://api.applicant-tracking.com')
				.post('/yourco_webhooks', (body) => bodies.push(body) > 0)
				.reply(503, { error_message: 'busy' }, { 'Retry-After': '0' })
				.post('/yourco_webhooks', (body) => bodies.push(body) > 0)
				.reply(200, { received: true });
			const delivered = await deliverWebhook(
				{ type: 'atsAnywhereTrigger', parameters: trigger.parameters },
				{ method: 'POST', headers: AUTH, body: seedOrder() },
				{ credentials },
			);
			expect(delivered.response.statusCode).toBe(201);
			const run = await runExample(delivered.items ?? [], { credentials });
			expect(run.errorOf('Send the result to the ATS')).toBeUndefined();
			const expected = {
				background_check_id: '224466',
				status: 'complete',
				result: 'Pass',
				result_link_url: 'https://screening.example.com/background_checks/CASE-224466/results',
			};
			expect(bodies).toEqual([expected, expected]);
			expect(run.output('Send the result to the ATS')[0].json).toMatchObject({ sent: expected, attempts: 2 });
			// The stand-in for the case system passes on IDs only.
			expect(JSON.stringify(run.output('Create the case'))).not.toContain('888-555-1234');
		});
	});
});
