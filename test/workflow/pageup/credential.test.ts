import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CredentialTestContext } from 'n8n-core';
import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeType } from 'n8n-workflow';

import { loadPackage, PACKAGE_NAME } from '../../../harness';
import { PageUpSandbox } from './sandbox-helpers';

/** The PageUp credential test (nodes' testedBy) against the sandbox, in n8n-core's own credential-test context. */

const sandbox = new PageUpSandbox();
const { nodes, credentials: credentialTypes } = loadPackage();

beforeAll(async () => await sandbox.start());
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	await sandbox.admin.call('POST', '/reset', { demoData: false });
});

async function testCredential(nodeName: string, overrides: Record<string, unknown> = {}) {
	const node = nodes.get(`${PACKAGE_NAME}.${nodeName}`) as INodeType;
	const entry = node.description.credentials?.find((credential) => credential.name === 'pageUpApi');
	const testFunction = node.methods?.credentialTest?.[entry?.testedBy as string];
	if (!testFunction) throw new Error(`${nodeName} has no credential test`);
	const data = { ...sandbox.credentials().pageUpApi, ...overrides };
	const credential: ICredentialsDecrypted = {
		id: 'c1',
		name: 'PageUp',
		type: 'pageUpApi',
		data: data as never,
	};
	return await testFunction.call(
		new CredentialTestContext() as unknown as ICredentialTestFunctions,
		credential,
	);
}

test("the credential has no declarative test (n8n would use it instead of the nodes' testedBy)", () => {
	expect(credentialTypes.get('pageUpApi')?.test).toBeUndefined();
});

test.each(['pageUp', 'pageUpTrigger'])(
	'%s: a token with Read and Write, and a readable list: OK',
	async (nodeName) => {
		expect(await testCredential(nodeName)).toEqual({
			status: 'OK',
			message: 'Connection successful: the token has the Read and Write scopes',
		});
	},
);

test('a token granted only the Read scope fails the test, naming the missing Write scope', async () => {
	await sandbox.admin.call('POST', '/pageup/clients', {
		clientId: 'reader',
		clientSecret: 'reader-secret',
		instanceId: sandbox.credentials().pageUpApi.instanceId,
		provider: 'bg',
		scopes: ['Public.BackgroundCheck.Read'],
	});
	const result = await testCredential('pageUp', {
		clientId: 'reader',
		clientSecret: 'reader-secret',
		scope: '',
	});
	expect(result.status).toBe('Error');
	expect(result.message).toContain(
		'The token has no Public.BackgroundCheck.Write scope (granted: Public.BackgroundCheck.Read)',
	);
});

test('a 403 names the missing scope or partner-ID claim, never the secret', async () => {
	await sandbox.admin.call('POST', '/pageup/clients', {
		clientId: 'no-partner',
		clientSecret: 'np-secret-value',
		instanceId: sandbox.credentials().pageUpApi.instanceId,
	});
	const result = await testCredential('pageUp', {
		clientId: 'no-partner',
		clientSecret: 'np-secret-value',
	});
	expect(result.status).toBe('Error');
	expect(result.message).toContain('HTTP 403');
	expect(result.message).toContain('The token has no partner id claim');
	expect(result.message).toContain(
		'lacks the Public.BackgroundCheck.Read scope, or it has no partner-ID claim',
	);
	expect(result.message).not.toContain('np-secret-value');
});

test('a wrong secret: the token refusal is reported without the secret', async () => {
	const wrong = ['wrong', 'value', '123'].join('-');
	const result = await testCredential('pageUp', { clientSecret: wrong });
	expect(result.status).toBe('Error');
	expect(result.message).toContain('PageUp refused the token request');
	expect(result.message).not.toContain(wrong);
});

test('a token URL that cannot be reached is said to be unreachable, not to have refused', async () => {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	const host = `http://127.0.0.1:${port}`;
	const result = await testCredential('pageUp', {
		environment: 'custom',
		tokenUrl: `${host}/connect/token`,
		apiBaseUrl: host,
	});
	expect(result).toEqual({
		status: 'Error',
		message: `Could not reach PageUp's token URL ${host}/connect/token (ECONNREFUSED): check the credential's environment and data centre (or its custom URLs)`,
	});
});
