import type { INode } from 'n8n-workflow';

import { HarnessNodeTypes } from '../../../harness/node-types';

import {
	ChoiceScreeningApi,
	choiceUrls,
} from '../../../credentials/ChoiceScreeningApi.credentials';
import { classifyOrderFailure } from '../../../nodes/ChoiceScreening/helpers/order';
import { describeErrorBody, reportsFailure, vendorApiError } from '../../../nodes/shared/errors';
import {
	CHOICE_BODY_ERRORS,
	orderIdOf,
	packagesFrom,
	packageSummary,
} from '../../../nodes/ChoiceScreening/helpers/response';
import { CHOICE_PATHS, choicePath, placeOf } from '../../../nodes/ChoiceScreening/transport';

// The shared error-in-body reader with Choice's options (what the transport uses).
const describeChoiceError = (body: unknown) => describeErrorBody(body, CHOICE_BODY_ERRORS);
const failureInside = (body: unknown, orderLevel = false) =>
	reportsFailure(body, { ...CHOICE_BODY_ERRORS, isErrorFlag: orderLevel });

const node: INode = {
	id: '1',
	name: 'Choice',
	type: 'x',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('the endpoint table', () => {
	test('has every path in one place (assumed paths, one line each)', () => {
		expect(CHOICE_PATHS).toEqual({
			token: '/connect/token',
			ping: '/api/v1/ping',
			packages: '/api/v1/packages',
			order: '/api/v1/order',
			orderStatus: '/api/v1/order/{id}',
			orderReport: '/api/v1/order/{id}/report',
		});
		expect(choicePath('orderReport', '12 3')).toBe('/api/v1/order/12%203/report');
	});

	test('hosts per environment', () => {
		expect(choiceUrls({ environment: 'production' })).toEqual({
			apiBaseUrl: 'https://api.choicescreening.com',
			tokenUrl: 'https://csauth.choicescreening.com/connect/token',
		});
		expect(choiceUrls({ environment: 'staging' })).toEqual({
			apiBaseUrl: 'https://stageapi.choicescreening.com',
			tokenUrl: 'https://stageauth.choicescreening.com/connect/token',
		});
		expect(
			choiceUrls({ environment: 'custom', baseUrl: ' http://x/choice// ', tokenUrl: 'http://x/t' }),
		).toEqual({
			apiBaseUrl: 'http://x/choice',
			tokenUrl: 'http://x/t',
		});
	});
});

describe('reading Choice answers tolerantly', () => {
	test('error messages in the usual shapes', () => {
		expect(describeChoiceError({ message: 'Bad order' })).toEqual({ message: 'Bad order' });
		expect(
			describeChoiceError({ errors: ['a', { field: 'order.id', message: 'unknown' }] }),
		).toEqual({
			message: 'a; order.id: unknown',
		});
		expect(
			describeChoiceError({ title: 'Invalid', errors: { 'order.applicant.dob': ['is required'] } }),
		).toEqual({
			message: 'Invalid; order.applicant.dob: is required',
		});
		expect(
			describeChoiceError({ order: { isError: true, message: 'Package not allowed' } }),
		).toEqual({
			message: 'Package not allowed',
		});
		expect(describeChoiceError('{"error":"invalid_token"}')).toEqual({ message: 'invalid_token' });
		expect(describeChoiceError('<html>502</html>')).toBeUndefined();
		expect(describeChoiceError({ order: { id: 1 } })).toBeUndefined();
	});

	test('failures inside a 2xx answer', () => {
		expect(failureInside({ success: false })).toBe(true);
		expect(failureInside({ errors: [] })).toBe(false);
		expect(failureInside({ errors: ['x'] })).toBe(true);
		expect(failureInside({ error: 'nope' })).toBe(true);
		expect(failureInside({ order: { isError: true } })).toBe(false);
		expect(failureInside({ order: { isError: true } }, true)).toBe(true);
		expect(failureInside([1])).toBe(false);
	});

	test('the order id wherever Choice puts it, and only when it is a positive whole number', () => {
		expect(orderIdOf({ order: { id: 1234567 } })).toBe('1234567');
		expect(orderIdOf({ order: { Id: '55' } })).toBe('55');
		expect(orderIdOf({ orderId: 9 })).toBe('9');
		expect(orderIdOf({ id: '10' })).toBe('10');
		expect(orderIdOf({ order: { id: 0 } })).toBeUndefined();
		expect(orderIdOf({ order: { id: '1; drop' } })).toBeUndefined();
		expect(orderIdOf('1')).toBeUndefined();
	});

	test('the package list as an array or wrapped, and a package summary', () => {
		const list = [{ packageNumber: '1' }, 'junk', { number: 2 }];
		expect(packagesFrom(list)).toEqual([{ packageNumber: '1' }, { number: 2 }]);
		expect(packagesFrom({ data: list })).toEqual([{ packageNumber: '1' }, { number: 2 }]);
		expect(packagesFrom({ packages: { package: list } })).toEqual([
			{ packageNumber: '1' },
			{ number: 2 },
		]);
		expect(packagesFrom({ total: 0 })).toEqual([]);
		expect(packageSummary({ PackageNumber: ' 7 ', packageName: 'Seven' })).toEqual({
			number: '7',
			name: 'Seven',
			description: undefined,
		});
	});
});

describe('classifying a failed order POST', () => {
	// Built the way the shared request layer builds them.
	const apiError = (httpCode?: string, connectionCode?: string) =>
		vendorApiError(node, {
			vendor: 'Choice Screening',
			httpCode: httpCode ? Number(httpCode) : undefined,
			message: 'x',
			connectionCode,
		});

	test.each([
		['a 400', apiError('400'), 'rejected'],
		['a 409', apiError('409'), 'rejected'],
		['a 500', apiError('500'), 'unknown'],
		['a 504', apiError('504'), 'unknown'],
		['a timeout', apiError(undefined, 'ECONNABORTED'), 'unknown'],
		['a reset', apiError(undefined, 'ECONNRESET'), 'unknown'],
		['a refused connection', apiError(undefined, 'ECONNREFUSED'), 'notSent'],
		['an unknown host', apiError(undefined, 'ENOTFOUND'), 'notSent'],
		['no details at all', apiError(), 'unknown'],
	])('%s', (_name, error, expected) => {
		expect(classifyOrderFailure(error)).toBe(expected);
	});
});

describe('the credential', () => {
	const credential = new ChoiceScreeningApi();

	test('API key mode: the key in its header, and no token is fetched', async () => {
		const request = await credential.authenticate(
			{ authentication: 'apiKey', apiKey: 'k-1', apiKeyHeader: 'X-Key' },
			{ url: '/x', headers: { Accept: 'application/json' } },
		);
		expect(request.headers).toEqual({ Accept: 'application/json', 'X-Key': 'k-1' });
		const helpers = { helpers: { httpRequest: jest.fn() } };
		await expect(
			credential.preAuthentication.call(helpers as never, { authentication: 'apiKey' }),
		).resolves.toEqual({});
		expect(helpers.helpers.httpRequest).not.toHaveBeenCalled();
	});

	test('client-credentials mode: the cached token as Bearer', async () => {
		const request = await credential.authenticate(
			{ authentication: 'clientCredentials', accessToken: 'tok' },
			{ url: '/x' },
		);
		expect(request.headers).toEqual({ Authorization: 'Bearer tok' });
	});

	test("the credential is tested by the nodes' ping test (no declarative request that could not name the URL)", () => {
		const nodes = new HarnessNodeTypes();
		for (const name of ['choiceScreening', 'choiceScreeningTrigger']) {
			const description = nodes.getByNameAndVersion(
				`n8n-nodes-background-checks.${name}`,
			).description;
			expect(description.credentials?.find((c) => c.name === 'choiceScreeningApi')?.testedBy).toBe(
				'choiceScreeningApiTest',
			);
		}
		expect((credential as unknown as { test?: unknown }).test).toBeUndefined();
	});
});

describe('the credential test URL (ping on the API host of the environment)', () => {
	test.each([
		[{ environment: 'production' }, 'https://api.choicescreening.com'],
		[{ environment: 'staging' }, 'https://stageapi.choicescreening.com'],
		[
			{ environment: 'custom', baseUrl: 'http://127.0.0.1:5680/choice/' },
			'http://127.0.0.1:5680/choice',
		],
	])('%j', (credentials, expected) => {
		expect(placeOf(credentials, 'ping').url).toBe(`${expected}/api/v1/ping`);
		expect(placeOf(credentials, 'ping').url).toBe(
			`${choiceUrls(credentials).apiBaseUrl}/api/v1/ping`,
		);
	});

	test('a custom ping path, with or without its leading slash; other environments ignore it', () => {
		const custom = { environment: 'custom', baseUrl: 'http://x/c', pingPath: 'v2/health' };
		expect(placeOf(custom, 'ping')).toEqual({
			method: 'GET',
			url: 'http://x/c/v2/health',
			setting: 'Ping Path or Base URL',
		});
		expect(placeOf({ ...custom, environment: 'production' }, 'ping').url).toBe(
			'https://api.choicescreening.com/api/v1/ping',
		);
		expect(
			placeOf({ ...custom, reportPath: '/reports/{id}/html' }, 'orderReport', '12 3').url,
		).toBe('http://x/c/reports/12%203/html');
	});
});
