import nock from 'nock';

import { loadOptions, runNode } from '../../../harness';
import { API, errorText, mockToken, oauthCredentials } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** The public status model's shape, with result records that echo personal data. */
const STATUS = {
	order: {
		id: 1234567,
		isError: false,
		isComplete: true,
		status: 'Complete',
		statusDateTime: '2026-11-20T05:27:48.1561984Z',
		applicant: { firstName: 'JOHN', middleName: 'SAMPLE', lastName: 'DOE', reference: '' },
		items: {
			item: [
				{
					Id: 5123456,
					line: 1,
					product: 'National Criminal Database',
					statusId: 3,
					statusText: 'Complete',
					contents: {
						response: {
							requestinformation: {
								inputs: { ssn: '123456789', dob: { year: 1990, month: 7, day: 8 } },
							},
						},
					},
				},
			],
		},
		reportUrl: 'https://api.choicescreening.com/report/abc',
	},
};

const HTML = '<html><body><h1>Report 1234567</h1><p>SSN: 123-45-6789</p></body></html>';

describe('Order: Get Status', () => {
	test('reads the order and masks personal data in the results', async () => {
		mockToken();
		nock(API).get('/api/v1/order/1234567').reply(200, STATUS);
		const { items, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getStatus', orderId: ' 1234567 ' },
			},
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.orderId).toBe('1234567');
		expect(items[0].json).toMatchObject({
			status: 'Complete',
			reportUrl: 'https://api.choicescreening.com/report/abc',
		});
		expect((items[0].json.response as typeof STATUS).order).toMatchObject({
			status: 'Complete',
			isComplete: true,
		});
		const inputs = (items[0].json.response as typeof STATUS).order.items.item[0].contents.response
			.requestinformation.inputs;
		expect(inputs).toEqual({ ssn: '*****6789', dob: '***' });
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('with masking off the results are as Choice sent them', async () => {
		mockToken();
		nock(API).get('/api/v1/order/1234567').reply(200, STATUS);
		const { items } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'getStatus',
					orderId: '1234567',
					options: { maskPersonalData: false },
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(items[0].json.response).toEqual(STATUS);
	});

	test('a read is retried after a 503', async () => {
		mockToken();
		nock(API)
			.get('/api/v1/order/77')
			.reply(503)
			.get('/api/v1/order/77')
			.reply(200, { order: { id: 77, status: 'Pending' } });
		const { items, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getStatus', orderId: '77' },
			},
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			orderId: '77',
			trackingId: null,
			status: 'Pending',
			response: { order: { id: 77, status: 'Pending' } },
		});
	});

	test('an unknown order is a clear error', async () => {
		mockToken();
		nock(API).get('/api/v1/order/999').reply(404, { message: 'Order 999 not found' });
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getStatus', orderId: '999' },
			},
			{ credentials: oauthCredentials },
		);
		expect(error?.message).toBe('Choice Screening: Order 999 not found');
	});

	test('an order id that is not a number is refused before any request', async () => {
		const api = nock(API).get(/.*/).reply(200, {});
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getStatus', orderId: '12/../packages' },
			},
			{ credentials: oauthCredentials },
		);
		expect(error?.message).toBe('Order ID must be the Choice order number (digits only)');
		expect(api.isDone()).toBe(false);
	});
});

describe('Order: Get Report', () => {
	test('returns the HTML report as a binary file', async () => {
		mockToken();
		nock(API)
			.get('/api/v1/order/1234567/report')
			.reply(200, HTML, { 'Content-Type': 'text/html; charset=utf-8' });
		const { items, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getReport', orderId: '1234567' },
			},
			{ credentials: oauthCredentials },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			orderId: '1234567',
			fileName: 'choice-report-1234567.html',
			mimeType: 'text/html',
			fileSize: Buffer.byteLength(HTML),
		});
		const file = items[0].binary?.data;
		expect(file).toMatchObject({ fileName: 'choice-report-1234567.html', mimeType: 'text/html' });
		expect(Buffer.from(String(file?.data), 'base64').toString('utf8')).toBe(HTML);
	});

	test('returns the report as text, SSN-shaped numbers masked unless turned off', async () => {
		mockToken();
		nock(API)
			.get('/api/v1/order/1234567/report')
			.times(2)
			.reply(200, HTML, { 'Content-Type': 'text/html' });
		const masked = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'getReport',
					orderId: '1234567',
					reportOutput: 'text',
				},
			},
			{ credentials: oauthCredentials },
		);
		expect(masked.items[0].json.report).toBe(HTML.replace('SSN: 123-45-6789', 'SSN: ***'));
		expect(masked.items[0].binary).toBeUndefined();
		const plain = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'getReport',
					orderId: '1234567',
					reportOutput: 'text',
					maskText: false,
				},
			},
			{ credentials: oauthCredentials, credentialsHelper: masked.credentials },
		);
		expect(plain.items[0].json.report).toBe(HTML);
	});

	test('a JSON answer instead of the report (not ready yet) is an error with its message', async () => {
		mockToken();
		nock(API)
			.get('/api/v1/order/1234567/report')
			.reply(
				200,
				{ message: 'The report is not available until the order is complete' },
				{ 'Content-Type': 'application/json' },
			);
		const { error, items } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getReport', orderId: '1234567' },
			},
			{ credentials: oauthCredentials },
		);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(
			'Choice Screening: The report is not available until the order is complete',
		);
	});
});

describe('Package: Get Many and the package list', () => {
	const PACKAGES = [
		{
			packageNumber: '102',
			name: 'State Criminal',
			description: 'Statewide criminal search',
			price: '19.95',
		},
		{
			packageNumber: '101',
			name: 'National/Federal Criminal',
			description: 'National and federal',
			price: '24.95',
		},
		{ packageNumber: 103, name: 'County Criminal' },
		{ name: 'No number, skipped in the drop-down' },
	];

	test('lists the packages, one item each, up to the limit', async () => {
		mockToken();
		nock(API).get('/api/v1/packages').times(2).reply(200, { packages: PACKAGES, total: 4 });
		const all = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'package', operation: 'getAll', returnAll: true },
			},
			{ credentials: oauthCredentials },
		);
		expect(all.items.map((item) => item.json)).toEqual(PACKAGES);
		const two = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'package', operation: 'getAll', limit: 2 },
			},
			{ credentials: oauthCredentials, credentialsHelper: all.credentials },
		);
		expect(two.items.map((item) => item.json.packageNumber)).toEqual(['102', '101']);
	});

	test('offers the packages in the Item drop-down, by name with their number', async () => {
		mockToken();
		nock(API).get('/api/v1/packages').reply(200, PACKAGES);
		const options = await loadOptions({ type: 'choiceScreening' }, 'getPackages', {
			credentials: oauthCredentials,
		});
		expect(options).toEqual([
			{ name: 'County Criminal (103)', value: '103' },
			{
				name: 'National/Federal Criminal (101)',
				value: '101',
				description: 'National and federal',
			},
			{ name: 'State Criminal (102)', value: '102', description: 'Statewide criminal search' },
		]);
	});

	test('an error inside a 200 answer is reported', async () => {
		mockToken();
		nock(API).get('/api/v1/packages').reply(200, { success: false, message: 'Account suspended' });
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'package', operation: 'getAll', returnAll: true },
			},
			{ credentials: oauthCredentials },
		);
		expect(error?.message).toBe('Choice Screening: Account suspended');
		expect(errorText(error)).not.toContain('secret');
	});
});
