import nock from 'nock';

import { runNode } from '../../../harness';
import { API, BASE_PATH, credentials, FakePageUp, fuzz, LOGIN, makeCheck } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const base = { resource: 'backgroundCheck', operation: 'updateStatus', checkId: '12345' };

function update(parameters: Record<string, unknown>, options: Parameters<typeof runNode>[1] = {}) {
	return runNode(
		{ type: 'pageUp', parameters: { ...base, ...parameters } as never },
		{ credentials, ...options },
	);
}

/** Records each PUT body exactly as sent (parsed, key order kept) and answers like PageUp. */
function recordPuts(id = '12345') {
	const bodies: unknown[] = [];
	nock(LOGIN).persist().post('/connect/token').reply(200, { access_token: 'tok' });
	nock(API)
		.persist()
		.put(`${BASE_PATH}/${id}`)
		.reply(200, (_uri, body) => {
			bodies.push(body);
			return fuzz({ ...makeCheck(Number(id)), ...(body as object) });
		});
	return bodies;
}

/** Same keys, same values, same order. */
function expectExactly(actual: unknown, expected: unknown) {
	expect(actual).toEqual(expected);
	expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('Update Status sends exactly the seed shape for each status', () => {
	test('new: status and reference number', async () => {
		const bodies = recordPuts();
		const { items, error } = await update({ status: 'new', referenceNumber: 'ProviderIdentifier' });
		expect(error).toBeUndefined();
		expectExactly(bodies, [{ status: 'new', referenceNumber: 'ProviderIdentifier' }]);
		expect(items[0].json).toMatchObject({
			id: '12345',
			status: 'new',
			sent: { status: 'new', referenceNumber: 'ProviderIdentifier' },
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('inprogress and expired: status only', async () => {
		const bodies = recordPuts();
		await update({ status: 'inprogress' });
		await update({ status: 'expired' });
		expectExactly(bodies, [{ status: 'inprogress' }, { status: 'expired' }]);
	});

	test('failed: status and reason', async () => {
		const bodies = recordPuts();
		const reason =
			'background check invitation failed to create at bg.com due to missing mandatory fields. Please fill in xx and try again.';
		await update({ status: 'failed', reasonForFail: reason });
		expectExactly(bodies, [{ status: 'failed', reasonForFail: reason }]);
	});

	test.each(['completed', 'cancelled'])(
		'%s: reference number, empty reason, results',
		async (status) => {
			const bodies = recordPuts();
			const outcome = status === 'completed' ? 'pass' : 'cancelled';
			const { error } = await update({
				status,
				referenceNumber: 'ProviderIdentifier',
				results: {
					result: [
						{ reportLink: 'https://result.bg.com/123', reportType: 'result', status: outcome },
						{ reportLink: 'https://result.bg.com/123', reportType: 'additional', status: outcome },
					],
				},
			});
			expect(error).toBeUndefined();
			expectExactly(bodies, [
				{
					status,
					referenceNumber: 'ProviderIdentifier',
					reasonForFail: '',
					results: [
						{ reportLink: 'https://result.bg.com/123', reportType: 'result', status: outcome },
						{ reportLink: 'https://result.bg.com/123', reportType: 'additional', status: outcome },
					],
				},
			]);
		},
	);

	test('queued: status only', async () => {
		const bodies = recordPuts();
		await update({ status: 'queued' });
		expectExactly(bodies, [{ status: 'queued' }]);
	});

	test('the reference number is kept on every later update when given (PUT is a full override)', async () => {
		const bodies = recordPuts();
		await update({ status: 'inprogress', referenceNumber: 'REF-1' });
		await update({ status: 'expired', referenceNumber: 'REF-1' });
		await update({
			status: 'failed',
			referenceNumber: 'REF-1',
			reasonForFail: 'Candidate withdrew consent',
		});
		expectExactly(bodies, [
			{ status: 'inprogress', referenceNumber: 'REF-1' },
			{ status: 'expired', referenceNumber: 'REF-1' },
			{ status: 'failed', referenceNumber: 'REF-1', reasonForFail: 'Candidate withdrew consent' },
		]);
	});

	test('inprogress with partial results', async () => {
		const bodies = recordPuts();
		await update({
			status: 'inprogress',
			referenceNumber: 'REF-1',
			results: { result: [{ reportType: 'Police check', status: '', reportLink: '' }] },
		});
		expectExactly(bodies, [
			{ status: 'inprogress', referenceNumber: 'REF-1', results: [{ reportType: 'Police check' }] },
		]);
	});

	test('results from JSON (mapped data), as a string or as an array', async () => {
		const bodies = recordPuts();
		const results = [
			{
				reportType: 'Medical Check',
				reportLink: 'https://reports.example.test/m/1',
				status: 'pass',
			},
		];
		await update({
			status: 'completed',
			referenceNumber: 'REF-9',
			reasonForFail: '',
			resultsMode: 'json',
			resultsJson: JSON.stringify(results),
		});
		await update(
			{
				status: 'completed',
				referenceNumber: 'REF-9',
				resultsMode: 'json',
				resultsJson: '={{ $json.results }}',
			},
			{ items: [{ results }] },
		);
		const expected = {
			status: 'completed',
			referenceNumber: 'REF-9',
			reasonForFail: '',
			results: [
				{
					reportLink: 'https://reports.example.test/m/1',
					reportType: 'Medical Check',
					status: 'pass',
				},
			],
		};
		expectExactly(bodies, [expected, expected]);
	});

	test('output: the check id, the status sent and PageUp answer without the GUID property', async () => {
		recordPuts();
		const { items } = await update({ status: 'new', referenceNumber: 'REF-1' });
		expect(items[0].json).toEqual({
			id: '12345',
			status: 'new',
			sent: { status: 'new', referenceNumber: 'REF-1' },
			response: { ...makeCheck(12345), status: 'new', referenceNumber: 'REF-1' },
		});
	});

	test('several items: each updates its own check (ids mapped with an expression)', async () => {
		const fake = new FakePageUp(3).install();
		const { items } = await runNode(
			{
				type: 'pageUp',
				parameters: {
					...base,
					checkId: '={{ $json.id }}',
					status: 'new',
					referenceNumber: '={{ "BG-" + $json.id }}',
				},
			},
			{ credentials, items: [{ id: 1001 }, { id: '1002' }, { id: 1003 }] },
		);
		expect(items.map((item) => item.json.id)).toEqual(['1001', '1002', '1003']);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(fake.checks.get('1002')).toMatchObject({ status: 'new', referenceNumber: 'BG-1002' });
	});
});

describe('Update Status refuses invalid input before sending anything', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		[
			'failed without a reason',
			{ status: 'failed', reasonForFail: '  ' },
			/Reason for Fail is required/,
		],
		['new without a reference number', { status: 'new' }, /Reference Number is required/],
		[
			'a result whose report type maps to nothing',
			{
				status: 'inprogress',
				results: {
					result: [{ reportType: '={{ $json.missing }}', reportLink: 'https://x.test/1' }],
				},
			},
			/Result 1: Report Type is required/,
		],
		[
			'a result without a report type (JSON)',
			{
				status: 'cancelled',
				resultsMode: 'json',
				resultsJson: '[{"reportType":"a"},{"reportLink":"https://x.test/1"}]',
			},
			/Result 2: Report Type is required/,
		],
		[
			'an http (not https) report link',
			{
				status: 'completed',
				referenceNumber: 'R',
				results: { result: [{ reportType: 'result', reportLink: 'http://result.bg.com/123' }] },
			},
			/Result 1: Report Link must be a full https:\/\/ address/,
		],
		[
			'a report link that is not a URL',
			{
				status: 'inprogress',
				results: {
					result: [{ reportType: 'a' }, { reportType: 'b', reportLink: 'result.bg.com/1' }],
				},
			},
			/Result 2: Report Link must be/,
		],
		[
			'completed without any result link',
			{
				status: 'completed',
				referenceNumber: 'R',
				results: { result: [{ reportType: 'result' }] },
			},
			/at least one result with a Report Link/,
		],
		[
			'completed without a reference number',
			{
				status: 'completed',
				results: { result: [{ reportType: 'r', reportLink: 'https://a.test/1' }] },
			},
			/Reference Number is required when the status is Completed/,
		],
		[
			'unknown fields in results JSON',
			{
				status: 'cancelled',
				resultsMode: 'json',
				resultsJson: '[{"reportType":"r","reportUrl":"https://a.test"}]',
			},
			/Result 1: unknown field\(s\) reportUrl/,
		],
		[
			'results JSON that is not a list',
			{ status: 'cancelled', resultsMode: 'json', resultsJson: '{"reportType":"r"}' },
			/must be a list/,
		],
		[
			'results JSON that does not parse',
			{ status: 'cancelled', resultsMode: 'json', resultsJson: '[{' },
			/not valid JSON/,
		],
		['an empty check id', { checkId: ' ', status: 'queued' }, /Background Check ID is empty/],
		[
			'a check id with a path in it',
			{ checkId: '12/../13', status: 'queued' },
			/must be a PageUp check ID/,
		],
	];

	test.each(cases)('%s', async (_name, parameters, message) => {
		// No interceptor is registered: any request would fail the run with a different error.
		const { error } = await update(parameters);
		expect(error?.message).toMatch(message);
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('with Continue On Fail, a bad item becomes an error item and the others are sent', async () => {
		const fake = new FakePageUp(2).install();
		const { items, error } = await runNode(
			{
				type: 'pageUp',
				parameters: {
					...base,
					checkId: '={{ $json.id }}',
					status: 'failed',
					reasonForFail: '={{ $json.reason }}',
				},
				settings: { continueOnFail: true },
			},
			{
				credentials,
				items: [
					{ id: 1001, reason: '' },
					{ id: 1002, reason: 'No consent' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(/Reason for Fail is required/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].json).toMatchObject({ id: '1002', status: 'failed' });
		expect(fake.log.filter((r) => r.method === 'PUT').map((r) => r.id)).toEqual(['1002']);
	});
});

describe('Update Status errors', () => {
	test('an SSN in a failing response never appears in the error', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.put(`${BASE_PATH}/12345`)
			.reply(
				400,
				fuzz({
					message: 'The request is invalid for applicant 123-45-6789.',
					errors: { 'applicant.ssn': ['123456789 does not match DOB 1990-01-02'] },
					applicant: { ssn: '123456789', dateOfBirth: '1990-01-02' },
				}),
			);
		const { error } = await update({ status: 'new', referenceNumber: 'R-1' });
		expect(error).toBeDefined();
		const text = `${error?.message} ${(error as { description?: string }).description} ${JSON.stringify(error)}`;
		expect(text).toContain('The request is invalid');
		expect(text).not.toMatch(/123-?45-?6789/);
		expect(text).not.toContain('very-secret-value');
	});

	test('an error inside an HTTP 200 answer becomes a node error', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.put(`${BASE_PATH}/12345`)
			.reply(
				200,
				fuzz({
					success: false,
					message: 'Status transition not allowed',
					errors: ['from completed to new'],
				}),
			);
		const { error } = await update({ status: 'new', referenceNumber: 'R-1' });
		expect(error?.message).toContain('Status transition not allowed');
		expect(error?.message).toContain('from completed to new');
	});

	test('a 404 names the problem', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.put(`${BASE_PATH}/12345`)
			.reply(404, fuzz({ message: 'Background check 12345 not found' }));
		const { error } = await update({ status: 'queued' });
		expect(error?.message).toBe('PageUp: Background check 12345 not found');
	});

	test('a 500 is retried (the PUT is a full override, so repeating it is safe)', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API).put(`${BASE_PATH}/12345`, { status: 'queued' }).reply(500, { message: 'oops' });
		nock(API).put(`${BASE_PATH}/12345`, { status: 'queued' }).reply(200, '');
		const { items, error } = await update({ status: 'queued' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			id: '12345',
			status: 'queued',
			sent: { status: 'queued' },
			response: null,
		});
	});
});
