import nock from 'nock';

import { deliverWebhook } from '../../../harness';
import { n8nLogger } from '../../../harness/n8n-logger';
import { forgetLoggedShapes } from '../../../nodes/shared/unexpectedShape';
import { API, mockToken, oauthCredentials } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Choice does not document the callback's shape: every JSON body is either confirmed or emitted unconfirmed. */
const trigger = { type: 'choiceScreeningTrigger', parameters: { authentication: 'none' } };
const STATUS = { order: { id: 1234567, status: 'Complete', isComplete: true } };

const withId: Array<[string, unknown]> = [
	['the documented order response', { order: { id: 1234567, status: 'Complete' } }],
	[
		'a flat order response (id at the top)',
		{ id: 1234567, trackingId: 'APP-1', status: 'Complete' },
	],
	['other letter case, id as text', { Order: { Id: '1234567' } }],
	['orderId at the top', { orderId: 1234567, status: 'Complete' }],
	['ORDERNUMBER in capitals', { ORDERNUMBER: '1234567' }],
	['an order inside data', { data: { order: { id: 1234567 } } }],
	['OrderId inside result', { result: { OrderId: 1234567 } }],
	['a JSON array of order responses', [{ order: { id: 1234567, status: 'Complete' } }]],
	['a huge body (2 MB of notes)', { order: { id: 1234567, notes: 'x'.repeat(2_000_000) } }],
];

describe('a callback with the order number somewhere is confirmed and emitted once', () => {
	test.each(withId)('%s', async (_name, body) => {
		mockToken();
		const read = nock(API).get('/api/v1/order/1234567').reply(200, STATUS);
		const { response, items } = await deliverWebhook(
			trigger,
			{ body },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(read.isDone()).toBe(true);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({
			orderId: '1234567',
			confirmed: true,
			order: STATUS.order,
		});
	});
});

describe('a callback without an order number is emitted unconfirmed, with its raw body', () => {
	test('only a trackingId', async () => {
		const body = { trackingId: 'APP-9', status: 'Complete' };
		const { response, items } = await deliverWebhook(
			trigger,
			{ body },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({
			orderId: null,
			trackingId: 'APP-9',
			confirmed: false,
			reason: 'the callback has a tracking ID but no order number, so it could not be confirmed',
			rawBody: JSON.stringify(body),
			status: 'Complete',
		});
	});

	test.each([
		['no id at all', { status: 'Complete', note: 'SSN 123-45-6789 on file' }],
		['a non-numeric id', { order: { id: 'abc', status: 'Complete' } }],
		['a JSON number', 42],
		['an empty JSON object', {}],
	])('%s', async (_name, body) => {
		const { response, items } = await deliverWebhook(
			trigger,
			{ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
			{ credentials: oauthCredentials },
		);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({
			orderId: null,
			confirmed: false,
			reason: 'no order number was found in the callback',
		});
		expect(typeof items?.[0].json.rawBody).toBe('string');
		// The raw text is masked by pattern (fields are masked by name, as everywhere).
		expect(items?.[0].json.rawBody).not.toContain('123-45-6789');
	});
});

test('a callback of a shape the trigger did not expect is logged once per shape, field names only', async () => {
	forgetLoggedShapes();
	const warn = jest.spyOn(n8nLogger(), 'warn').mockImplementation(() => undefined);
	try {
		const deliver = async (body: unknown) =>
			await deliverWebhook(trigger, { body }, { credentials: oauthCredentials });
		await deliver({ reference: 'APP-1', outcome: { state: 'Done', ssn: '987-65-4321' } });
		await deliver({ reference: 'APP-2', outcome: { state: 'Pending', ssn: '987-65-1111' } });
		await deliver({ reference: 'APP-3', other: true });
		const logged = warn.mock.calls
			.map(([message]) => String(message))
			.filter((message) => message.includes('a shape not expected'));
		expect(logged).toEqual([
			'Choice Screening Trigger: a body of a shape not expected (no order number); its fields: outcome, outcome.ssn, outcome.state, reference',
			'Choice Screening Trigger: a body of a shape not expected (no order number); its fields: other, reference',
		]);
		expect(JSON.stringify(warn.mock.calls)).not.toMatch(/APP-|987-65|Done/);
	} finally {
		warn.mockRestore();
	}
});
