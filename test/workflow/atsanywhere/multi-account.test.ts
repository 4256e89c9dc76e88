import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { deriveApiSecret } from '../../../credentials/AtsAnywhereApi.credentials';
import {
	chain,
	deliverWebhook,
	executeWorkflow,
	makeNode,
	runNode,
	type CredentialsMap,
} from '../../../harness';
import { n8nLogger } from '../../../harness/n8n-logger';
import { basic, SEED_PACKAGE_PARAMETERS, seedOrder, triggerSpec } from './fixtures';
import { answerAsN8n } from './n8n-answer';

/** Test-only master key (not a real one). */
const MASTER = ['multi', 'account', 'test', 'master', 'key'].join('-');
const DERIVED: CredentialsMap = {
	atsAnywhereApi: { mode: 'derived', masterSecret: MASTER, revokedAccountIds: 'GONE-1\nGONE-2' },
};
const LIST_PAIRS = [
	{ accountId: 'LIST-A', apiSecret: ['list', 'a', 'secret', '0001'].join('-') },
	{ accountId: 'LIST-B', apiSecret: ['list', 'b', 'secret', '0002'].join('-') },
];
const LISTED: CredentialsMap = {
	atsAnywhereApi: {
		mode: 'list',
		accountSecrets: LIST_PAIRS.map((p) => `${p.accountId}:${p.apiSecret}`).join('\n'),
	},
};

const authFor = (accountId: string, secret = deriveApiSecret(MASTER, accountId)) => ({
	Authorization: basic(accountId, secret),
});

/** Package access: A sees PKG001 + DRG01, B sees PKG002 and PKG003 without add-ons; C (and list accounts but LIST-B) see all. */
const ACCESS: INodeParameters = {
	accountPackages: {
		account: [
			{ accountId: 'ACME', packageIds: 'PKG001', addOnPackageIds: 'DRG01' },
			{ accountId: 'GLOBEX', packageIds: 'PKG002,\nPKG003', addOnPackageIds: '' },
			{ accountId: 'LIST-B', packageIds: 'PKG003', addOnPackageIds: 'DRG02' },
		],
	},
};

async function packagesAs(
	headers: Record<string, string>,
	credentials: CredentialsMap,
	parameters: INodeParameters = ACCESS,
) {
	return await deliverWebhook(triggerSpec(parameters), { method: 'GET', headers }, { credentials });
}

async function orderAs(
	headers: Record<string, string>,
	body: unknown,
	options: {
		credentials?: CredentialsMap;
		parameters?: INodeParameters;
		staticData?: IDataObject;
		webhookId?: string;
	} = {},
) {
	const spec = {
		...triggerSpec({ ...ACCESS, ...options.parameters }),
		// A fixed webhook id is the same trigger across requests (as in n8n); without one, each request gets a new one.
		...(options.webhookId ? { settings: { webhookId: options.webhookId } } : {}),
	};
	return await deliverWebhook(
		spec,
		{ method: 'POST', headers, body },
		{
			credentials: options.credentials ?? DERIVED,
			staticData: options.staticData ?? {},
		},
	);
}

const ids = (list: unknown, key: 'packages' | 'add_on_packages') =>
	((list as Record<string, Array<{ id: string }>>)[key] ?? []).map((entry) => entry.id);

describe('one trigger for every client account', () => {
	test('three accounts in Derived Secrets mode each get their own package view', async () => {
		const views: Record<string, [string[], string[]]> = {};
		for (const accountId of ['ACME', 'GLOBEX', 'INITECH']) {
			const { response, items } = await packagesAs(authFor(accountId), DERIVED);
			expect(response.statusCode).toBe(200);
			expect(items).toBeUndefined();
			views[accountId] = [ids(response.body, 'packages'), ids(response.body, 'add_on_packages')];
		}
		expect(views).toEqual({
			ACME: [['PKG001'], ['DRG01']],
			GLOBEX: [['PKG002', 'PKG003'], []],
			INITECH: [
				['PKG001', 'PKG002', 'PKG003'],
				['DRG01', 'DRG02'],
			],
		});
	});

	test('two accounts in List mode each get their own package view', async () => {
		const [a, b] = LIST_PAIRS;
		const first = await packagesAs(authFor(a.accountId, a.apiSecret), LISTED);
		const second = await packagesAs(authFor(b.accountId, b.apiSecret), LISTED);
		expect([first.response.statusCode, second.response.statusCode]).toEqual([200, 200]);
		expect(ids(first.response.body, 'packages')).toEqual(['PKG001', 'PKG002', 'PKG003']);
		expect([
			ids(second.response.body, 'packages'),
			ids(second.response.body, 'add_on_packages'),
		]).toEqual([['PKG003'], ['DRG02']]);
	});

	test.each([
		[
			"derived: ACME presents GLOBEX's secret",
			() => authFor('ACME', deriveApiSecret(MASTER, 'GLOBEX')),
			DERIVED,
		],
		[
			'derived: a secret derived from another master key',
			() => authFor('ACME', deriveApiSecret(`${MASTER}-other`, 'ACME')),
			DERIVED,
		],
		['derived: a revoked account with its own secret', () => authFor('GONE-1'), DERIVED],
		['derived: no Authorization header', () => ({}), DERIVED],
		[
			'derived: the right secret for the wrong user',
			() => authFor('ACME ', deriveApiSecret(MASTER, 'ACME')),
			DERIVED,
		],
		[
			"list: LIST-A presents LIST-B's secret",
			() => authFor('LIST-A', LIST_PAIRS[1].apiSecret),
			LISTED,
		],
		['list: an account not in the list', () => authFor('LIST-C', LIST_PAIRS[0].apiSecret), LISTED],
		['list: no Authorization header', () => ({}), LISTED],
	])(
		'%s: 401 for packages and orders, no execution, nothing remembered',
		async (_label, headers, credentials) => {
			const packages = await packagesAs(headers(), credentials);
			expect(packages.response.statusCode).toBe(401);
			expect(packages.response.body).toEqual({ error_message: 'Unauthorized' });
			const staticData: IDataObject = {};
			const order = await orderAs(headers(), seedOrder({ account_id: 'ACME' }), {
				credentials,
				staticData,
			});
			expect(order.response.statusCode).toBe(401);
			expect(order.response.headers['www-authenticate']).toBe(
				'Basic realm="ATS Anywhere", charset="UTF-8"',
			);
			expect(order.items).toBeUndefined();
			expect(JSON.stringify(staticData)).not.toContain('224466');
		},
	);

	test('a master key shorter than 16 characters refuses everyone, even with the secret it derives', async () => {
		const weak = { atsAnywhereApi: { mode: 'derived', masterSecret: 'short' } };
		const { response } = await packagesAs(authFor('ACME', deriveApiSecret('short', 'ACME')), weak);
		expect(response.statusCode).toBe(401);
	});

	test('Account > Create Credentials: its output authenticates against the trigger', async () => {
		const created = await runNode(
			{
				type: 'atsAnywhere',
				parameters: {
					resource: 'account',
					operation: 'createCredentials',
					accountId: '={{ $json.id }}',
				},
			},
			{ credentials: DERIVED, items: [{ id: 'NEW-CLIENT-7' }, { id: 'NEW-CLIENT-8' }] },
		);
		expect(created.error).toBeUndefined();
		expect(created.items.map((item) => item.json.account_id)).toEqual([
			'NEW-CLIENT-7',
			'NEW-CLIENT-8',
		]);
		expect(created.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of created.items) {
			const headers = authFor(String(item.json.account_id), String(item.json.api_secret));
			expect((await packagesAs(headers, DERIVED)).response.statusCode).toBe(200);
			const ordered = await orderAs(headers, seedOrder({ account_id: item.json.account_id }), {
				parameters: { responseMode: 'immediately' },
			});
			expect(ordered.response.statusCode).toBe(201);
			expect(ordered.items?.[0].json.authenticated_account_id).toBe(item.json.account_id);
		}
	});

	test('Create Credentials refuses a revoked account, an id with a colon, and List mode', async () => {
		const run = async (accountId: string, credentials = DERIVED) =>
			await runNode(
				{
					type: 'atsAnywhere',
					parameters: { resource: 'account', operation: 'createCredentials', accountId },
				},
				{ credentials },
			);
		expect((await run('GONE-2')).error?.message).toBe(
			'Credentials not created: account "GONE-2" is in the credential\'s Revoked Account IDs',
		);
		expect((await run('A:B')).error?.message).toBe(
			'Credentials not created: Account ID must not contain a colon (HTTP Basic cannot carry it)',
		);
		const listed = await run('LIST-C', LISTED);
		expect(listed.error?.message).toBe(
			'Credentials not created: the ATS Anywhere credential is in List mode',
		);
		expect(JSON.stringify(listed.error)).not.toContain(LIST_PAIRS[0].apiSecret);
	});

	test("an order for a package or add-on outside the account's view gets 400 naming it, and starts nothing", async () => {
		const refused = await orderAs(
			authFor('ACME'),
			seedOrder({ account_id: 'ACME', package_id: 'PKG002', add_on_package_ids: ['DRG02'] }),
		);
		expect(refused.response.statusCode).toBe(400);
		expect(refused.response.body).toEqual({
			error_message:
				'Invalid order: package_id "PKG002" is not a package this account may order; add_on_package_ids: "DRG02" is not an add-on this account may order',
		});
		expect(refused.items).toBeUndefined();
		const allowed = await orderAs(
			authFor('ACME'),
			seedOrder({ account_id: 'ACME', package_id: 'PKG001', add_on_package_ids: ['DRG01'] }),
		);
		expect(allowed.response.ended).toBe(false);
		expect(allowed.items).toHaveLength(1);
	});

	test('an order whose account_id is another account is refused (the authenticated account is what counts)', async () => {
		const { response, items } = await orderAs(
			authFor('INITECH'),
			seedOrder({ account_id: 'ACME' }),
		);
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({
			error_message:
				'Invalid order: account_id does not match the account this request authenticated as',
		});
		expect(items).toBeUndefined();
	});

	test('a package restriction naming an unknown package refuses activation-time checks and answers 500 with error_message', async () => {
		const broken = { accountPackages: { account: [{ accountId: 'ACME', packageIds: 'PKG999' }] } };
		const { response } = await packagesAs(authFor('ACME'), DERIVED, {
			...SEED_PACKAGE_PARAMETERS,
			...broken,
		});
		expect(response.statusCode).toBe(500);
		expect(response.body).toEqual({ error_message: 'The package list is not available right now' });
	});
});

describe("personal data in the trigger's items", () => {
	const sensitive = () =>
		seedOrder({
			account_id: 'INITECH',
			applicant: {
				...(seedOrder().applicant as IDataObject),
				ssn: '123-45-6789',
				dob: '1990-04-01',
				drivers_license_number: 'D1234-5678-9012',
			},
		});

	test('SSN, date of birth and licence number are masked by default', async () => {
		const { items } = await orderAs(authFor('INITECH'), sensitive());
		const applicant = items?.[0].json.applicant as IDataObject;
		expect(applicant.ssn).toBe('*****6789');
		expect(applicant.dob).toBe('**********');
		expect(applicant.drivers_license_number).toBe('*********9012');
		expect(JSON.stringify(items)).not.toContain('123-45-6789');
		expect(JSON.stringify(items)).not.toContain('1990-04-01');
		expect(applicant.first_name).toBe('John');
	});

	test('"Mask Personal Data in Output" off passes them through', async () => {
		const { items } = await orderAs(authFor('INITECH'), sensitive(), {
			parameters: { requestOptions: { maskPersonalData: false } },
		});
		expect(items?.[0].json.applicant).toMatchObject({
			ssn: '123-45-6789',
			dob: '1990-04-01',
			drivers_license_number: 'D1234-5678-9012',
		});
	});
});

describe('the workflow decides (the default) and duplicates wait for the first answer', () => {
	const answerNode = (parameters: INodeParameters = {}) => ({
		type: 'atsAnywhere',
		name: 'Answer Order',
		parameters: {
			resource: 'order',
			operation: 'answer',
			accountId: '={{ $json.authenticated_account_id }}',
			...parameters,
		},
	});
	const failingNode = {
		type: 'atsAnywhere',
		name: 'Fails',
		parameters: {
			resource: 'statusUpdate',
			operation: 'send',
			result: 'Pass',
			resultLinkUrl: 'http://not-https.example.com',
		},
	};

	async function runAfter(
		delivered: Awaited<ReturnType<typeof orderAs>>,
		specs: Array<Parameters<typeof makeNode>[0]>,
		staticData: IDataObject,
	) {
		const nodes = [
			makeNode(triggerSpec(ACCESS), DERIVED, 0),
			...specs.map((spec, i) => makeNode(spec, DERIVED, i + 1)),
		];
		return await executeWorkflow(nodes, chain(nodes), {
			mode: 'webhook',
			input: delivered.items ?? [],
			staticData,
			credentials: DERIVED,
		});
	}

	test('two identical orders at once: one execution; the duplicate waits and gets the same answer', async () => {
		const webhookId = 'concurrent-1';
		const order = seedOrder({
			account_id: 'ACME',
			background_check_id: 'C-1',
			package_id: 'PKG001',
			add_on_package_ids: [],
		});
		// Each request reads its own copy of the static data, as n8n loads it per request.
		const first = await orderAs(authFor('ACME'), order, { webhookId, staticData: {} });
		expect(first.items).toHaveLength(1);
		expect(first.response.ended).toBe(false);
		let secondDone = false;
		const second = orderAs(authFor('ACME'), order, { webhookId, staticData: {} }).then((result) => {
			secondDone = true;
			return result;
		});
		await new Promise((resolve) => setImmediate(resolve));
		expect(secondDone).toBe(false);

		const staticData: IDataObject = {};
		const run = await runAfter(first, [answerNode()], staticData);
		answerAsN8n(first, run);
		const duplicate = await second;
		expect(first.response).toMatchObject({
			statusCode: 201,
			body: { background_check_id: 'C-1', message: 'Order accepted' },
		});
		expect(duplicate.items).toBeUndefined();
		expect(duplicate.response).toMatchObject({
			statusCode: 201,
			body: { background_check_id: 'C-1', message: 'Order accepted' },
		});

		// A retry after the answer, even before the static data is saved, gets it too.
		const retry = await orderAs(authFor('ACME'), order, { webhookId, staticData: {} });
		expect(retry.items).toBeUndefined();
		expect(retry.response.body).toEqual({ background_check_id: 'C-1', message: 'Order accepted' });
		// The same id from another account is another order.
		const other = await orderAs(
			authFor('INITECH'),
			{ ...order, account_id: 'INITECH' },
			{ webhookId, staticData: {} },
		);
		expect(other.items).toHaveLength(1);
	});

	test('a workflow that fails before answering: 500 with error_message; the waiting duplicate gets the same; a later retry runs again', async () => {
		const webhookId = 'concurrent-2';
		const order = seedOrder({
			account_id: 'ACME',
			background_check_id: 'C-2',
			package_id: 'PKG001',
			add_on_package_ids: [],
		});
		const first = await orderAs(authFor('ACME'), order, { webhookId });
		const second = orderAs(authFor('ACME'), order, { webhookId });
		const run = await runAfter(first, [failingNode, answerNode()], {});
		expect(run.errorOf('Fails')).toBeDefined();
		answerAsN8n(first, run);
		const expected = {
			statusCode: 500,
			body: {
				error_message:
					'The order could not be processed: the provider workflow failed before accepting it. Please send it again later.',
			},
		};
		expect(first.response).toMatchObject(expected);
		const duplicate = await second;
		expect(duplicate.items).toBeUndefined();
		expect(duplicate.response).toMatchObject(expected);

		const retry = await orderAs(authFor('ACME'), order, { webhookId });
		expect(retry.items).toHaveLength(1);
		expect(retry.response.ended).toBe(false);
		const retried = await runAfter(retry, [answerNode()], {});
		answerAsN8n(retry, retried);
		expect(retry.response).toMatchObject({
			statusCode: 201,
			body: { background_check_id: 'C-2', message: 'Order accepted' },
		});
	});

	test('Answer (Reject) reaches the ATS as sent; the order is not remembered', async () => {
		const webhookId = 'reject-1';
		const order = seedOrder({
			account_id: 'ACME',
			background_check_id: 'C-3',
			package_id: 'PKG001',
			add_on_package_ids: [],
		});
		const first = await orderAs(authFor('ACME'), order, { webhookId });
		const run = await runAfter(
			first,
			[answerNode({ answer: 'reject', errorMessage: 'No case possible', httpStatus: 422 })],
			{},
		);
		answerAsN8n(first, run);
		expect(first.response).toMatchObject({
			statusCode: 422,
			body: { error_message: 'No case possible' },
		});
		expect((await orderAs(authFor('ACME'), order, { webhookId })).items).toHaveLength(1);
	});

	test("a workflow that ends without an Answer step: n8n's 201 gets a body naming the order", async () => {
		const webhookId = 'no-answer-1';
		const order = seedOrder({
			account_id: 'ACME',
			background_check_id: 'C-4',
			package_id: 'PKG001',
			add_on_package_ids: [],
		});
		const first = await orderAs(authFor('ACME'), order, { webhookId });
		const run = await runAfter(first, [], {});
		answerAsN8n(first, run);
		expect(first.response).toMatchObject({
			statusCode: 201,
			body: { background_check_id: 'C-4', message: 'Order received' },
		});
	});
});

describe('List mode with a malformed line', () => {
	test('the line is skipped with one warning naming its line number; the other accounts work', async () => {
		const warn = jest.spyOn(n8nLogger(), 'warn').mockImplementation(() => undefined);
		try {
			const credentials: CredentialsMap = {
				atsAnywhereApi: {
					mode: 'list',
					accountSecrets: [
						`${LIST_PAIRS[0].accountId}:${LIST_PAIRS[0].apiSecret}`,
						'LIST-C-missing-its-secret',
						`${LIST_PAIRS[1].accountId}:${LIST_PAIRS[1].apiSecret}`,
					].join('\n'),
				},
			};
			for (const pair of LIST_PAIRS) {
				const { response } = await packagesAs(authFor(pair.accountId, pair.apiSecret), credentials);
				expect(response.statusCode).toBe(200);
			}
			const broken = await packagesAs(authFor('LIST-C-missing-its-secret', ''), credentials);
			expect(broken.response.statusCode).toBe(401);
			const warnings = warn.mock.calls.map(([message]) => String(message));
			const skipped = warnings.filter((message) => message.includes('Account Secrets line 2'));
			expect(skipped).toEqual([
				'ATS Anywhere Trigger: Account Secrets line 2 is not ACCOUNT_ID:API_SECRET (skipped); the other accounts work',
			]);
			expect(warnings.join('\n')).not.toContain('LIST-C-missing');
		} finally {
			warn.mockRestore();
		}
	});
});
