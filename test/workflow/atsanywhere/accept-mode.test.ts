import { Workflow, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { chain, executeWorkflow, makeNode } from '../../../harness';
import { HarnessNodeTypes } from '../../../harness/node-types';
import { postOrder } from './deliver';
import { credentials, seedOrder, triggerSpec } from './fixtures';

const ACCEPTING: INodeParameters = { responseMode: 'workflowAccepted' };
const IMMEDIATELY: INodeParameters = { responseMode: 'immediately' };

function answerSpec(parameters: INodeParameters = {}) {
	return {
		type: 'atsAnywhere',
		name: 'Answer Order',
		parameters: { resource: 'order', operation: 'answer', ...parameters },
	};
}

/** What n8n evaluates from the orders webhook's description for this trigger configuration. */
function ordersResponseMode(parameters: INodeParameters): unknown {
	const nodeTypes = new HarnessNodeTypes();
	const node = makeNode(triggerSpec(parameters), credentials, 0);
	const workflow = new Workflow({
		id: 'w',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: true,
	});
	const description = nodeTypes
		.getByNameAndVersion(node.type)
		.description.webhooks?.find((webhook) => webhook.path === 'orders');
	return workflow.expression.getSimpleParameterValue(
		node,
		description?.responseMode as string,
		'webhook',
		{},
	);
}

/** Delivers the order and runs trigger -> nodes with the delivered item, as n8n would. */
async function deliverAndRun(
	specs: Array<Parameters<typeof makeNode>[0]>,
	staticData: IDataObject,
	order = seedOrder(),
) {
	const delivered = await postOrder(order, { parameters: ACCEPTING, staticData });
	const nodes = [
		makeNode(triggerSpec(ACCEPTING), credentials, 0),
		...specs.map((spec, i) => makeNode(spec, credentials, i + 1)),
	];
	const run = await executeWorkflow(nodes, chain(nodes), {
		mode: 'webhook',
		input: delivered.items ?? [],
		staticData,
		credentials,
	});
	return { delivered, run };
}

describe('Respond to Orders: "When the Workflow Has Accepted It"', () => {
	test('n8n is told to wait for the Answer step, with plain values (no expression to evaluate per request)', () => {
		expect(ordersResponseMode(ACCEPTING)).toBe('responseNode');
		// The default (issue 12): the workflow decides, so the ATS hears only what is true.
		expect(ordersResponseMode({})).toBe('responseNode');
		// In "immediately" mode the trigger answers before the workflow starts (see the tests below).
		expect(ordersResponseMode(IMMEDIATELY)).toBe('responseNode');
		const orders = new HarnessNodeTypes()
			.getByNameAndVersion(makeNode(triggerSpec({}), credentials, 0).type)
			.description.webhooks?.find((webhook) => webhook.path === 'orders');
		for (const value of Object.values(orders ?? {}))
			expect(String(value).startsWith('=')).toBe(false);
		expect(orders?.responseCode).toBe(201);
	});

	test('a valid order starts one execution and the trigger does not answer it', async () => {
		const staticData: IDataObject = {};
		const { response, items, result } = await postOrder(seedOrder(), {
			parameters: ACCEPTING,
			staticData,
		});
		expect(response.ended).toBe(false);
		expect(result.noWebhookResponse).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toEqual({
			...seedOrder(),
			authenticated_account_id: 'ACCT123',
			receivedAt: expect.any(String),
		});
		// Nothing is remembered yet: the workflow may still fail.
		expect(JSON.stringify(staticData)).not.toContain('224466');
	});

	test('invalid orders are still refused by the trigger itself', async () => {
		const { response, items } = await postOrder(seedOrder({ package_id: 'PKG999' }), {
			parameters: ACCEPTING,
		});
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({
			error_message: 'Invalid order: package_id "PKG999" is not a package this provider offers',
		});
		expect(items).toBeUndefined();
	});

	test('Answer (Accept) sends 201; the ATS retry then gets the same answer and starts nothing', async () => {
		const staticData: IDataObject = {};
		const { run } = await deliverAndRun([answerSpec({ answer: 'accept' })], staticData);
		expect(run.errorOf('Answer Order')).toBeUndefined();
		expect(run.responses).toEqual([
			{
				statusCode: 201,
				headers: {},
				body: { background_check_id: '224466', message: 'Order accepted' },
			},
		]);
		const out = run.output('Answer Order');
		expect(out).toHaveLength(1);
		expect(out[0].json).toEqual({
			...seedOrder(),
			authenticated_account_id: 'ACCT123',
			receivedAt: expect.any(String),
			atsAnswer: {
				sent: true,
				statusCode: 201,
				body: { background_check_id: '224466', message: 'Order accepted' },
				remembered: true,
			},
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });

		const retry = await postOrder(seedOrder(), { parameters: ACCEPTING, staticData });
		expect(retry.response.statusCode).toBe(201);
		expect(retry.response.body).toEqual({
			background_check_id: '224466',
			message: 'Order accepted',
		});
		expect(retry.items).toBeUndefined();
	});

	test('Answer (Reject) sends the error status and error_message; the retry runs again', async () => {
		const staticData: IDataObject = {};
		const reject = answerSpec({
			answer: 'reject',
			errorMessage: 'We could not open a case; please try again later',
			httpStatus: 503,
		});
		const { run } = await deliverAndRun([reject], staticData);
		expect(run.responses).toEqual([
			{
				statusCode: 503,
				headers: {},
				body: { error_message: 'We could not open a case; please try again later' },
			},
		]);
		expect(JSON.stringify(staticData)).not.toContain('224466');

		const retry = await postOrder(seedOrder(), { parameters: ACCEPTING, staticData });
		expect(retry.response.ended).toBe(false);
		expect(retry.items).toHaveLength(1);
	});

	test('a workflow that fails before answering is not remembered: the ATS can retry', async () => {
		const staticData: IDataObject = {};
		// Fails: the result link is not https.
		const failing = {
			type: 'atsAnywhere',
			name: 'Status',
			parameters: {
				resource: 'statusUpdate',
				operation: 'send',
				result: 'Pass',
				resultLinkUrl: 'http://insecure.example.com/r',
			},
		};
		const { run } = await deliverAndRun([failing, answerSpec()], staticData);
		expect(run.errorOf('Status')?.message).toContain('Result Link URL must be an https:// URL');
		expect(run.responses).toEqual([]);
		const retry = await postOrder(seedOrder(), { parameters: ACCEPTING, staticData });
		expect(retry.items).toHaveLength(1);
	});

	test('with a trigger that responds Immediately, Answer sends nothing (the ATS has its 201)', async () => {
		const staticData: IDataObject = {};
		const delivered = await postOrder(seedOrder(), { parameters: IMMEDIATELY, staticData });
		expect(delivered.response.statusCode).toBe(201);
		const nodes = [
			makeNode(triggerSpec(IMMEDIATELY), credentials, 0),
			makeNode(answerSpec({ answer: 'reject', errorMessage: 'x' }), credentials, 1),
		];
		const run = await executeWorkflow(nodes, chain(nodes), {
			mode: 'webhook',
			input: delivered.items ?? [],
			staticData,
			credentials,
		});
		expect(run.responses).toEqual([]);
		expect(run.output('Answer Order')[0].json.atsAnswer).toEqual({
			sent: false,
			reason: 'The ATS Anywhere Trigger responds immediately, so the ATS already got its 201',
		});
		// The first answer (201 from the trigger) is still what a retry gets.
		const retry = await postOrder(seedOrder(), { parameters: IMMEDIATELY, staticData });
		expect(retry.response.body).toEqual({
			background_check_id: '224466',
			message: 'Order received',
		});
	});

	test('Answer without a background check ID fails clearly', async () => {
		const staticData: IDataObject = {};
		const { run } = await deliverAndRun(
			[answerSpec({ backgroundCheckId: '={{ $json.not_there }}' })],
			staticData,
		);
		expect(run.errorOf('Answer Order')?.message).toBe(
			'Background Check ID is empty: map it from the order (background_check_id)',
		);
		expect(run.responses).toEqual([]);
	});
});
