import nock from 'nock';

import { runNode } from '../../../harness';

const API = 'https://api.dc2.pageuppeople.com';
const LOGIN = 'https://login.dc2.pageuppeople.com';
const credentials = {
	pageUpApi: {
		environment: 'production',
		dataCentre: 'dc2',
		tenantId: '218',
		clientId: 'client-1',
		clientSecret: 'very-secret-value',
		instanceId: 'inst-9',
		scope: 'Public.BackgroundCheck.Read Public.BackgroundCheck.Write',
	},
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

test('harness: token, 401 refresh, fuzzy list', async () => {
	const tokenBodies: string[] = [];
	nock(LOGIN)
		.post('/connect/token', (body) => {
			tokenBodies.push(new URLSearchParams(body).toString());
			return true;
		})
		.times(2)
		.reply(200, () => ({ access_token: `tok-${tokenBodies.length}`, expires_in: 3600 }));
	nock(API)
		.get('/v3/218/backgroundchecking')
		.query({ status: 'pending' })
		.matchHeader('authorization', 'Bearer tok-1')
		.reply(401, { message: 'expired' });
	nock(API)
		.get('/v3/218/backgroundchecking')
		.query({ status: 'pending' })
		.matchHeader('authorization', 'Bearer tok-2')
		.reply(200, [
			{
				'b5c9b7b4-2a43-4c55-9d0a-2f1f1a1b2c3d': '0f0e0d0c-1111-2222-3333-444455556666',
				status: 'pending',
				id: 7,
			},
		]);
	const {
		items,
		error,
		credentials: store,
	} = await runNode(
		{ type: 'pageUp', parameters: { resource: 'backgroundCheck', operation: 'getPending' } },
		{ credentials },
	);
	expect(error).toBeUndefined();
	expect(items.map((i) => i.json)).toEqual([{ id: '7', status: 'pending' }]);
	expect(items[0].pairedItem).toEqual({ item: 0 });
	expect(tokenBodies[0]).toContain('grant_type=client_credentials');
	expect(store.preAuthCalls).toEqual([
		{ type: 'pageUpApi', expired: false },
		{ type: 'pageUpApi', expired: true },
	]);
	expect(store.stored('pageUpApi').accessToken).toBe('tok-2');
});

test('harness: 500 error is retried then surfaces redacted', async () => {
	nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
	nock(API)
		.get('/v3/218/backgroundchecking')
		.query(true)
		.times(3)
		.reply(500, { message: 'boom for applicant ssn 123-45-6789', ssn: '123456789' });
	const { error } = await runNode(
		{ type: 'pageUp', parameters: { resource: 'backgroundCheck', operation: 'getPending' } },
		{ credentials },
	);
	expect(error).toBeDefined();
	const serialised =
		JSON.stringify(error) +
		String(error?.message) +
		String((error as { description?: string })?.description);
	expect(serialised).not.toContain('123-45-6789');
	expect(serialised).not.toContain('123456789');
	expect(nock.isDone()).toBe(true);
});
