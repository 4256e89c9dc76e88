import type { ICredentialTestFunctions } from 'n8n-workflow';

import { AtsAnywhereApi } from '../../../credentials/AtsAnywhereApi.credentials';
import { atsAnywhereApiTest, credentialProblems } from '../../../nodes/AtsAnywhere/helpers/credentialTest';

describe('ATS Anywhere credential', () => {
	test('the API secret is a password field; Basic auth block uses both fields', () => {
		const credential = new AtsAnywhereApi();
		expect(credential.name).toBe('atsAnywhereApi');
		const secret = credential.properties.find((p) => p.name === 'apiSecret');
		expect(secret?.typeOptions?.password).toBe(true);
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { auth: { username: '={{$credentials.accountId}}', password: '={{$credentials.apiSecret}}' } },
		});
	});

	test('local test: usable pairs pass, unusable ones are explained without echoing the secret', async () => {
		const ok = await atsAnywhereApiTest.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'c',
			type: 'atsAnywhereApi',
			data: { accountId: 'ACCT123', apiSecret: 's3cret-value' },
		});
		expect(ok.status).toBe('OK');
		const bad = await atsAnywhereApiTest.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'c',
			type: 'atsAnywhereApi',
			data: { accountId: 'AC:CT', apiSecret: '' },
		});
		expect(bad).toEqual({
			status: 'Error',
			message: 'Account ID must not contain a colon (HTTP Basic cannot carry it); API Secret is empty',
		});
		expect(credentialProblems({ accountId: ' A', apiSecret: 'x' })).toEqual(['Account ID starts or ends with a space']);
		expect(credentialProblems(undefined)).toEqual(['Account ID is empty', 'API Secret is empty']);
	});
});
