import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CredentialTestContext } from 'n8n-core';
import { DateTime } from 'luxon';
import type {
	ICredentialTestFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { deliverWebhook, loadOptions, loadPackage, PACKAGE_NAME, runNode } from '../../../harness';
import { withCredentials } from './fixtures';
import { demoCredentials, startSandbox, type RunningSandbox } from '../../../sandbox/server';

/** The ResidentIQ nodes against the running sandbox (real HTTP and the sandbox's own postbacks), not against nock. */

let sandbox: RunningSandbox;
let receiver: { server: Server; url: string };
const WEBHOOK_ID = '6b0f1c52-3a57-4d55-9a0e-6c2f7f5b9d11';

/** What reached the postback URL, and what the trigger made of it. */
interface Delivery {
	headers: IncomingMessage['headers'];
	rawBody: string;
	statusCode: number;
	items: INodeExecutionData[] | undefined;
}
let deliveries: Delivery[] = [];
let triggerParameters: INodeParameters = {};

function riqCredentials() {
	return {
		residentIqApi: {
			environment: 'custom',
			baseUrl: `${sandbox.url}/riq`,
			userId: demoCredentials.residentIq.userId,
			password: demoCredentials.residentIq.password,
		},
	};
}

interface Postback {
	status?: number;
	format: string;
	requestBody?: string;
	error?: string;
}

async function complete(orderId: string, decision?: string) {
	return await sandbox.admin.call<{ status: string; decision: string; postbacks: Postback[] }>(
		'POST',
		`/riq/orders/${orderId}/complete`,
		decision ? { decision } : {},
	);
}

// The ResidentIQ Postback credential of the pair and Basic-in-URL tests (the default needs none).
const POSTBACK_AUTH = { user: 'riq-postback', password: 'pb-Secret-7' };
const postbackUrl = () => `${receiver.url}/webhook/${WEBHOOK_ID}/riq-postback`;

function applicant(referenceId: string, ssn = '333221111'): INodeParameters {
	return {
		resource: 'report',
		operation: 'create',
		product: 'RIQ Standard',
		referenceId,
		firstName: 'Hank',
		lastName: "O'Brien & <Sons>",
		ssn,
		dateOfBirth: '1970-12-01',
		street: '2401 Mt Rushmore Rd, 311',
		city: 'Rapid City',
		state: 'SD',
		zip: '57701',
		phone: '800-867-5309',
		monthlyRent: 915,
		monthlyIncome: 8157,
	};
}

async function createOrder(parameters: INodeParameters): Promise<string> {
	const { items, error } = await runNode(
		{ type: 'residentIq', parameters },
		{ credentials: { ...riqCredentials(), residentIqPostbackApi: POSTBACK_AUTH } },
	);
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ status: 'pending', statusRaw: 'x:pending' });
	return items[0].json.orderId as string;
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, demoData: false });
	// Stands in for n8n's webhook server: hands each request to the trigger's webhook() and answers with its response.
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const headers: Record<string, string> = {};
			for (const [key, value] of Object.entries(req.headers))
				if (typeof value === 'string') headers[key] = value;
			void deliverWebhook(
				{
					type: 'residentIqTrigger',
					parameters: triggerParameters,
					settings: { webhookId: WEBHOOK_ID },
				},
				{ headers, body: rawBody },
				withCredentials({ ...riqCredentials(), residentIqPostbackApi: POSTBACK_AUTH }),
			).then(
				({ response, items }) => {
					deliveries.push({
						headers: req.headers,
						rawBody,
						statusCode: response.statusCode,
						items,
					});
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
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});

afterAll(async () => {
	await new Promise<void>((resolve) => receiver?.server.close(() => resolve()));
	await sandbox?.close();
});

beforeEach(async () => {
	await sandbox.admin.call('POST', '/reset', { demoData: false });
	// Orders complete only when the test says so: no waiting on timers.
	await sandbox.admin.call('PUT', '/riq/settings', { autoCompleteSeconds: null });
	deliveries = [];
	triggerParameters = {};
});

test("create with a postback URL, the sandbox's own postback through the trigger (default authentication, no header), then read the status", async () => {
	const orderId = await createOrder({ ...applicant('APP-SBX-1'), postbackUrl: postbackUrl() });
	const state = await sandbox.admin.call<{
		riq: {
			orders: Array<{ orderId: string; postbackUrl: string; applicant: { familyName: string } }>;
		};
	}>('GET', '/state');
	const order = state.riq.orders.find((entry) => entry.orderId === orderId);
	expect(order?.postbackUrl).toBe(postbackUrl());
	expect(order?.applicant.familyName).toBe("O'Brien & <Sons>");

	const done = await complete(orderId);
	// The sandbox sent its postback (form-encoded by default) and the trigger accepted it.
	expect(done.postbacks).toHaveLength(1);
	expect(done.postbacks[0]).toMatchObject({ format: 'form', status: 200 });
	expect(deliveries).toHaveLength(1);
	expect(deliveries[0].headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
	expect(deliveries[0].rawBody).toBe(done.postbacks[0].requestBody);
	expect(deliveries[0].headers.authorization).toBeUndefined();

	// Confirm With RIQ (the default) re-read /status: the item is RIQ's answer.
	const [item] = deliveries[0].items ?? [];
	expect(item.json).toMatchObject({
		orderId,
		referenceId: 'APP-SBX-1',
		status: 'ready',
		statusRaw: 'x:ready',
		decision: 'Accept',
		confirmed: true,
		postback: { orderId, status: 'ready', decision: 'Accept' },
	});
	expect(item.json.reportUrl).toMatch(new RegExp(`^${sandbox.url}/riq/reports/`));
	expect(JSON.stringify(deliveries[0].items)).not.toContain(demoCredentials.residentIq.password);

	const status = await runNode(
		{
			type: 'residentIq',
			parameters: { resource: 'report', operation: 'getStatus', orderId, reportType: 'full' },
		},
		{ credentials: riqCredentials() },
	);
	expect(status.error).toBeUndefined();
	expect(status.items[0].json).toMatchObject({
		orderId,
		status: 'ready',
		decision: 'Accept',
		decisionDescription: expect.stringContaining('meets the screening criteria'),
	});
	const page = await fetch(status.items[0].json.reportUrl as string);
	expect(page.status).toBe(200);
	expect(await page.text()).toContain(orderId);
});

test("raw-XML postbacks work too; with Confirm off the postback's content is emitted", async () => {
	await sandbox.admin.call('PUT', '/riq/settings', { postbackFormat: 'xml' });
	triggerParameters = { confirmWithRiq: false, authentication: 'none' };
	const orderId = await createOrder({
		...applicant('APP-SBX-2', '111223333'),
		postbackUrl: postbackUrl(),
	});
	const done = await complete(orderId);
	expect(done.postbacks[0]).toMatchObject({ format: 'xml', status: 200 });
	expect(deliveries[0].headers['content-type']).toMatch(/application\/xml/);
	expect(deliveries[0].items?.[0].json).toMatchObject({
		orderId,
		status: 'ready',
		decision: 'Decline',
		confirmed: false,
	});
});

test('the postback pair: Create sends it, the sandbox echoes it back, the trigger checks it', async () => {
	triggerParameters = { authentication: 'postbackPair' };
	const orderId = await createOrder({
		...applicant('APP-SBX-PAIR'),
		postbackUrl: postbackUrl(),
		postbackAuthentication: 'postbackPair',
	});
	const done = await complete(orderId);
	expect(done.postbacks[0]).toMatchObject({ status: 200 });
	expect(deliveries[0].headers.authorization).toBeUndefined();
	expect(deliveries[0].items?.[0].json).toMatchObject({ orderId, confirmed: true });
	expect(JSON.stringify(deliveries[0].items)).not.toContain(POSTBACK_AUTH.password);
	// An RIQ that does not echo the pair: every postback is refused (the risk the docs state).
	await sandbox.admin.call('PUT', '/riq/settings', { echoPostbackPair: false });
	const second = await createOrder({
		...applicant('APP-SBX-PAIR-2'),
		postbackUrl: postbackUrl(),
		postbackAuthentication: 'postbackPair',
	});
	expect((await complete(second)).postbacks[0]).toMatchObject({ status: 401 });
});

test('Basic Auth in the URL: an RIQ that does not turn userinfo into a header gets 401; one that does gets through', async () => {
	triggerParameters = { authentication: 'basicAuth' };
	const order = () =>
		createOrder({
			...applicant(`APP-SBX-URL-${deliveries.length}`),
			postbackUrl: postbackUrl(),
			postbackAuthentication: 'basicAuth',
		});
	const dropped = await complete(await order());
	expect(dropped.postbacks[0]).toMatchObject({ status: 401 });
	expect(deliveries[0].headers.authorization).toBeUndefined();
	await sandbox.admin.call('PUT', '/riq/settings', { postbackUserinfo: 'basic' });
	const sent = await complete(await order());
	expect(sent.postbacks[0]).toMatchObject({ status: 200 });
	expect(deliveries[1].items?.[0].json).toMatchObject({ confirmed: true });
});

test('a forged postback for a report the sandbox does not know starts nothing', async () => {
	const forged = `<BackgroundReports><BackgroundReportPackage><OrderId>999999</OrderId><ScreeningStatus><OrderStatus>x:ready</OrderStatus><OrderDecision>Accept</OrderDecision></ScreeningStatus></BackgroundReportPackage></BackgroundReports>`;
	const { response, items } = await deliverWebhook(
		{ type: 'residentIqTrigger', parameters: { authentication: 'none' } },
		{
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ request: forged }).toString(),
		},
		// This credential has confirmed reports before (the tests above): an unknown report is a forgery.
		{
			credentials: riqCredentials(),
			staticData: { 'node:ResidentIQ Trigger': { confirmedWithVendor: true } },
		},
	);
	expect(response.statusCode).toBe(404);
	expect(items).toBeUndefined();
});

test('link three reports, unlink one, read the group', async () => {
	const ids: string[] = [];
	for (const ref of ['APP-G1', 'APP-G2', 'APP-G3']) ids.push(await createOrder(applicant(ref)));
	const [a, b, c] = ids;
	const credentials = riqCredentials();

	const link = await runNode(
		{
			type: 'residentIq',
			parameters: { resource: 'group', operation: 'link', orderId: a, otherOrderIds: `${b}, ${c}` },
		},
		{ credentials },
	);
	expect(link.error).toBeUndefined();
	expect(link.items[0].json).toMatchObject({
		orderId: a,
		status: 'pending',
		linkedOrderIds: [b, c],
	});

	const members = {
		type: 'residentIq',
		parameters: { resource: 'group', operation: 'getMembers', orderId: b },
	};
	const before = await runNode(members, { credentials });
	expect(before.items[0].json).toMatchObject({ memberCount: 3, memberOrderIds: [a, b, c] });
	expect(before.items[0].json.groupId).toEqual(expect.any(String));

	const unlink = await runNode(
		{ type: 'residentIq', parameters: { resource: 'group', operation: 'unlink', orderIds: c } },
		{ credentials },
	);
	expect(unlink.items[0].json).toMatchObject({
		orderId: c,
		status: 'unlinked',
		statusRaw: 'x:unlinked',
	});

	const after = await runNode(members, { credentials });
	expect(after.items[0].json).toMatchObject({
		memberCount: 2,
		memberOrderIds: [a, b],
		groupId: before.items[0].json.groupId,
	});

	const outside = await runNode(
		{ type: 'residentIq', parameters: { ...members.parameters, orderId: c } },
		{ credentials },
	);
	expect(outside.error?.message).toMatch(/^ResidentIQ: Report \d+ is not part of a group \[4\]$/);
});

test("a new report can join a co-applicant's group at creation", async () => {
	const first = await createOrder(applicant('APP-C1'));
	const second = await createOrder({
		...applicant('APP-C2'),
		additionalFields: { linkToReport: first },
	});
	const { items } = await runNode(
		{
			type: 'residentIq',
			parameters: { resource: 'group', operation: 'getMembers', orderId: first },
		},
		{ credentials: riqCredentials() },
	);
	expect(items[0].json.memberOrderIds).toEqual([first, second]);
});

test('statistics for a valid window; a 61-day window never reaches the sandbox', async () => {
	const seeded: string[] = [];
	for (const [ssn, days] of [
		['333221111', 3],
		['111223333', 10],
		['333221111', 90],
	] as const) {
		const { orderId } = await sandbox.admin.call<{ orderId: string }>('POST', '/riq/orders', {
			ssn,
			createdDaysAgo: days,
			ready: true,
		});
		seeded.push(orderId);
	}
	const today = DateTime.utc();
	const { items, error } = await runNode(
		{
			type: 'residentIq',
			parameters: {
				resource: 'account',
				operation: 'getStatistics',
				startDate: today.minus({ days: 30 }).toISODate(),
				endDate: today.toFormat('MM-dd-yyyy'),
			},
		},
		{ credentials: riqCredentials() },
	);
	expect(error).toBeUndefined();
	expect(items.map((item) => item.json.reportNumber).sort()).toEqual([seeded[0], seeded[1]].sort());
	const adverse = items.find((item) => item.json.reportNumber === seeded[1])?.json;
	expect(adverse).toMatchObject({
		creditScore: 31,
		evictionCount: 1,
		evictions: [{ fileDate: '2/13/2019', fileDateIso: '2019-02-13' }],
		bankruptcyCount: 1,
		bankruptcies: [
			{ type: 'BankruptcyChapter7', courtName: 'US BKPT CT CO DENVER', status: 'Discharged' },
		],
	});

	const before = (await sandbox.admin.call<Array<{ route: string }>>('GET', '/requests')).filter(
		(entry) => entry.route === 'statistics',
	).length;
	const tooLong = await runNode(
		{
			type: 'residentIq',
			parameters: {
				resource: 'account',
				operation: 'getStatistics',
				startDate: today.minus({ days: 61 }).toISODate(),
				endDate: today.toISODate(),
			},
		},
		{ credentials: riqCredentials() },
	);
	expect(tooLong.error?.message).toBe(
		'The statistics window is 61 days; ResidentIQ allows at most 60',
	);
	const after = (await sandbox.admin.call<Array<{ route: string }>>('GET', '/requests')).filter(
		(entry) => entry.route === 'statistics',
	).length;
	expect(after).toBe(before);
});

test('decision, adverse-action letter as a file, document upload, products and the credential test', async () => {
	const orderId = await createOrder(applicant('APP-D1', '111223333'));
	await complete(orderId);
	const credentials = riqCredentials();

	const decision = await runNode(
		{
			type: 'residentIq',
			parameters: { resource: 'report', operation: 'setDecision', orderId, decision: 'Decline' },
		},
		{ credentials },
	);
	expect(decision.items[0].json).toMatchObject({ orderId, decision: 'Decline', success: true });

	const letters = await runNode(
		{
			type: 'residentIq',
			parameters: { resource: 'report', operation: 'getAdverseActionLetters', orderId },
		},
		{ credentials },
	);
	expect(letters.items[0].json).toMatchObject({
		letterCount: 1,
		letters: [{ binaryProperty: 'letter_0', fileName: `AAL_${orderId}_1.pdf` }],
	});
	const letter = letters.items[0].binary?.letter_0;
	expect(letter?.mimeType).toBe('application/pdf');
	expect(
		Buffer.from(letter?.data ?? '', 'base64')
			.subarray(0, 5)
			.toString(),
	).toBe('%PDF-');

	// The letter goes straight back as a supporting document: binary out, binary in.
	const upload = await runNode(
		{
			type: 'residentIq',
			parameters: {
				resource: 'report',
				operation: 'uploadDocuments',
				orderId,
				binaryPropertyNames: 'letter_0',
			},
		},
		{ credentials, items: letters.items.map((item) => ({ ...item, pairedItem: { item: 0 } })) },
	);
	expect(upload.error).toBeUndefined();
	const state = await sandbox.admin.call<{
		riq: {
			orders: Array<{
				orderId: string;
				documents: Array<{ name: string; via: string; fileType: string }>;
			}>;
		};
	}>('GET', '/state');
	expect(state.riq.orders.find((entry) => entry.orderId === orderId)?.documents).toEqual([
		{
			name: `AAL_${orderId}_1.pdf`,
			fileType: '3',
			bytes: Buffer.from(letter?.data ?? '', 'base64').length,
			via: 'upload',
		},
	]);

	const products = await loadOptions({ type: 'residentIq', parameters: {} }, 'getProducts', {
		credentials,
	});
	expect(products.map((product) => product.value)).toEqual([
		'RIQ Basic',
		'RIQ Standard',
		'RIQ Premium',
	]);

	const node = loadPackage().nodes.get(`${PACKAGE_NAME}.residentIq`) as INodeType;
	const test = node.methods?.credentialTest?.residentIqApiTest;
	const context = new CredentialTestContext() as unknown as ICredentialTestFunctions;
	const good = await test?.call(context, {
		id: '1',
		name: 'RIQ',
		type: 'residentIqApi',
		data: credentials.residentIqApi,
	});
	expect(good).toEqual({ status: 'OK', message: 'Connection successful: 3 product(s) available' });
	const bad = await test?.call(context, {
		id: '1',
		name: 'RIQ',
		type: 'residentIqApi',
		data: { ...credentials.residentIqApi, password: 'wrong-password' },
	});
	expect(bad).toEqual({
		status: 'Error',
		message:
			'Unable to identify the client location: invalid userId or password (RIQ error code 2)',
	});
});

test('group decision, scoring models (drop-down and Create), income verification against the sandbox', async () => {
	const credentials = riqCredentials();
	const models = await loadOptions(
		{ type: 'residentIq', parameters: { resource: 'report', operation: 'create' } },
		'getScoringModels',
		{ credentials },
	);
	expect(models.map((model) => model.value)).toEqual(['default', 'Test Affordable']);

	const a = await createOrder({
		...applicant('APP-G1'),
		scoringModel: 'Test Affordable',
		additionalFields: { incomeVerification: true },
	});
	const b = await createOrder(applicant('APP-G2', '111223333'));
	const state = await sandbox.admin.call<{
		riq: {
			orders: Array<{
				orderId: string;
				scoringModel: string;
				additionalItems: Record<string, string[]>;
			}>;
		};
	}>('GET', '/state');
	const stored = state.riq.orders.find((entry) => entry.orderId === a);
	expect(stored?.scoringModel).toBe('Test Affordable');
	expect(stored?.additionalItems['x:income_verification']).toEqual(['true']);
	expect(stored?.additionalItems['x:monthly_income']).toEqual(['8157']);

	const unknownModel = await runNode(
		{ type: 'residentIq', parameters: { ...applicant('APP-G3'), scoringModel: 'Nope' } },
		{ credentials },
	);
	expect(unknownModel.error?.message).toMatch(/^ResidentIQ: Unknown scoring model "Nope"/);

	await complete(a);
	await complete(b);
	const group = await runNode(
		{
			type: 'residentIq',
			parameters: {
				resource: 'group',
				operation: 'setDecision',
				orderIds: `${a}, ${b}`,
				decision: 'Conditional-High',
			},
		},
		{ credentials },
	);
	expect(group.error).toBeUndefined();
	expect(group.items[0].json).toMatchObject({
		orderIds: [a, b],
		decision: 'Conditional-High',
		success: true,
	});
	const letters = await runNode(
		{
			type: 'residentIq',
			parameters: { resource: 'report', operation: 'getAdverseActionLetters', orderId: b },
		},
		{ credentials },
	);
	expect(letters.items[0].json).toMatchObject({ letterCount: 1 });
});

test('a report in x:error state: Get Status gives status "error"; the trigger emits it confirmed', async () => {
	const orderId = await createOrder({ ...applicant('APP-E1'), postbackUrl: postbackUrl() });
	const failed = await sandbox.admin.call<{ status: string; postbacks: Postback[] }>(
		'POST',
		`/riq/orders/${orderId}/fail`,
		{ description: 'Identity could not be verified' },
	);
	expect(failed.status).toBe('error');
	expect(failed.postbacks[0]).toMatchObject({ status: 200 });
	expect(deliveries[0].items?.[0].json).toMatchObject({
		orderId,
		status: 'error',
		confirmed: true,
		errorDescription: 'Identity could not be verified',
	});
	const status = await runNode(
		{
			type: 'residentIq',
			parameters: { resource: 'report', operation: 'getStatus', orderId, reportType: 'full' },
		},
		{ credentials: riqCredentials() },
	);
	expect(status.error).toBeUndefined();
	expect(status.items[0].json).toMatchObject({
		orderId,
		status: 'error',
		statusRaw: 'x:error',
		errorCode: '6',
		errorDescription: 'Identity could not be verified',
		reportUrl: null,
	});
});

test('the statistics window edges against the sandbox: 60 days pass, 61 are refused by RIQ itself too', async () => {
	const credentials = riqCredentials();
	const window = (endDate: string) => ({
		resource: 'account',
		operation: 'getStatistics',
		startDate: '2020-04-01',
		endDate,
	});
	const sixty = await runNode(
		{ type: 'residentIq', parameters: window('2020-05-31') },
		{ credentials },
	);
	expect(sixty.error).toBeUndefined();
	const requests = await sandbox.admin.call<Array<{ route: string; requestBody?: string }>>(
		'GET',
		'/requests',
	);
	expect(requests.filter((entry) => entry.route === 'statistics').length).toBeGreaterThan(0);
	// The node refuses 61 before sending; the sandbox (our reading of RIQ) refuses it as well.
	const direct = await fetch(`${sandbox.url}/riq/api/partner/statistics`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/xml' },
		body: `<BackgroundCheck userId="${demoCredentials.residentIq.userId}" password="${demoCredentials.residentIq.password}"><BackgroundSearchPackage action="decision"><Stats><StartDate>04-01-2020</StartDate><EndDate>06-01-2020</EndDate></Stats></BackgroundSearchPackage></BackgroundCheck>`,
	});
	expect(await direct.text()).toContain('The requested window is 61 days; the maximum is 60 days');
	const sixtyOne = await runNode(
		{ type: 'residentIq', parameters: window('2020-06-01') },
		{ credentials },
	);
	expect(sixtyOne.error?.message).toBe(
		'The statistics window is 61 days; ResidentIQ allows at most 60',
	);
});
