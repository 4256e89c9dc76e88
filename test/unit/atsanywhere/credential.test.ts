import { createHmac } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	AtsAnywhereApi,
	atsAccounts,
	deriveApiSecret,
} from '../../../credentials/AtsAnywhereApi.credentials';
import {
	atsAnywhereApiTest,
	credentialProblems,
} from '../../../nodes/AtsAnywhere/methods/credentialTest';

const MASTER = ['master', 'key', 'for', 'tests', 'only'].join('-');

async function test_(data: ICredentialDataDecryptedObject) {
	return await atsAnywhereApiTest.call({} as ICredentialTestFunctions, {
		id: '1',
		name: 'c',
		type: 'atsAnywhereApi',
		data,
	});
}

describe('ATS Anywhere credential', () => {
	test('secrets are password fields; derived mode is the default', () => {
		const credential = new AtsAnywhereApi();
		expect(credential.name).toBe('atsAnywhereApi');
		const field = (name: string) => credential.properties.find((p) => p.name === name);
		expect(field('mode')?.default).toBe('derived');
		expect(field('masterSecret')?.typeOptions?.password).toBe(true);
		expect(field('accountSecrets')?.typeOptions?.password).toBe(true);
	});

	test('derived secret: HMAC-SHA256 of the account id under the master key, base64url', () => {
		const expected = createHmac('sha256', MASTER).update('ACCT123').digest('base64url');
		expect(deriveApiSecret(MASTER, 'ACCT123')).toBe(expected);
		expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const accounts = atsAccounts({
			mode: 'derived',
			masterSecret: MASTER,
			revokedAccountIds: 'ACCT9, ACCT8\nACCT7',
		});
		expect(accounts.secretFor('ACCT123')).toBe(expected);
		expect(accounts.secretFor('ACCT124')).not.toBe(expected);
		for (const revoked of ['ACCT9', 'ACCT8', 'ACCT7'])
			expect(accounts.secretFor(revoked)).toBeUndefined();
		expect(accounts.secretFor('A:B')).toBeUndefined();
	});

	test('list mode: one ACCOUNT_ID:API_SECRET per line; secrets may contain colons', () => {
		const accounts = atsAccounts({
			mode: 'list',
			accountSecrets: 'A1:one\n\n# comment\nA2: two:with:colons ',
		});
		expect(accounts.problems).toEqual([]);
		expect(accounts.secretFor('A1')).toBe('one');
		expect(accounts.secretFor('A2')).toBe('two:with:colons');
		expect(accounts.secretFor('A3')).toBeUndefined();
	});

	test('local test: usable credentials pass, unusable ones are explained without echoing a secret', async () => {
		expect((await test_({ mode: 'derived', masterSecret: MASTER })).status).toBe('OK');
		expect((await test_({ mode: 'list', accountSecrets: 'A1:s3cret-value' })).status).toBe('OK');
		expect(await test_({ mode: 'derived', masterSecret: 'short' })).toEqual({
			status: 'Error',
			message: 'Master Secret must be at least 16 characters long',
		});
		const bad = await test_({
			mode: 'list',
			accountSecrets: 'A1:s3cret-value\nbroken-line\nA1:other-secret\nA2:ok-secret',
		});
		expect(bad).toEqual({
			status: 'Error',
			message:
				'The other accounts work; Account Secrets line 2 is not ACCOUNT_ID:API_SECRET (skipped); Account Secrets line 3 repeats the account id of line 1 (that account is refused until one line remains)',
		});
		expect(JSON.stringify(bad)).not.toContain('s3cret');
		expect(credentialProblems(undefined)).toEqual([
			'Master Secret must be at least 16 characters long',
		]);
		expect(credentialProblems({ mode: 'list', accountSecrets: '' })).toEqual([
			'Account Secrets is empty',
		]);
		expect(credentialProblems({ mode: 'list', accountSecrets: 'broken\n:x' })).toEqual([
			'Account Secrets has no usable line',
		]);
	});

	test('List mode: a malformed line is skipped with a warning naming its line; the other accounts work', () => {
		const accounts = atsAccounts({
			mode: 'list',
			accountSecrets: 'A1:one\n  \nbroken-line-s3cret\nA2:two\n:no-id\nA3:three\nA3:again',
		});
		expect(accounts.problems).toEqual([]);
		expect(accounts.warnings).toEqual([
			'Account Secrets line 3 is not ACCOUNT_ID:API_SECRET (skipped)',
			'Account Secrets line 5 is not ACCOUNT_ID:API_SECRET (skipped)',
			'Account Secrets line 7 repeats the account id of line 6 (that account is refused until one line remains)',
		]);
		expect(accounts.secretFor('A1')).toBe('one');
		expect(accounts.secretFor('A2')).toBe('two');
		expect(accounts.secretFor('A3')).toBeUndefined();
		expect(accounts.secretFor('broken-line-s3cret')).toBeUndefined();
		expect(JSON.stringify(accounts.warnings)).not.toContain('s3cret');
	});

	test('signing a status update: the request names the account, the credential adds its secret', async () => {
		const credential = new AtsAnywhereApi();
		const request: IHttpRequestOptions = {
			url: 'https://ats.example/hook',
			auth: { username: 'ACCT123', password: '' },
		};
		const signed = await credential.authenticate(
			{ mode: 'derived', masterSecret: MASTER },
			request,
		);
		expect(signed.auth).toEqual({
			username: 'ACCT123',
			password: deriveApiSecret(MASTER, 'ACCT123'),
		});
		await expect(
			credential.authenticate(
				{ mode: 'derived', masterSecret: MASTER, revokedAccountIds: 'ACCT123' },
				request,
			),
		).rejects.toThrow('no API secret for this account');
	});
});
