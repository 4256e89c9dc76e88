import nock from 'nock';

import { deliverWebhook, PACKAGE_NAME } from '../../../harness';
import { isPackageNode, nodesOfType } from '../../../harness/examples';
import { loadExample, runExample } from './example-runner';
import { AUTH, credentials, SEED_PACKAGE_LIST, seedOrder } from './fixtures';
import { deliverAndAnswer } from './n8n-answer';

/**
 * What example 2 does, run in-process. That it is importable and uses only parameters the nodes
 * define is checked for every example in test/workflow/examples.test.ts.
 */

const CREDENTIAL_REF = { atsAnywhereApi: { id: 'sandbox-ats', name: 'ATS Anywhere sandbox' } };

const workflow = loadExample();
const ours = workflow.nodes.filter(isPackageNode);
const trigger = ours.find((node) => node.type === `${PACKAGE_NAME}.atsAnywhereTrigger`)!;
const statusUpdate = ours.find((node) => node.name === 'Send the result to the ATS')!;

describe('examples/2-ats-anywhere-orders.json', () => {
	test('is the ATS Anywhere example; orders: trigger -> case -> accept -> status update; onboarding: manual -> accounts -> credentials', () => {
		expect(workflow.id).toBe('ex2AtsAnywhere01');
		expect(workflow.name).toMatch(/ATS Anywhere/);
		expect(workflow.connections).toEqual({
			'ATS Anywhere Trigger': { main: [[{ node: 'Create the case', type: 'main', index: 0 }]] },
			'Create the case': { main: [[{ node: 'Accept the order', type: 'main', index: 0 }]] },
			'Accept the order': {
				main: [[{ node: 'Send the result to the ATS', type: 'main', index: 0 }]],
			},
			'Onboard new clients': { main: [[{ node: 'New client accounts', type: 'main', index: 0 }]] },
			'New client accounts': {
				main: [[{ node: 'Create client credentials', type: 'main', index: 0 }]],
			},
		});
		// The workflow decides (the default), and the trigger's package fields start with ID.
		expect(trigger.parameters.responseMode).toBe('workflowAccepted');
		const packages = (trigger.parameters.packages as { package: Array<Record<string, unknown>> })
			.package;
		for (const entry of packages) expect(Object.keys(entry)[0]).toBe('id');
		expect(nodesOfType(workflow, 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(2);
	});

	test("the trigger uses the sandbox credential and offers the seed's packages", async () => {
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
		expect(statusUpdate.parameters).toMatchObject({
			resource: 'statusUpdate',
			operation: 'send',
			authentication: 'none',
		});
		expect(String(statusUpdate.parameters.resultLinkUrl)).toMatch(/^=https:\/\//);
		expect(statusUpdate.credentials).toBeUndefined();
	});

	describe('runs (in-process, Code node stand-in)', () => {
		beforeAll(() => nock.disableNetConnect());
		afterEach(() => nock.cleanAll());

		test('an order becomes one execution that posts the seed-shaped status webhook', async () => {
			const bodies: unknown[] = [];
			nock('https://api.applicant-tracking.com')
				.post('/yourco_webhooks', (body) => bodies.push(body) > 0)
				.reply(503, { error_message: 'busy' }, { 'Retry-After': '0' })
				.post('/yourco_webhooks', (body) => bodies.push(body) > 0)
				.reply(200, { received: true });
			const delivered = await deliverAndAnswer(
				async () =>
					await deliverWebhook(
						{ type: 'atsAnywhereTrigger', parameters: trigger.parameters },
						{ method: 'POST', headers: AUTH, body: seedOrder() },
						{ credentials },
					),
				async (items) => await runExample(items, { credentials }),
			);
			expect(delivered.response.statusCode).toBe(201);
			expect(delivered.response.body).toEqual({
				background_check_id: '224466',
				message: 'Order accepted',
			});
			const run = delivered.run!;
			expect(run.errorOf('Send the result to the ATS')).toBeUndefined();
			const expected = {
				background_check_id: '224466',
				status: 'complete',
				result: 'Pass',
				result_link_url: 'https://screening.example.com/background_checks/CASE-224466/results',
			};
			expect(bodies).toEqual([expected, expected]);
			expect(run.output('Send the result to the ATS')[0].json).toMatchObject({
				sent: expected,
				attempts: 2,
			});
			// The stand-in for the case system passes on IDs only.
			expect(JSON.stringify(run.output('Create the case'))).not.toContain('888-555-1234');
		});

		test('a case system that fails before the Answer step: the ATS gets 500 with an error_message, and the retry runs again', async () => {
			const staticData = {};
			const failing = seedOrder({
				background_check_id: '990001',
				applicant: { ...(seedOrder().applicant as object), last_name: 'Unavailable' },
			});
			const send = async () =>
				await deliverAndAnswer(
					async () =>
						await deliverWebhook(
							{ type: 'atsAnywhereTrigger', parameters: trigger.parameters },
							{ method: 'POST', headers: AUTH, body: failing },
							{ credentials, staticData },
						),
					async (items) => await runExample(items, { credentials, staticData }),
				);
			const first = await send();
			expect(first.run?.errorOf('Create the case')?.message).toContain(
				'The case system is unavailable',
			);
			expect(first.response.statusCode).toBe(500);
			expect(first.response.body).toEqual({
				error_message:
					'The order could not be processed: the provider workflow failed before accepting it. Please send it again later.',
			});
			const retry = await send();
			expect(retry.items).toHaveLength(1);
			expect(retry.run).toBeDefined();
			expect(retry.response.statusCode).toBe(500);
		});
	});
});
