import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { forgetInProcessLedgers } from '../../../nodes/shared/ledger';
import { deriveApiSecret } from '../../../credentials/AtsAnywhereApi.credentials';
import {
	atsDemoAccounts,
	demoCredentials,
	startSandbox,
	type RunningSandbox,
} from '../../../sandbox/server';
import { deliverWebhook, type WorkflowRun } from '../../../harness';
import { loadExample, runExample } from './example-runner';
import { SEED_PACKAGE_LIST } from './fixtures';
import { answerAsN8n } from './n8n-answer';

/**
 * The sandbox plays the ATS: it fetches the package list and places orders over real HTTP with
 * HTTP Basic, and receives the status webhook. The example workflow's trigger is served by a small
 * stand-in for n8n's webhook server (each request goes to the trigger's real webhook() through the
 * harness); the execution the trigger asks for is then run through n8n-core's WorkflowExecute.
 */

const WEBHOOK_ID = loadExample().nodes.find((node) =>
	node.type.endsWith('.atsAnywhereTrigger'),
)!.webhookId!;
/** As `npm start` imports it: Derived Secrets with the sandbox's master key. */
const credentials = {
	atsAnywhereApi: { mode: 'derived', masterSecret: demoCredentials.atsAnywhere.masterKey },
};

class N8nStandIn {
	url = '';

	/** Items of every execution the trigger started. */
	readonly started: INodeExecutionData[][] = [];

	/** Started by a trigger that answered itself ("Immediately"): run on demand, as n8n runs them after answering. */
	private readonly pending: INodeExecutionData[][] = [];

	/** Executions already run (the workflow answered the ATS, so it ran before the answer). */
	private readonly finished: WorkflowRun[] = [];

	readonly staticData: IDataObject = {};

	private server: Server | undefined;

	private readonly trigger = loadExample().nodes.find((node) =>
		node.type.endsWith('.atsAnywhereTrigger'),
	)!;

	async start() {
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((error: Error) => {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ message: error.message }));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook/${WEBHOOK_ID}`;
	}

	async stop() {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	/** Runs every execution the trigger started that has not run yet, and returns all of them since the last call. */
	async runStarted() {
		const runs = this.finished.splice(0);
		for (const items of this.pending.splice(0)) {
			runs.push(await runExample(items, { credentials, staticData: this.staticData }));
		}
		return runs;
	}

	reset() {
		this.started.length = 0;
		this.pending.length = 0;
		this.finished.length = 0;
		// The sandbox reset starts background_check_ids again: a fresh n8n process as well.
		forgetInProcessLedgers();
		for (const key of Object.keys(this.staticData)) delete this.staticData[key];
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const registered: Record<string, string> = {
			[`/webhook/${WEBHOOK_ID}/packages`]: 'GET',
			[`/webhook/${WEBHOOK_ID}/orders`]: 'POST',
		};
		if (registered[req.url ?? ''] !== req.method) {
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ message: 'This webhook is not registered' }));
			return;
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(req.headers))
			if (typeof value === 'string') headers[name] = value;
		const raw = Buffer.concat(chunks).toString('utf8');
		const delivered = await deliverWebhook(
			{
				type: 'atsAnywhereTrigger',
				name: this.trigger.name,
				parameters: this.trigger.parameters,
				settings: { webhookId: WEBHOOK_ID },
			},
			{ method: req.method as 'GET' | 'POST', headers, body: raw === '' ? undefined : raw },
			{ credentials, staticData: this.staticData },
		);
		const { response, items } = delivered;
		if (items) this.started.push(items);
		if (items && !response.ended) {
			// "responseNode": n8n runs the execution and answers with what the workflow decided.
			const run = await runExample(items, { credentials, staticData: this.staticData });
			this.finished.push(run);
			answerAsN8n(delivered, run);
		} else if (items) {
			this.pending.push(items);
		}
		if (!response.ended) throw new Error('the request was left unanswered');
		res.writeHead(response.statusCode, { ...response.headers, 'content-type': 'application/json' });
		res.end(JSON.stringify(response.body));
	}
}

interface AtsOrder {
	backgroundCheckId: string;
	webhookUrl: string;
	call: { status?: number };
	responseBody: unknown;
	accepted: boolean;
	problems: string[];
	webhooks: Array<{ body: unknown; httpStatus: number; accepted: boolean; errors: string[] }>;
}

let sandbox: RunningSandbox;
const n8n = new N8nStandIn();

async function atsState() {
	return (await sandbox.admin.call<{ ats: { orders: AtsOrder[] } }>('GET', '/state')).ats;
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, demoData: false });
	await n8n.start();
});

afterAll(async () => {
	await n8n.stop();
	await sandbox?.close();
});

beforeEach(async () => {
	await sandbox.admin.call('POST', '/reset', { demoData: false });
	await sandbox.admin.call('PUT', '/ats/provider', {
		packagesUrl: `${n8n.url}/packages`,
		ordersUrl: `${n8n.url}/orders`,
	});
	n8n.reset();
});

describe('ATS Anywhere against the sandbox ATS (example workflow 2)', () => {
	test("the ATS fetches the packages: the seed's list, no contract problems", async () => {
		const fetched = await sandbox.admin.call<{
			call: { status: number };
			body: unknown;
			problems: string[];
		}>('POST', '/ats/fetch-packages');
		expect(fetched.call.status).toBe(200);
		expect(fetched.problems).toEqual([]);
		expect(fetched.body).toEqual(SEED_PACKAGE_LIST);
		expect(n8n.started).toHaveLength(0);
	});

	test("the ATS places an order: 201, one execution, and the status webhook arrives in the seed's shape", async () => {
		const order = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {});
		expect(order.call.status).toBe(201);
		expect(order.accepted).toBe(true);
		expect(order.problems).toEqual([]);
		// The example's "Accept the order" step answered, after the case was created.
		expect(order.responseBody).toEqual({
			background_check_id: order.backgroundCheckId,
			message: 'Order accepted',
		});
		expect(n8n.started).toHaveLength(1);
		expect(n8n.started[0][0].json.webhook_url).toBe(order.webhookUrl);

		const [run] = await n8n.runStarted();
		expect(run.errorOf('Send the result to the ATS')).toBeUndefined();
		const state = await atsState();
		const webhooks = state.orders.find(
			(o) => o.backgroundCheckId === order.backgroundCheckId,
		)!.webhooks;
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({ httpStatus: 200, accepted: true, errors: [] });
		expect(webhooks[0].body).toEqual({
			background_check_id: order.backgroundCheckId,
			status: 'complete',
			result: 'Pass',
			result_link_url: `https://screening.example.com/background_checks/CASE-${order.backgroundCheckId}/results`,
		});
		expect(run.output('Send the result to the ATS')[0].json).toMatchObject({
			response: { statusCode: 200, body: { received: true } },
		});
	});

	test('the ATS retrying the same background_check_id gets the same 201 and starts nothing more', async () => {
		const first = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {});
		const retry = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {
			background_check_id: first.backgroundCheckId,
		});
		expect(retry.call.status).toBe(201);
		expect(retry.responseBody).toEqual(first.responseBody);
		expect(n8n.started).toHaveLength(1);
	});

	test('wrong Basic auth: 401 with error_message for orders and packages, no execution', async () => {
		await sandbox.admin.call('PUT', '/ats/provider', { apiSecret: 'not-the-issued-secret' });
		const order = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {});
		expect(order.call.status).toBe(401);
		expect(order.responseBody).toEqual({ error_message: 'Unauthorized' });
		expect(order.problems).toEqual(['order not accepted: HTTP 401']);
		const fetched = await sandbox.admin.call<{ call: { status: number } }>(
			'POST',
			'/ats/fetch-packages',
		);
		expect(fetched.call.status).toBe(401);
		expect(n8n.started).toHaveLength(0);
	});

	test('an order for a package not offered: non-201 with error_message, no execution', async () => {
		const order = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {
			package_id: 'PKG404',
		});
		expect(order.call.status).toBe(400);
		expect(order.responseBody).toEqual({
			error_message: 'Invalid order: package_id "PKG404" is not a package this provider offers',
		});
		expect(order.problems).toEqual(['order not accepted: HTTP 400']);
		expect(n8n.started).toHaveLength(0);
	});

	test('the status webhook is retried after the ATS answers 503', async () => {
		await sandbox.admin.call('POST', '/faults/fail-next', {
			vendor: 'ats',
			route: 'webhook',
			count: 1,
			status: 503,
			retryAfterSeconds: 0,
		});
		const order = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {});
		const [run] = await n8n.runStarted();
		expect(run.errorOf('Send the result to the ATS')).toBeUndefined();
		expect(run.output('Send the result to the ATS')[0].json.attempts).toBe(2);
		expect(order.call.status).toBe(201);
		const requests = await sandbox.admin.call<
			Array<{ vendor: string; route: string; status?: number }>
		>('GET', '/requests');
		expect(
			requests.filter((r) => r.vendor === 'ats' && r.route === 'webhook').map((r) => r.status),
		).toEqual([503, 200]);
		const webhooks = (await atsState()).orders.find(
			(o) => o.backgroundCheckId === order.backgroundCheckId,
		)!.webhooks;
		expect(webhooks.filter((w) => w.accepted)).toHaveLength(1);
	});

	test('several client accounts through the same two URLs, each with its own package view', async () => {
		const [first, second] = atsDemoAccounts();
		const globex = {
			accountId: 'GLOBEX-HR',
			apiSecret: deriveApiSecret(demoCredentials.atsAnywhere.masterKey, 'GLOBEX-HR'),
		};
		await sandbox.admin.call('PUT', '/ats/provider', { addAccounts: [globex] });
		for (const account of [first, second, globex]) {
			const fetched = await sandbox.admin.call<{ call: { status: number }; problems: string[] }>(
				'POST',
				'/ats/fetch-packages',
				{ account_id: account.accountId },
			);
			expect(fetched.call.status).toBe(200);
			expect(fetched.problems).toEqual([]);
		}
		const views = (
			await sandbox.admin.call<{
				ats: {
					packageViews: Record<
						string,
						{ packages: Array<{ id: string }>; add_on_packages: Array<{ id: string }> }
					>;
				};
			}>('GET', '/state')
		).ats.packageViews;
		expect(views[first.accountId]).toEqual(SEED_PACKAGE_LIST);
		expect(views[second.accountId]).toEqual(SEED_PACKAGE_LIST);
		// The example limits GLOBEX-HR to PKG002 and DRG02.
		expect(views['GLOBEX-HR'].packages.map((p) => p.id)).toEqual(['PKG002']);
		expect(views['GLOBEX-HR'].add_on_packages.map((p) => p.id)).toEqual(['DRG02']);

		const ordered = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {
			account_id: 'GLOBEX-HR',
			package_id: 'PKG002',
		});
		expect(ordered.call.status).toBe(201);
		const refused = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {
			account_id: 'GLOBEX-HR',
			package_id: 'PKG001',
		});
		expect(refused.call.status).toBe(400);
		expect(refused.responseBody).toEqual({
			error_message: 'Invalid order: package_id "PKG001" is not a package this account may order',
		});
		const other = await sandbox.admin.call<AtsOrder>('POST', '/ats/orders', {
			account_id: second.accountId,
			package_id: 'PKG001',
		});
		expect(other.call.status).toBe(201);
		expect(n8n.started.map((items) => items[0].json.authenticated_account_id)).toEqual([
			'GLOBEX-HR',
			second.accountId,
		]);
	});

	test('two identical orders sent at the same instant start one execution and both get its answer', async () => {
		const answers = await sandbox.admin.call<AtsOrder[]>('POST', '/ats/orders/concurrent', {
			count: 2,
		});
		expect(answers.map((o) => o.call.status)).toEqual([201, 201]);
		expect(answers[0].responseBody).toEqual({
			background_check_id: answers[0].backgroundCheckId,
			message: 'Order accepted',
		});
		expect(answers[1].responseBody).toEqual(answers[0].responseBody);
		expect(n8n.started).toHaveLength(1);
		const webhooks = (await atsState()).orders[0].webhooks;
		expect(webhooks).toHaveLength(1);
	});
});
