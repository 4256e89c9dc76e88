import { getPackages, postOrder } from './deliver';
import { ACCOUNT, basic, seedOrder } from './fixtures';

const wrongAuth: Array<[string, Record<string, string>]> = [
	['no Authorization header', {}],
	['a wrong secret', { Authorization: basic(ACCOUNT.accountId, 'wrong-secret') }],
	['a wrong account ID', { Authorization: basic('ACCT999', ACCOUNT.apiSecret) }],
	[
		'the secret with a different case',
		{ Authorization: basic(ACCOUNT.accountId, ACCOUNT.apiSecret.toUpperCase()) },
	],
	[
		'the secret plus one character',
		{ Authorization: basic(ACCOUNT.accountId, `${ACCOUNT.apiSecret}x`) },
	],
	['a Bearer token', { Authorization: `Bearer ${ACCOUNT.apiSecret}` }],
	['a malformed Basic value', { Authorization: 'Basic !!!not-base64!!!' }],
	[
		'Basic without a colon',
		{ Authorization: `Basic ${Buffer.from(ACCOUNT.accountId).toString('base64')}` },
	],
];

describe('ATS Anywhere Trigger: HTTP Basic on every request', () => {
	test.each(wrongAuth)(
		'orders with %s: 401, WWW-Authenticate, no execution',
		async (_label, headers) => {
			const staticData = {};
			const { response, items, result } = await postOrder(seedOrder(), { headers, staticData });
			expect(response.statusCode).toBe(401);
			expect(response.headers['www-authenticate']).toBe(
				'Basic realm="ATS Anywhere", charset="UTF-8"',
			);
			expect(response.body).toEqual({ error_message: 'Unauthorized' });
			expect(items).toBeUndefined();
			expect(result.noWebhookResponse).toBe(true);
			// Nothing about the order was remembered.
			expect(JSON.stringify(staticData)).not.toContain('224466');
		},
	);

	test.each(wrongAuth)('packages with %s: 401 and no package list', async (_label, headers) => {
		const { response, items } = await getPackages({ headers });
		expect(response.statusCode).toBe(401);
		expect(response.headers['www-authenticate']).toMatch(/^Basic realm=/);
		expect(response.body).toEqual({ error_message: 'Unauthorized' });
		expect(items).toBeUndefined();
	});

	test('an incomplete credential refuses everything, even an empty Basic pair', async () => {
		const emptyCredentials = { atsAnywhereApi: { accountId: '', apiSecret: '' } };
		const { response, items } = await postOrder(seedOrder(), {
			headers: { Authorization: basic('', '') },
			credentials: emptyCredentials,
		});
		expect(response.statusCode).toBe(401);
		expect(items).toBeUndefined();
	});

	test('the right pair is let through (lower-case scheme accepted)', async () => {
		const token = Buffer.from(`${ACCOUNT.accountId}:${ACCOUNT.apiSecret}`).toString('base64');
		const { response } = await getPackages({ headers: { authorization: `basic ${token}` } });
		expect(response.statusCode).toBe(200);
	});

	test('the 401 answer never echoes what was sent', async () => {
		const { response } = await postOrder(seedOrder(), {
			headers: { Authorization: basic(ACCOUNT.accountId, 'attempted-secret-123') },
		});
		expect(JSON.stringify(response)).not.toContain('attempted-secret-123');
		expect(JSON.stringify(response)).not.toContain('John');
	});
});
