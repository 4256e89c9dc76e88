import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

import { runNode } from '../../../harness';
import {
	API,
	API_KEY,
	apiKeyCredentials,
	AUTH,
	CLIENT_SECRET,
	errorText,
	mockToken,
	oauthCredentials,
	STAGE_API,
	STAGE_AUTH,
} from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const listPackages = {
	type: 'choiceScreening',
	parameters: { resource: 'package', operation: 'getAll', returnAll: true },
};
const PACKAGES = [{ packageNumber: '101', name: 'National/Federal Criminal' }];

describe('OAuth2 client credentials', () => {
	test('fetches a token with the form Choice documents, sends it as Bearer, and caches it', async () => {
		const { forms, scope: tokenScope } = mockToken(1);
		const headers: Array<string | undefined> = [];
		nock(API)
			.get('/api/v1/packages')
			.times(2)
			.reply(function () {
				headers.push(this.req.headers.authorization as string | undefined);
				return [200, PACKAGES];
			});
		const first = await runNode(listPackages, { credentials: oauthCredentials });
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => item.json)).toEqual(PACKAGES);
		expect(forms).toEqual([
			{
				grant_type: 'client_credentials',
				client_id: 'client-1',
				client_secret: CLIENT_SECRET,
				scope: 'choice.api',
			},
		]);

		// A second execution with the same stored credential reuses the cached token.
		const second = await runNode(listPackages, {
			credentials: oauthCredentials,
			credentialsHelper: first.credentials,
		});
		expect(second.error).toBeUndefined();
		expect(headers).toEqual(['Bearer tok-1', 'Bearer tok-1']);
		expect(tokenScope.isDone()).toBe(true);
		expect(first.credentials.stored('choiceScreeningApi').accessToken).toBe('tok-1');
		expect(first.credentials.preAuthCalls).toEqual([
			{ type: 'choiceScreeningApi', expired: false },
		]);
	});

	test('a 401 (expired token) refreshes the token once and repeats the request', async () => {
		const { forms } = mockToken(2);
		nock(API)
			.get('/api/v1/packages')
			.matchHeader('authorization', 'Bearer tok-1')
			.reply(401, { message: 'token expired' });
		nock(API)
			.get('/api/v1/packages')
			.matchHeader('authorization', 'Bearer tok-2')
			.reply(200, PACKAGES);
		const { error, items, credentials } = await runNode(listPackages, {
			credentials: oauthCredentials,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(forms).toHaveLength(2);
		expect(credentials.preAuthCalls).toEqual([
			{ type: 'choiceScreeningApi', expired: false },
			{ type: 'choiceScreeningApi', expired: true },
		]);
		expect(credentials.stored('choiceScreeningApi').accessToken).toBe('tok-2');
	});

	test('a 401 after the refresh is reported, without the secret', async () => {
		const { forms } = mockToken(3);
		nock(API).get('/api/v1/packages').times(3).reply(401, { message: 'invalid client' });
		const { error } = await runNode(listPackages, { credentials: oauthCredentials });
		expect(forms).toHaveLength(2);
		expect(error?.message).toBe('Choice Screening: invalid client');
		expect(errorText(error)).not.toContain(CLIENT_SECRET);
	});

	test('a token answer without access_token is a clear credential error', async () => {
		nock(AUTH).post('/connect/token').times(2).reply(200, { token_type: 'Bearer' });
		const api = nock(API).get('/api/v1/packages').reply(200, PACKAGES);
		const { error } = await runNode(listPackages, { credentials: oauthCredentials });
		expect(error?.message).toBe(
			'Choice Screening: could not get an access token: the token endpoint returned no access token. Check the client ID, client secret, scope and environment.',
		);
		expect(api.isDone()).toBe(false);
	});

	test('a refused token request says why, without the secret', async () => {
		nock(AUTH)
			.post('/connect/token')
			.times(2)
			.reply(400, {
				error: 'invalid_client',
				error_description: `unknown client secret ${CLIENT_SECRET}`,
			});
		const { error } = await runNode(listPackages, { credentials: oauthCredentials });
		expect(error?.message).toMatch(
			/^Choice Screening: could not get an access token: the token request was refused \(HTTP 400: unknown client secret \*\*\*\)/,
		);
		expect(errorText(error)).not.toContain(CLIENT_SECRET);
	});

	test('a token endpoint that cannot be reached is reported as such, not as a refusal or an HTTP answer', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		nock.enableNetConnect('127.0.0.1');
		const api = nock(API).get('/api/v1/packages').reply(200, PACKAGES);
		try {
			const { error } = await runNode(listPackages, {
				credentials: {
					choiceScreeningApi: {
						...oauthCredentials.choiceScreeningApi,
						environment: 'custom',
						baseUrl: API,
						tokenUrl: `http://127.0.0.1:${port}/connect/token`,
					},
				},
			});
			expect(error?.message).toBe('Choice Screening: could not reach the service');
			expect((error as { description?: string }).description).toBe(
				'Connection error: ECONNREFUSED',
			);
			expect(errorText(error)).not.toMatch(/\brefused\b|answered HTTP/i);
			expect(api.isDone()).toBe(false);
		} finally {
			nock.disableNetConnect();
		}
	});

	test('staging uses the staging hosts, and an empty scope is left out of the form', async () => {
		const { forms } = mockToken(1, STAGE_AUTH);
		nock(STAGE_API).get('/api/v1/packages').reply(200, PACKAGES);
		const { error } = await runNode(listPackages, {
			credentials: {
				choiceScreeningApi: {
					...oauthCredentials.choiceScreeningApi,
					environment: 'staging',
					scope: '',
				},
			},
		});
		expect(error).toBeUndefined();
		expect(forms[0]).toEqual({
			grant_type: 'client_credentials',
			client_id: 'client-1',
			client_secret: CLIENT_SECRET,
		});
	});

	test('custom URLs point both the token and the API requests elsewhere', async () => {
		const { forms } = mockToken(1, 'http://choice.local:4010', '/choice/connect/token');
		nock('http://choice.local:4010').get('/choice/api/v1/packages').reply(200, PACKAGES);
		const { error } = await runNode(listPackages, {
			credentials: {
				choiceScreeningApi: {
					...oauthCredentials.choiceScreeningApi,
					environment: 'custom',
					baseUrl: 'http://choice.local:4010/choice/',
					tokenUrl: 'http://choice.local:4010/choice/connect/token',
				},
			},
		});
		expect(error).toBeUndefined();
		expect(forms).toHaveLength(1);
	});
});

describe('API key', () => {
	test('sends the key in X-API-Key by default and never asks for a token', async () => {
		const seen: Array<Record<string, unknown>> = [];
		nock(API)
			.get('/api/v1/packages')
			.reply(function () {
				seen.push({ ...this.req.headers });
				return [200, PACKAGES];
			});
		const { error, credentials } = await runNode(listPackages, { credentials: apiKeyCredentials });
		expect(error).toBeUndefined();
		expect(seen[0]['x-api-key']).toBe(API_KEY);
		expect(seen[0].authorization).toBeUndefined();
		// n8n may call preAuthentication (the token field is empty), but it fetches and stores nothing.
		expect(credentials.stored('choiceScreeningApi').accessToken ?? '').toBe('');
	});

	test('uses the header name set on the credential', async () => {
		nock(API).get('/api/v1/packages').matchHeader('x-choice-key', API_KEY).reply(200, PACKAGES);
		const { error } = await runNode(listPackages, {
			credentials: {
				choiceScreeningApi: {
					...apiKeyCredentials.choiceScreeningApi,
					apiKeyHeader: 'X-Choice-Key',
				},
			},
		});
		expect(error).toBeUndefined();
	});

	test('a rejected key is reported without the key', async () => {
		nock(API)
			.get('/api/v1/packages')
			.times(2)
			.reply(401, { message: `key ${API_KEY} is not valid` });
		const { error } = await runNode(listPackages, { credentials: apiKeyCredentials });
		expect(error?.message).toBe('Choice Screening: key *** is not valid');
		expect(errorText(error)).not.toContain(API_KEY);
	});
});
