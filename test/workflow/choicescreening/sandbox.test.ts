import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INodeExecutionData,
	IDataObject,
	INodeParameters,
} from 'n8n-workflow';

import {
	CHOICE_PATHS,
	ChoiceScreeningApi,
	choiceUrls,
} from '../../../credentials/ChoiceScreeningApi.credentials';
import type { RunningSandbox } from '../../../sandbox/server';
import { demoCredentials, startSandbox } from '../../../sandbox/server';
import {
	chain,
	deliverWebhook,
	executeWorkflow,
	HarnessCredentialsHelper,
	loadOptions,
	makeNode,
	runNode,
} from '../../../harness';
import { SAMPLES, seedBody } from './fixtures';

/**
 * The Choice Screening nodes against the sandbox's Choice simulator: packages, an order with a returnUrl, the
 * completion callback delivered (over real HTTP) to the trigger's webhook handler, then status and report.
 */

const WEBHOOK_ID = '0b7e6d4c-2f1a-4e8b-9c3d-5a6b7c8d9e0f';

let sb: RunningSandbox;
let bridge: Server;
let bridgeUrl: string;
/** Each callback that reached the trigger: the response it gave and the items it started a workflow with. */
const deliveries: Array<{ statusCode: number; items?: INodeExecutionData[] }> = [];
/** The trigger's workflow static data across requests. */
const workflowStaticData: IDataObject = {};
let triggerParameters: INodeParameters = {};

function oauth() {
	const demo = demoCredentials.choiceScreening;
	return {
		choiceScreeningApi: {
			authentication: 'clientCredentials',
			environment: 'custom',
			baseUrl: `${sb.url}/choice`,
			tokenUrl: `${sb.url}/choice/connect/token`,
			clientId: demo.clientId,
			clientSecret: demo.clientSecret,
			scope: demo.scope,
		},
	};
}

function apiKey() {
	const demo = demoCredentials.choiceScreening;
	return {
		choiceScreeningApi: {
			authentication: 'apiKey',
			environment: 'custom',
			baseUrl: `${sb.url}/choice`,
			apiKey: demo.apiKey,
			apiKeyHeader: demo.apiKeyHeader,
		},
	};
}

/** What the sandbox sends with its callbacks (Basic, as arranged with Choice) as a Choice Screening Callback credential. */
function callbackCredentials() {
	const demo = demoCredentials.choiceScreening;
	return {
		choiceScreeningCallbackApi: { user: demo.callbackUser, password: demo.callbackPassword },
	};
}

const returnUrl = () => `${bridgeUrl}/webhook/${WEBHOOK_ID}/callback`;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, demoData: false });
	await sb.admin.call('PUT', '/choice/settings', { autoCompleteSeconds: null });
	// Stands in for n8n's webhook server: each request goes to the trigger's real webhook() and its answer goes back.
	bridge = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers = Object.fromEntries(
				Object.entries(req.headers).map(([key, value]) => [
					key,
					Array.isArray(value) ? value[0] : String(value),
				]),
			);
			deliverWebhook(
				{
					type: 'choiceScreeningTrigger',
					parameters: triggerParameters,
					settings: { webhookId: WEBHOOK_ID },
				},
				{ headers, body: Buffer.concat(chunks).toString('utf8') },
				// The workflow's static data, kept between requests as n8n keeps it.
				{ credentials: { ...oauth(), ...callbackCredentials() }, staticData: workflowStaticData },
			).then(
				({ response, items }) => {
					deliveries.push({ statusCode: response.statusCode, items });
					res.writeHead(response.statusCode, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify(response.body));
				},
				(error: Error) => {
					res.writeHead(500);
					res.end(error.message);
				},
			);
		});
	});
	await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
	bridgeUrl = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => bridge.close(resolve));
	await sb.close();
});

beforeEach(() => {
	deliveries.length = 0;
	triggerParameters = {};
});

test('the credential check (ping) passes in both authentication modes', async () => {
	// What n8n's credential tester does: preAuthentication, authenticate, then the test request.
	const credential = new ChoiceScreeningApi();
	const httpRequest = async (options: IHttpRequestOptions) => {
		const response = await fetch(options.url, {
			method: options.method,
			headers: options.headers as Record<string, string>,
			body: options.body as string,
		});
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		return await response.json();
	};
	for (const [mode, credentials] of [
		['oauth', oauth()],
		['apiKey', apiKey()],
	] as const) {
		const data: ICredentialDataDecryptedObject = {
			...credentials.choiceScreeningApi,
			accessToken: '',
		};
		Object.assign(
			data,
			await credential.preAuthentication.call({ helpers: { httpRequest } }, data),
		);
		expect(Boolean(data.accessToken)).toBe(mode === 'oauth');
		const request = await credential.authenticate(data, {
			url: `${choiceUrls(data).apiBaseUrl}${CHOICE_PATHS.ping}`,
			method: 'GET',
		});
		const answer = await httpRequest(request);
		expect(answer).toMatchObject({ message: 'pong', authenticatedBy: mode });
	}
});

test('Package: Get Many lists the packages, and the Item drop-down offers them', async () => {
	const { items, error } = await runNode(
		{
			type: 'choiceScreening',
			parameters: { resource: 'package', operation: 'getAll', returnAll: true },
		},
		{ credentials: oauth() },
	);
	expect(error).toBeUndefined();
	expect(items.map((item) => item.json.packageNumber)).toEqual(
		expect.arrayContaining(['101', '102', '103', '104', '105', '106', '107', '165']),
	);
	const options = await loadOptions({ type: 'choiceScreening' }, 'getPackages', {
		credentials: apiKey(),
	});
	expect(options).toContainEqual({
		name: 'County Criminal (103)',
		value: '103',
		description: 'County criminal search (needs stateCode and county)',
	});
});

test.each(SAMPLES)(
	'the seed sample %s, sent from the node fields, is accepted by the simulator',
	async (name, packageNumber, parameters) => {
		const { items, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'create', ...parameters },
			},
			{ credentials: apiKey() },
		);
		expect(error).toBeUndefined();
		const state = await sb.admin.call<{
			choice: { orders: Array<{ id: number; requests: unknown[] }> };
		}>('GET', '/state');
		const stored = state.choice.orders.find((entry) => String(entry.id) === items[0].json.orderId);
		expect(stored?.requests[0]).toEqual(seedBody(name, packageNumber));
	},
);

test('order -> completion callback into the trigger (confirmed with Choice) -> status -> report', async () => {
	triggerParameters = { confirmWithChoice: true };
	const created = await runNode(
		{
			type: 'choiceScreening',
			parameters: {
				resource: 'order',
				operation: 'create',
				firstName: 'JOHN',
				lastName: 'DOE',
				dateOfBirth: '1990-07-08',
				ssn: '123-45-6789',
				applicantFields: { middleName: 'SAMPLE' },
				items: {
					item: [
						{ itemType: 'PACKAGE', packageNumber: '103', stateCode: 'CO', county: 'ARAPAHOE' },
					],
				},
				trackingId: 'APP-SANDBOX-1',
				returnUrl: returnUrl(),
			},
		},
		{ credentials: oauth() },
	);
	expect(created.error).toBeUndefined();
	const orderId = String(created.items[0].json.orderId);
	expect(orderId).toMatch(/^\d+$/);
	expect(created.items[0].json).toMatchObject({
		trackingId: 'APP-SANDBOX-1',
		status: 'In Progress',
	});
	expect(created.items[0].json.submittedOrder).toMatchObject({ applicant: { ssn: '*****6789' } });

	// Choice completes the order and POSTs the order response to returnUrl; the trigger confirms and answers 200.
	const completed = await sb.admin.call<{ callbacks: Array<{ status?: number; url: string }> }>(
		'POST',
		`/choice/orders/${orderId}/complete`,
		{ result: 'Clear' },
	);
	expect(completed.callbacks).toHaveLength(1);
	expect(completed.callbacks[0]).toMatchObject({ status: 200, url: returnUrl() });
	expect(deliveries).toHaveLength(1);
	const emitted = deliveries[0].items?.[0].json as Record<string, unknown>;
	expect(emitted).toMatchObject({
		orderId,
		id: Number(orderId),
		status: 'Complete',
		result: 'Clear',
	});
	expect(emitted.callback).toMatchObject({ id: Number(orderId), status: 'Complete' });

	// The callback workflow: trigger output -> Get Report (what examples/4-choice-callback.json does).
	const credentials = oauth();
	const helper = new HarnessCredentialsHelper({ ...credentials });
	const trigger = makeNode(
		{
			type: 'choiceScreeningTrigger',
			name: 'Choice Screening Trigger',
			settings: { webhookId: WEBHOOK_ID },
		},
		credentials,
		0,
	);
	const report = makeNode(
		{
			type: 'choiceScreening',
			name: 'Get Report',
			parameters: { resource: 'order', operation: 'getReport', orderId: '={{ $json.orderId }}' },
		},
		credentials,
		1,
	);
	const run = await executeWorkflow([trigger, report], chain([trigger, report]), {
		credentialsHelper: helper,
		input: deliveries[0].items,
		mode: 'webhook',
	});
	expect(run.errorOf('Get Report')).toBeUndefined();
	const file = run.output('Get Report')[0];
	expect(file.json).toMatchObject({
		orderId,
		fileName: `choice-report-${orderId}.html`,
		mimeType: 'text/html',
	});
	const html = Buffer.from(String(file.binary?.data.data), 'base64').toString('utf8');
	expect(html).toContain(`Background Report #${orderId}`);
	expect(html).toContain('Clear');

	const status = await runNode(
		{ type: 'choiceScreening', parameters: { resource: 'order', operation: 'getStatus', orderId } },
		{ credentials: apiKey() },
	);
	expect(status.items[0].json).toMatchObject({
		orderId,
		status: 'Complete',
		trackingId: 'APP-SANDBOX-1',
		reportUrl: expect.stringContaining(`/${orderId}`),
		response: { result: 'Clear' },
	});
});

test('Add to Order and Order JSON mode, with a token that expired in between', async () => {
	const order = {
		order: {
			isNew: true,
			isConsent: false,
			applicant: { firstName: 'JANE', lastName: 'ROE', dob: { month: 2, day: 3, year: 1985 } },
			items: { item: [{ itemNumber: { type: 'PACKAGE', value: '107' }, stateCode: 'CO' }] },
		},
	};
	const helper = new HarnessCredentialsHelper({ ...oauth() });
	const created = await runNode(
		{
			type: 'choiceScreening',
			parameters: {
				resource: 'order',
				operation: 'create',
				orderInput: 'json',
				orderJson: JSON.stringify(order),
			},
		},
		{ credentials: oauth(), credentialsHelper: helper },
	);
	expect(created.error).toBeUndefined();
	const orderId = String(created.items[0].json.orderId);

	await sb.admin.call('POST', '/tokens/expire', { vendor: 'choice' });
	const added = await runNode(
		{
			type: 'choiceScreening',
			parameters: {
				resource: 'order',
				operation: 'addToOrder',
				orderId,
				firstName: 'JANE',
				lastName: 'ROE',
				dateOfBirth: '1985-02-03',
				items: { item: [{ itemType: 'PACKAGE', packageNumber: '102', stateCode: 'CO' }] },
			},
		},
		{ credentials: oauth(), credentialsHelper: helper },
	);
	expect(added.error).toBeUndefined();
	expect(helper.preAuthCalls.map((call) => call.expired)).toEqual([false, true]);
	const state = await sb.admin.call<{
		choice: { orders: Array<{ id: number; items: unknown[]; requests: unknown[] }> };
	}>('GET', '/state');
	const stored = state.choice.orders.find((entry) => entry.id === Number(orderId));
	expect(stored?.items).toHaveLength(2);
	// Sent as given, plus isNotifyOnComplete (always sent, false unless asked for).
	expect(stored?.requests[0]).toEqual({ order: { ...order.order, isNotifyOnComplete: false } });
});

test('an order request whose connection drops is sent once and reported as possibly created', async () => {
	await sb.admin.call('POST', '/faults/fail-next', {
		vendor: 'choice',
		route: 'order',
		count: 3,
		status: 'drop',
	});
	const before = await sb.admin.call<Array<{ route: string }>>('GET', '/requests');
	const { error } = await runNode(
		{
			type: 'choiceScreening',
			parameters: {
				resource: 'order',
				operation: 'create',
				firstName: 'JOHN',
				lastName: 'DOE',
				dateOfBirth: '1990-07-08',
				trackingId: 'APP-DROP-1',
				items: { item: [{ itemType: 'PACKAGE', packageNumber: '107', stateCode: 'CO' }] },
			},
		},
		{ credentials: apiKey() },
	);
	await sb.admin.call('DELETE', '/faults');
	const after = await sb.admin.call<Array<{ route: string }>>('GET', '/requests');
	const orderRequests = after.slice(before.length).filter((entry) => entry.route === 'order');
	expect(orderRequests).toHaveLength(1);
	expect(error?.message).toMatch(/may or may not have been created/);
	expect(String((error as { description?: string }).description)).toContain(
		'tracking ID "APP-DROP-1"',
	);
});

test('a callback Choice never sent (unknown order) is refused by the confirming trigger', async () => {
	triggerParameters = { confirmWithChoice: true };
	// The tests above confirmed orders with this credential: an order Choice does not know is a forgery.
	expect(workflowStaticData['node:Choice Screening Trigger']).toMatchObject({
		confirmedWithVendor: true,
	});
	const body = JSON.stringify({ id: 424242, status: 'Complete', result: 'Clear' });
	const demo = demoCredentials.choiceScreening;
	const basic = `Basic ${Buffer.from(`${demo.callbackUser}:${demo.callbackPassword}`).toString('base64')}`;
	const response = await fetch(returnUrl(), {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: basic },
		body,
	});
	expect(response.status).toBe(400);
	// Without the agreed credentials it is refused before anything else, and nothing starts either.
	const anonymous = await fetch(returnUrl(), {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body,
	});
	expect(anonymous.status).toBe(401);
	expect(deliveries).toEqual([
		{ statusCode: 400, items: undefined },
		{ statusCode: 401, items: undefined },
	]);
});

test('with non-default paths in the sandbox and the credential, order -> confirmed callback -> status -> report', async () => {
	const paths = {
		ping: '/v9/ping',
		packages: '/v9/catalog',
		order: '/v9/orders',
		orderStatus: '/v9/orders/{id}',
		orderReport: '/v9/reports/{id}',
	};
	await sb.admin.call('PUT', '/choice/settings', { paths });
	const credentials = {
		choiceScreeningApi: {
			...apiKey().choiceScreeningApi,
			pingPath: paths.ping,
			packagesPath: paths.packages,
			orderPath: paths.order,
			orderStatusPath: paths.orderStatus,
			reportPath: paths.orderReport,
		},
	};
	try {
		const packages = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'package', operation: 'getAll', returnAll: true },
			},
			{ credentials },
		);
		expect(packages.error).toBeUndefined();
		expect(packages.items.length).toBeGreaterThan(0);
		const created = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'create',
					firstName: 'JOHN',
					lastName: 'DOE',
					dateOfBirth: '1990-07-08',
					items: { item: [{ itemType: 'PACKAGE', packageNumber: '107', stateCode: 'CO' }] },
					returnUrl: returnUrl(),
				},
			},
			{ credentials },
		);
		expect(created.error).toBeUndefined();
		const orderId = String(created.items[0].json.orderId);
		await sb.admin.call('POST', `/choice/orders/${orderId}/complete`, { result: 'Clear' });
		// The bridge's trigger confirms with the oauth() credential, whose paths are the defaults: no longer served,
		// so the callback is still emitted, unconfirmed, naming the URL and the setting.
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0].items?.[0].json).toMatchObject({ orderId, confirmed: false });
		expect(String(deliveries[0].items?.[0].json.reason)).toContain('Order Status Path');
		const status = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getStatus', orderId },
			},
			{ credentials },
		);
		expect(status.items[0].json).toMatchObject({ orderId, status: 'Complete' });
		const report = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getReport', orderId, reportOutput: 'text' },
			},
			{ credentials },
		);
		expect(String(report.items[0].json.report)).toContain(`Background Report #${orderId}`);
	} finally {
		await sb.admin.call('PUT', '/choice/settings', {
			paths: {
				ping: '/api/v1/ping',
				packages: '/api/v1/packages',
				order: '/api/v1/order',
				orderStatus: '/api/v1/order/{id}',
				orderReport: '/api/v1/order/{id}/report',
			},
		});
	}
});
