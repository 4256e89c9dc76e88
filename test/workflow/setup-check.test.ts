import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { deliverWebhook, runNode, type CredentialsMap } from '../../harness';
import { demoCredentials, startSandbox, type RunningSandbox } from '../../sandbox/server';
import { triggerSpec } from './atsanywhere/fixtures';
import { pageUpSandboxCredentials } from './pageup/sandbox-helpers';

/**
 * Account > Check Setup of every vendor node against the sandbox: as the sandbox reads the vendors' documents
 * (every assumption held), then against a sandbox configured to differ (Choice's paths moved and its status field
 * renamed, PageUp's entries carrying `ID` inside a wrapper, an ATS account list with a malformed line): each
 * difference is reported, with what was seen and no value. Each run's report is printed.
 */

let sandbox: RunningSandbox;

interface Finding {
	vendor: string;
	check: number;
	assumption: string;
	result: 'held' | 'differs' | 'not checkable';
	seen: string;
	hint?: string;
	summary: string;
}

async function checkSetup(
	type: string,
	credentials: CredentialsMap,
	parameters: IDataObject = {},
	label = '',
): Promise<Finding[]> {
	const { items, error } = await runNode(
		{ type, parameters: { resource: 'account', operation: 'checkSetup', ...parameters } },
		{ credentials },
	);
	expect(error).toBeUndefined();
	const findings = (items as INodeExecutionData[]).map((item) => item.json as unknown as Finding);
	process.stdout.write(
		`\n[setup] ${findings[0]?.vendor}${label ? ` (${label})` : ''}: ${findings[0]?.summary}\n${findings
			.map(
				(f) =>
					`  ${f.result.padEnd(13)} ${f.assumption}\n                seen: ${f.seen}${f.hint ? `\n                hint: ${f.hint}` : ''}`,
			)
			.join('\n')}\n`,
	);
	return findings;
}

const results = (findings: Finding[]) => findings.map((f) => f.result);
const find = (findings: Finding[], text: string) => {
	const found = findings.find((f) => f.assumption.includes(text));
	if (!found) throw new Error(`no finding about "${text}"`);
	return found;
};

function choice(paths: Record<string, string> = {}): CredentialsMap {
	const demo = demoCredentials.choiceScreening;
	return {
		choiceScreeningApi: {
			authentication: 'clientCredentials',
			environment: 'custom',
			baseUrl: `${sandbox.url}/choice`,
			tokenUrl: `${sandbox.url}/choice/connect/token`,
			clientId: demo.clientId,
			clientSecret: demo.clientSecret,
			scope: demo.scope,
			...paths,
		},
	};
}

function riq(): CredentialsMap {
	return {
		residentIqApi: {
			environment: 'custom',
			baseUrl: `${sandbox.url}/riq`,
			userId: demoCredentials.residentIq.userId,
			password: demoCredentials.residentIq.password,
		},
	};
}

/** Everything a report may show, checked for values: no secret, no SSN, no date of birth. */
function expectNoValues(findings: Finding[], values: string[]) {
	const text = JSON.stringify(findings);
	for (const value of values) expect(text).not.toContain(value);
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, demoData: false });
});

afterAll(async () => {
	await sandbox?.close();
});

beforeEach(async () => {
	await sandbox.admin.call('POST', '/reset', { demoData: false });
	await sandbox.admin.call('PUT', '/choice/settings', { autoCompleteSeconds: null });
});

describe('PageUp', () => {
	test('as the sandbox reads PageUp: every assumption held, nothing claimed', async () => {
		await sandbox.admin.call('POST', '/pageup/checks', { count: 2 });
		const findings = await checkSetup('pageUp', pageUpSandboxCredentials(sandbox.url));
		expect(results(findings)).toEqual(findings.map(() => 'held'));
		expect(findings.length).toBeGreaterThanOrEqual(7);
		const state = await sandbox.admin.call<{ pageUp: { checks: Array<{ status: string }> } }>(
			'GET',
			'/state',
		);
		expect(state.pageUp.checks.map((check) => check.status)).toEqual(['pending', 'pending']);
		expectNoValues(findings, [demoCredentials.pageUp.clientSecret]);
	});

	test('entries with "ID" inside a wrapper: both reported as differing, with the field names seen', async () => {
		await sandbox.admin.call('POST', '/pageup/checks', { count: 2 });
		await sandbox.admin.call('PUT', '/pageup/settings', { listIdKey: 'ID', listWrapper: 'items' });
		const findings = await checkSetup(
			'pageUp',
			pageUpSandboxCredentials(sandbox.url),
			{},
			'ID and a wrapper',
		);
		expect(find(findings, 'is a JSON array')).toMatchObject({ result: 'differs' });
		expect(find(findings, 'is a JSON array').seen).toContain('"items"');
		expect(find(findings, 'named "id"')).toMatchObject({ result: 'differs' });
		expect(find(findings, 'named "id"').seen).toContain('id field: ID');
		expect(find(findings, 'token URL issues')).toMatchObject({ result: 'held' });
	});

	test('an empty pending list: the id field is not checkable (nothing invented)', async () => {
		const findings = await checkSetup(
			'pageUp',
			pageUpSandboxCredentials(sandbox.url),
			{},
			'empty list',
		);
		expect(find(findings, 'named "id"')).toMatchObject({ result: 'not checkable' });
	});

	test('a client without the Write scope: that scope differs', async () => {
		const demo = demoCredentials.pageUp;
		await sandbox.admin.call('POST', '/pageup/clients', {
			clientId: 'read-only-client',
			clientSecret: 'read-only-secret',
			instanceId: demo.instanceId,
			provider: demo.provider,
			scopes: ['Public.BackgroundCheck.Read'],
		});
		const credentials = pageUpSandboxCredentials(sandbox.url);
		Object.assign(credentials.pageUpApi, {
			clientId: 'read-only-client',
			clientSecret: 'read-only-secret',
			scope: 'Public.BackgroundCheck.Read',
		});
		const findings = await checkSetup('pageUp', credentials, {}, 'read-only client');
		expect(find(findings, 'grants Public.BackgroundCheck.Read')).toMatchObject({ result: 'held' });
		expect(find(findings, 'grants Public.BackgroundCheck.Write')).toMatchObject({
			result: 'differs',
		});
		expectNoValues(findings, ['read-only-secret']);
	});
});

describe('Choice Screening', () => {
	async function placeOrder(credentials: CredentialsMap): Promise<string> {
		const { items, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'create',
					isConsent: false,
					firstName: 'JOHN',
					lastName: 'DOE',
					dateOfBirth: '1990-07-08',
					items: {
						item: [
							{ itemType: 'PACKAGE', packageNumber: '103', stateCode: 'CO', county: 'ARAPAHOE' },
						],
					},
					trackingId: `SETUP-${Date.now()}`,
					returnUrl: 'https://n8n.example.com/webhook/setup/callback',
					options: {},
				},
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		return String(items?.[0].json.orderId);
	}

	test('as the sandbox reads Choice: every assumption held, the order only read', async () => {
		const orderId = await placeOrder(choice());
		const findings = await checkSetup('choiceScreening', choice(), { setupOrderId: orderId });
		expect(results(findings)).toEqual(findings.map(() => 'held'));
		expect(findings.length).toBe(8);
		expect(find(findings, 'named "status"').seen).toContain('no "order" wrapper');
		expectNoValues(findings, [demoCredentials.choiceScreening.clientSecret, '1990-07-08', 'JOHN']);
	});

	test('without an order number: the order assumptions are not checkable', async () => {
		const findings = await checkSetup('choiceScreening', choice(), {}, 'no order id');
		expect(findings.filter((f) => f.result === 'not checkable')).toHaveLength(4);
		expect(findings.filter((f) => f.result === 'differs')).toEqual([]);
	});

	test('paths moved and the status field renamed: each path and the field reported as differing', async () => {
		const orderId = await placeOrder(choice());
		await sandbox.admin.call('PUT', '/choice/settings', {
			paths: {
				ping: '/v2/health',
				packages: '/v2/catalog/packages',
				orderStatus: '/v2/orders/{id}/status',
				orderReport: '/v2/orders/{id}/report.html',
			},
			statusField: 'orderStatus',
		});
		// The credential still has the default paths: every moved one differs, with the setting to change.
		const moved = await checkSetup(
			'choiceScreening',
			choice(),
			{ setupOrderId: orderId },
			'paths moved',
		);
		for (const what of ['Ping is at', 'package list is at', 'order status is at', 'report is at']) {
			expect(find(moved, what)).toMatchObject({ result: 'differs', seen: 'HTTP 404' });
			expect(find(moved, what).hint).toMatch(/Custom URLs/);
		}
		expect(find(moved, 'is accepted')).toMatchObject({ result: 'not checkable' });

		// With the paths set in the credential: the paths hold, the renamed status field differs, naming it.
		const custom = choice({
			pingPath: '/v2/health',
			packagesPath: '/v2/catalog/packages',
			orderStatusPath: '/v2/orders/{id}/status',
			reportPath: '/v2/orders/{id}/report.html',
		});
		const renamed = await checkSetup(
			'choiceScreening',
			custom,
			{ setupOrderId: orderId },
			'paths set, status field renamed',
		);
		expect(find(renamed, 'named "status"')).toMatchObject({ result: 'differs' });
		expect(find(renamed, 'named "status"').seen).toContain('status-like fields: orderStatus');
		expect(renamed.filter((f) => f.result === 'differs')).toHaveLength(1);
	});
});

describe('ResidentIQ', () => {
	test('as the sandbox reads RIQ: every assumption held', async () => {
		const { orderId } = await sandbox.admin.call<{ orderId: string }>('POST', '/riq/orders', {
			ssn: '333221111',
			ready: true,
		});
		const findings = await checkSetup('residentIq', riq(), { setupOrderId: orderId });
		expect(results(findings)).toEqual(findings.map(() => 'held'));
		expect(findings.length).toBe(5);
		expectNoValues(findings, [demoCredentials.residentIq.password, '333221111']);
	});

	test('a wrong password and an unknown report: reported by RIQ error code, nothing quoted', async () => {
		const wrong = ['wrong', 'password', '1'].join('-');
		const credentials = riq();
		Object.assign(credentials.residentIqApi, { password: wrong });
		const findings = await checkSetup(
			'residentIq',
			credentials,
			{ setupOrderId: '999999' },
			'wrong password',
		);
		expect(find(findings, 'are accepted')).toMatchObject({ result: 'differs' });
		expect(find(findings, 'are accepted').seen).toMatch(/^x:error, ErrorCode /);
		expectNoValues(findings, [wrong, demoCredentials.residentIq.userId]);
	});
});

describe('ATS Anywhere', () => {
	const secrets = { 'ACCT-1': 'first-account-secret', 'ACCT-2': 'second-account-secret' };
	let server: Server;
	let packagesUrl = '';
	let credentials: CredentialsMap;

	beforeAll(async () => {
		// A stand-in for n8n's webhook server: each request goes to the trigger's real webhook().
		server = createServer((req: IncomingMessage, res: ServerResponse) => {
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(req.headers))
				if (typeof value === 'string') headers[name] = value;
			deliverWebhook(
				{
					...triggerSpec({
						accountPackages: {
							account: [{ accountId: 'ACCT-2', packageIds: 'PKG001', addOnPackageIds: '' }],
						},
					}),
					settings: { webhookId: 'setup-check' },
				},
				{ method: 'GET', headers },
				{ credentials, staticData: {} },
			)
				.then(({ response }) => {
					res.writeHead(response.statusCode, {
						...response.headers,
						'content-type': 'application/json',
					});
					res.end(JSON.stringify(response.body));
				})
				.catch(() => {
					res.writeHead(500);
					res.end();
				});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		packagesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/setup-check/packages`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	test("every listed account's view of the package list; a wrong secret refused", async () => {
		credentials = {
			atsAnywhereApi: {
				mode: 'list',
				accountSecrets: Object.entries(secrets)
					.map(([id, secret]) => `${id}:${secret}`)
					.join('\n'),
			},
		};
		const findings = await checkSetup('atsAnywhere', credentials, { packagesUrl });
		expect(results(findings)).toEqual(findings.map(() => 'held'));
		expect(find(findings, 'ACCT-1').seen).toBe('HTTP 200; packages: 3, add_on_packages: 2');
		expect(find(findings, 'ACCT-2').seen).toBe('HTTP 200; packages: 1, add_on_packages: 0');
		expect(find(findings, 'wrong secret')).toMatchObject({ result: 'held', seen: 'HTTP 401' });
		expectNoValues(findings, Object.values(secrets));
	});

	test('a malformed line in the account list: reported by its line number; the other accounts checked', async () => {
		credentials = {
			atsAnywhereApi: {
				mode: 'list',
				accountSecrets: `ACCT-1:${secrets['ACCT-1']}\nbroken-line-secret-xyz\nACCT-2:${secrets['ACCT-2']}`,
			},
		};
		const findings = await checkSetup(
			'atsAnywhere',
			credentials,
			{ packagesUrl },
			'malformed line',
		);
		expect(find(findings, 'can verify')).toMatchObject({ result: 'differs' });
		expect(find(findings, 'can verify').seen).toContain('line 2');
		expect(find(findings, 'ACCT-1')).toMatchObject({ result: 'held' });
		expect(find(findings, 'ACCT-2')).toMatchObject({ result: 'held' });
		expectNoValues(findings, ['broken-line-secret-xyz', ...Object.values(secrets)]);
	});
});
