import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../../../harness';
import {
	SAMPLES,
	API,
	apiKeyCredentials,
	AUTH,
	errorText,
	mockOrder,
	mockToken,
	oauthCredentials,
	orderResponse,
	seedBody,
	seedSample,
} from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const base = { resource: 'order', operation: 'create' };
const john = { firstName: 'JOHN', lastName: 'DOE', dateOfBirth: '1990-07-08' };
const pkg = (packageNumber: string, extra: INodeParameters = {}) => ({
	item: [{ itemType: 'PACKAGE', packageNumber, ...extra }],
});

describe('Order: Create sends each seed sample order exactly', () => {
	test.each(SAMPLES)('%s, from the node fields', async (name, packageNumber, parameters) => {
		mockToken();
		const { bodies } = mockOrder();
		const { items, error } = await runNode(
			{ type: 'choiceScreening', parameters: { ...base, ...parameters } },
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(bodies).toHaveLength(1);
		expect(bodies[0]).toStrictEqual(seedBody(name, packageNumber));
		expect(items[0].json.orderId).toBe('1234567');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test.each(SAMPLES)('%s, from Order JSON', async (name, packageNumber) => {
		mockToken();
		const { bodies } = mockOrder();
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					...base,
					orderInput: 'json',
					orderJson: JSON.stringify(seedSample(name, packageNumber)),
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(bodies[0]).toStrictEqual(seedBody(name, packageNumber));
	});

	test('Order JSON mapped from the input item with an expression (object, bare order)', async () => {
		mockToken();
		const { bodies } = mockOrder();
		const withoutIsNew: Record<string, unknown> = { ...seedSample('credit', '104').order };
		delete withoutIsNew.isNew;
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { ...base, orderInput: 'json', orderJson: '={{ $json.screening }}' },
			},
			{ credentials: oauthCredentials, items: [{ screening: withoutIsNew }] },
		);
		expect(error).toBeUndefined();
		// isNew is filled in from the operation, isNotifyOnComplete (false) added; nothing else.
		expect(bodies[0]).toStrictEqual(seedBody('credit', '104'));
	});

	test('every input item becomes its own order, paired with its item', async () => {
		mockToken();
		const bodies: Array<{ order: { trackingId: string } }> = [];
		nock(API)
			.post('/api/v1/order', (body) => {
				bodies.push(body);
				return true;
			})
			.times(2)
			.reply(200, () => orderResponse(1000 + bodies.length));
		const { items, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { ...base, ...john, trackingId: '={{ $json.app }}', items: pkg('101') },
			},
			{ credentials: oauthCredentials, items: [{ app: 'APP-1' }, { app: 'APP-2' }] },
		);
		expect(error).toBeUndefined();
		expect(bodies.map((b) => b.order.trackingId)).toEqual(['APP-1', 'APP-2']);
		expect(items.map((i) => [i.json.orderId, i.pairedItem])).toEqual([
			['1001', { item: 0 }],
			['1002', { item: 1 }],
		]);
	});

	test('the order options are sent only when set', async () => {
		mockToken();
		const { bodies } = mockOrder();
		await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					...base,
					...john,
					isConsent: true,
					isNotifyOnComplete: true,
					trackingId: ' APP-77 ',
					returnUrl: 'https://n8n.example.com/webhook/abc/callback',
					applicantFields: {
						sex: 'F',
						consentApplicantEmail: 'jane@example.com',
						consentCompanyCopyEmail: 'hr@example.com',
						sendCopyTo: 'hr@example.com',
					},
					items: {
						item: [
							{
								itemType: 'Product',
								productNumber: '165',
								stateCode: 'co',
								itemOptions: {
									employerId: '12345',
									aliasFirstName: 'JACK',
									packageProducts: '[{"productNumber":"1003","stateCode":"CO"}]',
								},
							},
						],
					},
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(bodies[0]).toStrictEqual({
			order: {
				isNew: true,
				isConsent: true,
				isNotifyOnComplete: true,
				trackingId: 'APP-77',
				returnUrl: 'https://n8n.example.com/webhook/abc/callback',
				applicant: {
					firstName: 'JOHN',
					lastName: 'DOE',
					dob: { month: 7, day: 8, year: 1990 },
					sex: 'F',
					consent: { applicantEmail: 'jane@example.com', companyCopyEmail: 'hr@example.com' },
					email: { sendCopyTo: 'hr@example.com' },
				},
				items: {
					item: [
						{
							itemNumber: { type: 'Product', value: '165' },
							stateCode: 'CO',
							employerId: '12345',
							alias: { firstName: 'JACK' },
							packageProducts: { packageProduct: [{ productNumber: '1003', stateCode: 'CO' }] },
						},
					],
				},
			},
		});
	});
});

describe('Order: Add to Order', () => {
	test('sends isNew false with the existing order id, from the fields', async () => {
		mockToken();
		const { bodies } = mockOrder(() => [200, orderResponse(7654321)]);
		const { items, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'addToOrder',
					orderId: '7654321',
					...john,
					items: pkg('107', { stateCode: 'CO' }),
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(bodies[0]).toStrictEqual({
			order: {
				isNew: false,
				id: 7654321,
				isConsent: false,
				isNotifyOnComplete: false,
				applicant: { firstName: 'JOHN', lastName: 'DOE', dob: { month: 7, day: 8, year: 1990 } },
				items: { item: [{ itemNumber: { type: 'PACKAGE', value: '107' }, stateCode: 'CO' }] },
			},
		});
		expect(items[0].json.orderId).toBe('7654321');
	});

	test('in Order JSON mode the id comes from the Order ID parameter or the JSON', async () => {
		mockToken();
		const { bodies } = mockOrder();
		const { order } = seedBody('eviction', '107');
		const rest: Record<string, unknown> = { ...order };
		delete rest.isNew;
		const fromParameter = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'addToOrder',
					orderInput: 'json',
					orderId: '555',
					orderJson: JSON.stringify({ order: rest }),
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(fromParameter.error).toBeUndefined();
		expect(bodies[0]).toStrictEqual({ order: { ...rest, isNew: false, id: 555 } });

		mockOrder();
		const fromJson = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'addToOrder',
					orderInput: 'json',
					orderJson: JSON.stringify({ order: { ...order, isNew: false, id: 556 } }),
				},
			},
			{ credentials: oauthCredentials, credentialsHelper: fromParameter.credentials },
		);
		expect(fromJson.error).toBeUndefined();
		expect(bodies).toHaveLength(1);
	});

	test('needs only the order id and the items: an empty applicant is not sent', async () => {
		mockToken();
		const { bodies } = mockOrder(() => [200, orderResponse(7654321)]);
		const { error, items } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'addToOrder',
					orderId: '7654321',
					items: pkg('102'),
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(bodies[0]).toStrictEqual({
			order: {
				isNew: false,
				id: 7654321,
				isConsent: false,
				isNotifyOnComplete: false,
				items: { item: [{ itemNumber: { type: 'PACKAGE', value: '102' } }] },
			},
		});
		expect(items[0].json.orderId).toBe('7654321');
	});

	test('Create still requires the applicant', async () => {
		const order = nock(API).post('/api/v1/order').reply(200, orderResponse(1));
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'create',
					orderInput: 'json',
					orderJson: {
						order: {
							isConsent: false,
							items: { item: [{ itemNumber: { type: 'PACKAGE', value: '102' } }] },
						},
					},
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(error?.message).toContain('applicant is required');
		expect(order.isDone()).toBe(false);
	});

	test('without an order id nothing is sent', async () => {
		const order = nock(API).post('/api/v1/order').reply(200, orderResponse(1));
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'addToOrder',
					...john,
					items: pkg('107', { stateCode: 'CO' }),
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(error?.message).toContain('id is required for Add to Order');
		expect(order.isDone()).toBe(false);
	});
});

describe('the order is never sent twice automatically', () => {
	const params = { ...base, ...john, ssn: '123456789', items: pkg('101') };

	test('a POST that times out after sending: exactly one request, and a clear error naming the tracking ID', async () => {
		mockToken();
		let posts = 0;
		nock(API)
			.post('/api/v1/order', () => {
				posts++;
				return true;
			})
			.times(3)
			.delay(3000)
			.reply(200, orderResponse(1));
		const { error, items } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { ...params, trackingId: 'APP-9', options: { timeout: 0.2 } },
			},
			{ credentials: oauthCredentials },
		);
		expect(items).toHaveLength(0);
		expect(posts).toBe(1);
		expect(error?.message).toMatch(/may or may not have been created/);
		expect(String((error as { description?: string }).description)).toContain(
			'tracking ID "APP-9"',
		);
		expect(errorText(error)).not.toContain('123456789');
	});

	test('a refused connection (nothing reached Choice) is not reported as a possible order', async () => {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		await new Promise((resolve) => server.close(resolve));
		nock.enableNetConnect('127.0.0.1');
		try {
			const { error } = await runNode(
				{ type: 'choiceScreening', parameters: params },
				{
					credentials: {
						choiceScreeningApi: {
							...apiKeyCredentials.choiceScreeningApi,
							environment: 'custom',
							baseUrl: `http://127.0.0.1:${port}`,
						},
					},
				},
			);
			expect(error?.message).toBe('Choice Screening: could not reach the service');
			expect((error as { description?: string }).description).toBe(
				'Connection error: ECONNREFUSED',
			);
		} finally {
			nock.disableNetConnect();
		}
	});

	test('a token failure before the POST is an authentication error, not a possible order', async () => {
		nock(AUTH).post('/connect/token').times(2).reply(503, 'unavailable');
		const order = nock(API).post('/api/v1/order').reply(200, orderResponse(1));
		const { error } = await runNode(
			{ type: 'choiceScreening', parameters: params },
			{ credentials: oauthCredentials },
		);
		expect(order.isDone()).toBe(false);
		expect(error?.message).toMatch(
			/^Choice Screening: could not get an access token: the token request was refused \(HTTP 503\)/,
		);
		expect(error?.message).not.toMatch(/may or may not/);
	});

	test('a 503 answer to the POST is not retried either', async () => {
		mockToken();
		let posts = 0;
		nock(API)
			.post('/api/v1/order', () => {
				posts++;
				return true;
			})
			.times(3)
			.reply(503, { message: 'service unavailable' });
		const { error } = await runNode(
			{ type: 'choiceScreening', parameters: params },
			{ credentials: oauthCredentials },
		);
		expect(posts).toBe(1);
		expect(error?.message).toMatch(/may or may not have been created \(Choice answered HTTP 503\)/);
		expect(String((error as { description?: string }).description)).toMatch(/Set a Tracking ID/);
	});

	test('429 (Choice did not take it) is retried after its Retry-After, and one order results', async () => {
		mockToken();
		let posts = 0;
		nock(API)
			.post('/api/v1/order', () => ++posts > 0)
			.reply(429, { message: 'slow down' }, { 'Retry-After': '0' })
			.post('/api/v1/order', () => ++posts > 0)
			.reply(200, orderResponse(42));
		const { error, items } = await runNode(
			{ type: 'choiceScreening', parameters: params },
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(posts).toBe(2);
		expect(items[0].json.orderId).toBe('42');
	});

	test("Choice's validation error (HTTP 400) is reported with its message, personal data removed", async () => {
		mockToken();
		mockOrder(() => [
			400,
			{
				errors: { 'order.applicant.ssn': ['SSN 123-45-6789 is not valid for this package'] },
				ssn: '123456789',
			},
		]);
		const { error } = await runNode(
			{ type: 'choiceScreening', parameters: params },
			{ credentials: oauthCredentials },
		);
		expect(error?.message).toContain('order.applicant.ssn');
		expect(error?.message).not.toMatch(/may or may not/);
		expect(errorText(error)).not.toMatch(/123-45-6789|123456789/);
	});

	test('an error reported inside an HTTP 200 answer fails the item', async () => {
		mockToken();
		mockOrder(() => [
			200,
			{ order: { id: 0, isError: true, message: 'Package 101 is not available to this account' } },
		]);
		const { error } = await runNode(
			{ type: 'choiceScreening', parameters: params },
			{ credentials: oauthCredentials },
		);
		expect(error?.message).toBe(
			'Choice Screening: the order was not accepted: Package 101 is not available to this account',
		);
	});

	test('with Continue On Fail the failure becomes an error item paired with its input', async () => {
		mockToken();
		mockOrder(() => [200, { success: false, errors: ['Unknown package'] }]);
		const { error, items } = await runNode(
			{ type: 'choiceScreening', parameters: params, settings: { continueOnFail: true } },
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				// n8n keeps the message as the json and the whole error on the item, which is what routes it
				// to the error output under "Continue (using error output)".
				json: { error: 'Choice Screening: the order was not accepted: Unknown package' },
				pairedItem: { item: 0 },
				error: expect.objectContaining({
					message: 'Choice Screening: the order was not accepted: Unknown package',
					description:
						'Choice Screening answered HTTP 200 but did not accept the order. Correct it and send it again.',
				}),
			},
		]);
	});
});

describe('personal data in the output', () => {
	const params = {
		...base,
		...john,
		ssn: '123456789',
		applicantFields: { driversLicenseNumber: 'A987654321' },
		items: pkg('105', { stateCode: 'CO' }),
	};
	const echo = {
		order: {
			id: 9,
			status: 'Pending',
			applicant: {
				firstName: 'JOHN',
				lastName: 'DOE',
				ssn: '123456789',
				dob: { month: 7, day: 8, year: 1990 },
			},
		},
	};

	test('is masked by default: SSN and licence to the last four, date of birth hidden', async () => {
		mockToken();
		mockOrder(() => [200, echo]);
		const { items } = await runNode(
			{ type: 'choiceScreening', parameters: params },
			{ credentials: oauthCredentials },
		);
		const json = items[0].json as {
			response: { order: { applicant: Record<string, unknown> } };
			submittedOrder: { applicant: Record<string, unknown> };
		};
		expect(json.submittedOrder.applicant).toMatchObject({
			ssn: '*****6789',
			dob: '***',
			driversLicenseNumber: '******4321',
		});
		expect(json.response.order.applicant).toMatchObject({ ssn: '*****6789', dob: '***' });
		expect(JSON.stringify(items)).not.toMatch(/123456789|A987654321|1990/);
	});

	test('is shown in full when masking is turned off', async () => {
		mockToken();
		mockOrder(() => [200, echo]);
		const { items } = await runNode(
			{ type: 'choiceScreening', parameters: { ...params, options: { maskPersonalData: false } } },
			{ credentials: oauthCredentials },
		);
		const json = items[0].json as { submittedOrder: { applicant: Record<string, unknown> } };
		expect(json.submittedOrder.applicant).toMatchObject({
			ssn: '123456789',
			dob: { month: 7, day: 8, year: 1990 },
			driversLicenseNumber: 'A987654321',
		});
	});
});
