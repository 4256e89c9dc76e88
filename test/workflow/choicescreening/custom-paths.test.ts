import nock from 'nock';
import { CredentialTestContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	INodeParameters,
} from 'n8n-workflow';

import { runNode } from '../../../harness';
import { HarnessNodeTypes } from '../../../harness/node-types';
import { errorText, orderResponse } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const BASE = 'https://choice.example.com/gateway';
const custom = {
	choiceScreeningApi: {
		authentication: 'apiKey',
		environment: 'custom',
		baseUrl: `${BASE}/`,
		apiKey: 'key-1',
		pingPath: '/v2/health',
		packagesPath: 'v2/catalog/packages',
		orderPath: '/v2/orders',
		orderStatusPath: '/v2/orders/{id}/status',
		reportPath: '/v2/orders/{id}/report.html',
	},
};

describe('a Custom credential sends every request to its own paths', () => {
	test('packages, create, add to order, status and report', async () => {
		const seen: string[] = [];
		const api = nock(BASE)
			.matchHeader('x-api-key', 'key-1')
			.get('/v2/catalog/packages')
			.reply(200, function () {
				seen.push(`GET ${this.req.path}`);
				return [{ packageNumber: '101', name: 'Criminal' }];
			})
			.post('/v2/orders')
			.times(2)
			.reply(200, function (_uri, body) {
				seen.push(
					`POST ${this.req.path} isNew=${String((body as { order: { isNew: boolean } }).order.isNew)}`,
				);
				return orderResponse(1234567);
			})
			.get('/v2/orders/1234567/status')
			.reply(200, function () {
				seen.push(`GET ${this.req.path}`);
				return orderResponse(1234567);
			})
			.get('/v2/orders/1234567/report.html')
			.reply(
				200,
				function () {
					seen.push(`GET ${this.req.path}`);
					return '<html><body>report</body></html>';
				},
				{ 'content-type': 'text/html' },
			);
		const run = async (parameters: INodeParameters) => {
			const { error } = await runNode(
				{ type: 'choiceScreening', parameters },
				{ credentials: custom },
			);
			expect(error).toBeUndefined();
		};
		await run({ resource: 'package', operation: 'getAll', returnAll: true });
		const applicant = { firstName: 'JOHN', lastName: 'DOE', dateOfBirth: '1990-07-08' };
		const items = { item: [{ itemType: 'PACKAGE', packageNumber: '101' }] };
		await run({ resource: 'order', operation: 'create', ...applicant, items });
		await run({ resource: 'order', operation: 'addToOrder', orderId: '1234567', items });
		await run({ resource: 'order', operation: 'getStatus', orderId: '1234567' });
		await run({ resource: 'order', operation: 'getReport', orderId: '1234567' });
		expect(seen).toEqual([
			'GET /gateway/v2/catalog/packages',
			'POST /gateway/v2/orders isNew=true',
			'POST /gateway/v2/orders isNew=false',
			'GET /gateway/v2/orders/1234567/status',
			'GET /gateway/v2/orders/1234567/report.html',
		]);
		expect(api.isDone()).toBe(true);
	});

	test('a 404 page at a custom path names the URL and the setting, reduced to its title and status', async () => {
		nock(BASE)
			.get('/v2/orders/77/status')
			.reply(
				404,
				'<!DOCTYPE html><html><head><title>Not Found</title></head><body>' +
					'x'.repeat(5000) +
					'</body></html>',
				{
					'content-type': 'text/html',
				},
			);
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getStatus', orderId: '77' },
			},
			{ credentials: custom },
		);
		expect(error?.message).toBe(
			'Choice Screening: HTTP 404 with an HTML page titled "Not Found" for GET https://choice.example.com/gateway/v2/orders/77/status. If the path is wrong for your Choice account, set the credential\'s Order Status Path or Base URL (Environment: Custom URLs).',
		);
		expect(errorText(error)).not.toContain('xxxxxxxx');
	});
});

describe('the credential test (ping)', () => {
	const test_ = async (
		data: ICredentialDataDecryptedObject,
	): Promise<INodeCredentialTestResult> => {
		const nodeType = new HarnessNodeTypes().getByNameAndVersion(
			'n8n-nodes-background-checks.choiceScreening',
		);
		const fn = nodeType.methods?.credentialTest?.choiceScreeningApiTest;
		if (!fn) throw new Error('no credential test');
		const context = new CredentialTestContext({} as never) as unknown as ICredentialTestFunctions;
		return await fn.call(context, { id: '1', name: 'Choice', type: 'choiceScreeningApi', data });
	};

	test('passes when ping answers, at the custom ping path, with the key', async () => {
		const ping = nock(BASE)
			.matchHeader('x-api-key', 'key-1')
			.get('/v2/health')
			.reply(200, { message: 'pong' });
		await expect(test_(custom.choiceScreeningApi)).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		expect(ping.isDone()).toBe(true);
	});

	test('fetches a token first in client-credentials mode', async () => {
		const token = nock('https://auth.example.com')
			.post('/connect/token')
			.reply(200, { access_token: 'tok-9' });
		const ping = nock(BASE)
			.matchHeader('authorization', 'Bearer tok-9')
			.get('/api/v1/ping')
			.reply(200, {});
		await expect(
			test_({
				authentication: 'clientCredentials',
				environment: 'custom',
				baseUrl: BASE,
				tokenUrl: 'https://auth.example.com/connect/token',
				clientId: 'c',
				clientSecret: 's3cr3t-value',
			}),
		).resolves.toMatchObject({ status: 'OK' });
		expect(token.isDone() && ping.isDone()).toBe(true);
	});

	test('a 404 says which URL was called and which setting changes it', async () => {
		nock(BASE).get('/v2/health').reply(404, '');
		const result = await test_(custom.choiceScreeningApi);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('GET https://choice.example.com/gateway/v2/health');
		expect(result.message).toContain("the credential's Ping Path or Base URL");
	});

	test('a 404 on the production default names the assumed URL', async () => {
		nock('https://api.choicescreening.com')
			.get('/api/v1/ping')
			.reply(404, '<html><title>404</title></html>');
		const result = await test_({
			authentication: 'apiKey',
			environment: 'production',
			apiKey: 'k',
		});
		expect(result.message).toContain('GET https://api.choicescreening.com/api/v1/ping');
		expect(result.message).toContain('Ping Path or Base URL');
	});

	test('refused credentials are reported without the secret', async () => {
		nock('https://auth.example.com').post('/connect/token').reply(400, { error: 'invalid_client' });
		const result = await test_({
			authentication: 'clientCredentials',
			environment: 'custom',
			baseUrl: BASE,
			tokenUrl: 'https://auth.example.com/connect/token',
			clientId: 'c',
			clientSecret: 's3cr3t-value',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('invalid_client');
		expect(result.message).not.toContain('s3cr3t-value');
	});
});
