import nock from 'nock';

import { runNode } from '../../../harness';
import { API, BASE_PATH, credentials, LOGIN } from './fixtures';

/**
 * A retry after an attempt whose answer was lost, refused with any 4xx that does not point at the request
 * itself, counts as done ("probably applied", flagged), whatever the refusal says. Refusals worded in ways the
 * sandbox does not use.
 */

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const setFailed = {
	resource: 'backgroundCheck',
	operation: 'updateStatus',
	checkId: '12345',
	status: 'failed',
	referenceNumber: 'BG-12345',
	reasonForFail: 'Missing date of birth: please add it and resend',
};

/**
 * The first PUT's answer is lost (a 503: it may have been applied; a dropped connection is the same case,
 * run against the sandbox in recovery.test.ts); the retry gets `status` and `body`.
 */
function lostThenRefused(status: number, body: unknown) {
	nock(LOGIN).persist().post('/connect/token').reply(200, { access_token: 'tok' });
	nock(API).put(`${BASE_PATH}/12345`).reply(503, { message: 'Service unavailable' });
	nock(API)
		.put(`${BASE_PATH}/12345`)
		.reply(status, body as nock.Body);
}

const run = () =>
	runNode(
		{
			type: 'pageUp',
			parameters: setFailed as never,
			settings: { onError: 'continueErrorOutput' },
		},
		{ credentials },
	);

describe('a refused retry after a lost answer is probably applied', () => {
	test.each([
		['a bare 400', 400, ''],
		['an empty JSON body with 400', 400, {}],
		['409', 409, { message: 'Conflict' }],
		['422', 422, { errors: ['Invalid state transition'] }],
		[
			'a sentence naming both statuses',
			400,
			{ message: 'Cannot change the status of background check 12345 from failed to failed.' },
		],
		['"already failed"', 400, { message: 'The background check is already failed' }],
	])('%s', async (_name, status, body) => {
		lostThenRefused(status, body);
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			id: '12345',
			status: 'failed',
			probablyApplied: true,
			refusal: { httpCode: status },
		});
	});
});

describe('refusals that stay errors', () => {
	test.each([401, 403, 404, 429])(
		'%s after a lost answer points at the request: an error',
		async (status) => {
			lostThenRefused(status, { message: 'No' });
			nock(API).put(`${BASE_PATH}/12345`).reply(status, { message: 'No' }); // 429 is retried
			const { items, errorItems } = await run();
			expect(items).toEqual([]);
			expect(errorItems[0].json.probablyApplied).toBeUndefined();
			expect(String(errorItems[0].json.error)).toContain('PageUp');
		},
	);

	test.each([
		['Cannot go from completed to failed'],
		['status can only be set to failed from inprogress (current status is completed)'],
	])(
		'after a lost answer, a refusal stating another current status ("%s"): an error, not applied',
		async (message) => {
			lostThenRefused(400, { message });
			const { items, errorItems } = await run();
			expect(items).toEqual([]);
			expect(errorItems[0].json.probablyApplied).toBeUndefined();
			expect(String(errorItems[0].json.error)).toContain('completed');
		},
	);

	test('a 400 with no lost answer before it is an error', async () => {
		nock(LOGIN).persist().post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.put(`${BASE_PATH}/12345`)
			.reply(400, { message: 'Cannot go from completed to failed' });
		const { items, errorItems } = await run();
		expect(items).toEqual([]);
		expect(String(errorItems[0].json.error)).toContain('Cannot go from completed to failed');
	});
});
