import { CredentialTestContext } from 'n8n-core';
import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeType } from 'n8n-workflow';
import nock from 'nock';

import { loadPackage, PACKAGE_NAME } from '../../../harness';
import { BASE, errorAnswer, PASSWORD, requestOf, riqAnswer, riqRoute, USER_ID } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const { nodes, credentials: credentialTypes } = loadPackage();
const riqCredential = credentialTypes.get('residentIqApi');

/** Runs the test n8n would run for this credential, in n8n-core's own credential-test context. */
async function testCredential(nodeName: string, data: Record<string, unknown>) {
	const node = nodes.get(`${PACKAGE_NAME}.${nodeName}`) as INodeType;
	const entry = node.description.credentials?.find(
		(credential) => credential.name === 'residentIqApi',
	);
	expect(typeof entry?.testedBy).toBe('string');
	const testFunction = node.methods?.credentialTest?.[entry?.testedBy as string];
	if (!testFunction) throw new Error(`${nodeName} has no credential test`);
	const credential: ICredentialsDecrypted = {
		id: 'c1',
		name: 'RIQ',
		type: 'residentIqApi',
		data: data as never,
	};
	return await testFunction.call(
		new CredentialTestContext() as unknown as ICredentialTestFunctions,
		credential,
	);
}

test("the credential has no declarative test (n8n would use it instead of the nodes' testedBy)", () => {
	expect(riqCredential?.test).toBeUndefined();
	expect(typeof riqCredential?.authenticate).toBe('function');
});

test('authenticate puts userId and password on the root element and leaves the rest as it was', async () => {
	const body =
		'<?xml version="1.0"?><BackgroundCheck userId="old" extra="1"><BackgroundSearchPackage action="status"><OrderId>O&apos;Brien &amp; 1</OrderId></BackgroundSearchPackage></BackgroundCheck>';
	const authenticate = riqCredential?.authenticate as (
		c: object,
		r: object,
	) => Promise<{ body: string; url: string }>;
	const result = await authenticate(
		{ userId: 'u<1>', password: 'p"&2' },
		{ url: 'https://x', method: 'POST', body },
	);
	expect(result.url).toBe('https://x');
	expect(requestOf(result.body)).toEqual({
		root: 'BackgroundCheck',
		attributes: { userId: 'u<1>', password: 'p"&2', extra: '1' },
		content: { BackgroundSearchPackage: { '@_action': 'status', OrderId: "O'Brien & 1" } },
	});
	await expect(
		authenticate({ userId: 'u', password: 'p' }, { url: 'https://x', body: { json: true } }),
	).rejects.toThrow('ResidentIQ requests must carry an XML body');
});

test.each(['residentIq', 'residentIqTrigger'])(
	'%s: the credential test reads /packages and reports success',
	async (nodeName) => {
		const recorded = riqRoute('/packages', {
			body: riqAnswer(
				'<BackgroundReportPackage><ProductsAvailable><Product>RIQ Basic</Product><Product>RIQ Premium</Product></ProductsAvailable></BackgroundReportPackage>',
			),
		});
		const result = await testCredential(nodeName, {
			environment: 'sandbox',
			userId: USER_ID,
			password: PASSWORD,
		});
		expect(result).toEqual({
			status: 'OK',
			message: 'Connection successful: 2 product(s) available',
		});
		expect(requestOf(recorded.bodies[0])).toEqual({
			root: 'BackgroundCheck',
			attributes: { userId: USER_ID, password: PASSWORD },
			content: { BackgroundSearchPackage: { '@_action': 'status' } },
		});
	},
);

test("wrong credentials fail with RIQ's own description (from inside the HTTP 200), password removed", async () => {
	riqRoute('/packages', {
		body: errorAnswer(
			'2',
			`Unable to identify the client location: invalid userId or password ${PASSWORD}`,
		),
	});
	const result = await testCredential('residentIq', {
		environment: 'sandbox',
		userId: USER_ID,
		password: PASSWORD,
	});
	expect(result).toEqual({
		status: 'Error',
		message:
			'Unable to identify the client location: invalid userId or password *** (RIQ error code 2)',
	});
});

test('production and custom environments call their own hosts', async () => {
	const production = nock('https://api.residentiq.com')
		.post('/api/partner/packages')
		.reply(
			200,
			riqAnswer('<BackgroundReportPackage><ProductsAvailable/></BackgroundReportPackage>'),
		);
	expect(
		await testCredential('residentIq', { environment: 'production', userId: 'u', password: 'p' }),
	).toEqual({
		status: 'OK',
		message: 'Connection successful, but no products are enabled for this client location',
	});
	expect(production.isDone()).toBe(true);

	const custom = nock('http://riq.local:5680')
		.post('/riq/api/partner/packages')
		.reply(200, riqAnswer('<BackgroundReportPackage/>'));
	await testCredential('residentIq', {
		environment: 'custom',
		baseUrl: 'http://riq.local:5680/riq/',
		userId: 'u',
		password: 'p',
	});
	expect(custom.isDone()).toBe(true);

	expect(
		await testCredential('residentIq', {
			environment: 'custom',
			baseUrl: 'riq.local',
			userId: 'u',
			password: 'p',
		}),
	).toEqual({
		status: 'Error',
		message: 'Base URL must start with http:// or https://',
	});
});

test('an answer that is not RIQ XML, or no answer, is a clear error', async () => {
	nock(BASE)
		.post('/api/partner/packages')
		.reply(200, '<html><body>Login</body></html>', { 'Content-Type': 'text/html' });
	const html = await testCredential('residentIq', {
		environment: 'sandbox',
		userId: 'u',
		password: 'p',
	});
	expect(html).toEqual({
		status: 'Error',
		message: `${BASE} did not answer with ResidentIQ XML: check the environment and base URL`,
	});
	nock(BASE).post('/api/partner/packages').reply(503, 'Service Unavailable');
	expect(
		await testCredential('residentIq', { environment: 'sandbox', userId: 'u', password: 'p' }),
	).toEqual({
		status: 'Error',
		// It answered, so it is not called unreachable.
		message: `ResidentIQ at ${BASE} answered HTTP 503`,
	});
});
