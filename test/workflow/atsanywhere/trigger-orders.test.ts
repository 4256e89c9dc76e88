import type { IDataObject } from 'n8n-workflow';

import { deliverWebhook } from '../../../harness';
import { postOrder as deliverOrder, type DeliverOptions } from './deliver';
import { ACCOUNT, AUTH, basic, credentials, seedOrder, triggerSpec } from './fixtures';

/** These tests describe "Immediately"; the default (the workflow answers) is tested in accept-mode.test.ts. */
const IMMEDIATELY = { responseMode: 'immediately' };
const postOrder = async (body: unknown, options: DeliverOptions = {}) =>
	await deliverOrder(body, { ...options, parameters: { ...IMMEDIATELY, ...options.parameters } });

function without(path: string): IDataObject {
	const order = JSON.parse(JSON.stringify(seedOrder())) as IDataObject;
	const parts = path.split('.');
	let target = order as IDataObject;
	for (const part of parts.slice(0, -1)) target = target[part] as IDataObject;
	delete target[parts[parts.length - 1]];
	return order;
}

function withValue(path: string, value: unknown): IDataObject {
	const order = JSON.parse(JSON.stringify(seedOrder())) as IDataObject;
	const parts = path.split('.');
	let target = order as IDataObject;
	for (const part of parts.slice(0, -1)) target = target[part] as IDataObject;
	target[parts[parts.length - 1]] = value as IDataObject[string];
	return order;
}

const invalidOrders: Array<[string, unknown, string]> = [
	[
		'an empty object',
		{},
		'Invalid order: account_id is required; background_check_id is required; package_id is required; webhook_url is required; hiring_manager is required; applicant is required; job is required',
	],
	['a JSON list', [seedOrder()], 'Invalid order: the order must be a JSON object'],
	['no account_id', without('account_id'), 'Invalid order: account_id is required'],
	[
		'another account_id',
		withValue('account_id', 'ACCT999'),
		'Invalid order: account_id does not match the account this request authenticated as',
	],
	[
		'no background_check_id',
		without('background_check_id'),
		'Invalid order: background_check_id is required',
	],
	[
		'an empty background_check_id',
		withValue('background_check_id', '  '),
		'Invalid order: background_check_id must not be empty',
	],
	['no package_id', without('package_id'), 'Invalid order: package_id is required'],
	[
		'a package_id object',
		withValue('package_id', { id: 'PKG001' }),
		'Invalid order: package_id must be text',
	],
	[
		'a package the provider does not offer',
		withValue('package_id', 'PKG999'),
		'Invalid order: package_id "PKG999" is not a package this provider offers',
	],
	[
		'add_on_package_ids not a list',
		withValue('add_on_package_ids', 'DRG02'),
		'Invalid order: add_on_package_ids must be a list of package IDs',
	],
	[
		'an add-on the provider does not offer',
		withValue('add_on_package_ids', ['DRG02', 'DRG77']),
		'Invalid order: add_on_package_ids: "DRG77" is not an add-on this provider offers',
	],
	[
		'an empty add-on ID',
		withValue('add_on_package_ids', ['']),
		'Invalid order: add_on_package_ids[0] must not be empty',
	],
	['no webhook_url', without('webhook_url'), 'Invalid order: webhook_url is required'],
	[
		'a relative webhook_url',
		withValue('webhook_url', '/yourco_webhooks'),
		'Invalid order: webhook_url must be an absolute http(s) URL',
	],
	[
		'an ftp webhook_url',
		withValue('webhook_url', 'ftp://api.applicant-tracking.com/x'),
		'Invalid order: webhook_url must be an absolute http(s) URL',
	],
	['no hiring_manager', without('hiring_manager'), 'Invalid order: hiring_manager is required'],
	[
		'hiring_manager as text',
		withValue('hiring_manager', 'Jill Smith'),
		'Invalid order: hiring_manager must be an object',
	],
	[
		'no hiring_manager.id',
		without('hiring_manager.id'),
		'Invalid order: hiring_manager.id is required',
	],
	[
		'a bad hiring_manager.email',
		withValue('hiring_manager.email', 'jill.smith'),
		'Invalid order: hiring_manager.email must be an email address',
	],
	['no applicant', without('applicant'), 'Invalid order: applicant is required'],
	['applicant null', withValue('applicant', null), 'Invalid order: applicant is required'],
	['no applicant.id', without('applicant.id'), 'Invalid order: applicant.id is required'],
	[
		'no applicant.first_name',
		without('applicant.first_name'),
		'Invalid order: applicant.first_name is required',
	],
	[
		'no applicant.last_name',
		without('applicant.last_name'),
		'Invalid order: applicant.last_name is required',
	],
	['no applicant.email', without('applicant.email'), 'Invalid order: applicant.email is required'],
	[
		'a bad applicant.email',
		withValue('applicant.email', 'john at example'),
		'Invalid order: applicant.email must be an email address',
	],
	[
		'applicant.phone as a list',
		withValue('applicant.phone', ['888']),
		'Invalid order: applicant.phone must be text',
	],
	['no job', without('job'), 'Invalid order: job is required'],
	['no job.id', withValue('job', {}), 'Invalid order: job.id is required'],
	[
		'several problems at once',
		{
			...seedOrder({ package_id: 'PKG404', webhook_url: 'nope' }),
			applicant: { id: '1', first_name: 'John', last_name: 'Doe' },
		},
		'Invalid order: webhook_url must be an absolute http(s) URL; applicant.email is required; package_id "PKG404" is not a package this provider offers',
	],
];

describe('ATS Anywhere Trigger: orders', () => {
	test.each(invalidOrders)(
		'%s: 400 with every problem in error_message, no execution',
		async (_label, body, message) => {
			const staticData: IDataObject = {};
			const { response, items, result } = await postOrder(body, { staticData });
			expect(response.statusCode).toBe(400);
			expect(response.body).toEqual({ error_message: message });
			expect(items).toBeUndefined();
			expect(result.noWebhookResponse).toBe(true);
			expect(staticData.global ?? {}).toEqual({});
		},
	);

	test('a body that is not JSON gets an error_message', async () => {
		const { response, items } = await deliverWebhook(
			triggerSpec(),
			{
				method: 'POST',
				headers: { ...AUTH, 'Content-Type': 'text/plain' },
				body: "{'account_id': 'ACCT123'",
			},
			{ credentials },
		);
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({
			error_message: 'Invalid order: the order must be a JSON object',
		});
		expect(items).toBeUndefined();
	});

	test('error messages name fields, never applicant data', async () => {
		const { response } = await postOrder(
			withValue('applicant', {
				id: '1',
				first_name: 'John',
				last_name: 'Doe',
				email: 'john.doe@',
				phone: { n: '888-555-1234' },
			}),
		);
		const text = JSON.stringify(response.body);
		expect(text).toContain('applicant.email must be an email address');
		expect(text).toContain('applicant.phone must be text');
		expect(text).not.toContain('john.doe@');
		expect(text).not.toContain('888-555-1234');
	});

	test('a valid order gets 201 and starts one execution with the order as the item', async () => {
		const staticData = {};
		const { response, items, result } = await postOrder(seedOrder(), { staticData });
		expect(response.statusCode).toBe(201);
		expect(response.body).toEqual({ background_check_id: '224466', message: 'Order received' });
		expect(result.noWebhookResponse).toBe(true);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toEqual({
			...seedOrder(),
			authenticated_account_id: 'ACCT123',
			receivedAt: expect.any(String),
		});
	});

	test('the order posted as text/plain JSON is read the same way', async () => {
		const { response, items } = await deliverWebhook(
			triggerSpec(IMMEDIATELY),
			{
				method: 'POST',
				headers: { ...AUTH, 'Content-Type': 'text/plain' },
				body: JSON.stringify(seedOrder()),
			},
			{ credentials },
		);
		expect(response.statusCode).toBe(201);
		expect(items?.[0].json).toEqual({
			...seedOrder(),
			authenticated_account_id: 'ACCT123',
			receivedAt: expect.any(String),
		});
	});

	test('tolerant: numeric IDs become text, unknown fields are kept, optional fields may be missing or null', async () => {
		const order = seedOrder({
			background_check_id: 224467,
			hiring_manager_user_id: 67890,
			add_on_package_ids: null,
			ats_extra: { anything: true },
			hiring_manager: { id: 67890, email: 'jill.smith@example.com' },
			applicant: {
				id: 12345,
				first_name: 'John',
				last_name: 'Doe',
				email: 'john.doe@example.com',
				zip: 12345,
				nickname: 'JD',
			},
			job: { id: 12345, title: 'Barista' },
		});
		const { response, items } = await postOrder(order);
		expect(response.statusCode).toBe(201);
		expect(response.body).toEqual({ background_check_id: '224467', message: 'Order received' });
		expect(items?.[0].json).toEqual({
			...seedOrder(),
			background_check_id: '224467',
			hiring_manager_user_id: '67890',
			add_on_package_ids: undefined,
			ats_extra: { anything: true },
			hiring_manager: { id: '67890', email: 'jill.smith@example.com' },
			applicant: {
				id: '12345',
				first_name: 'John',
				last_name: 'Doe',
				email: 'john.doe@example.com',
				zip: '12345',
				nickname: 'JD',
			},
			job: { id: '12345', title: 'Barista' },
			authenticated_account_id: 'ACCT123',
			receivedAt: expect.any(String),
		});
	});

	test('"Require Matching Account ID" off: another account_id is accepted', async () => {
		const { response, items } = await postOrder(seedOrder({ account_id: 'ATS-SIDE-7' }), {
			parameters: { requestOptions: { requireMatchingAccountId: false } },
		});
		expect(response.statusCode).toBe(201);
		expect(items).toHaveLength(1);
	});

	describe('retries of the same background_check_id', () => {
		test('get the same answer and start no second execution', async () => {
			const staticData = {};
			const first = await postOrder(seedOrder(), { staticData });
			expect(first.response.statusCode).toBe(201);
			expect(first.items).toHaveLength(1);

			const retry = await postOrder(seedOrder(), { staticData });
			expect(retry.response.statusCode).toBe(first.response.statusCode);
			expect(retry.response.body).toEqual(first.response.body);
			expect(retry.items).toBeUndefined();
			expect(retry.result.noWebhookResponse).toBe(true);

			// Even if the retry differs (the ATS re-sent an edited copy): same answer, no execution.
			const edited = await postOrder(seedOrder({ package_id: 'PKG003' }), { staticData });
			expect(edited.response.body).toEqual(first.response.body);
			expect(edited.items).toBeUndefined();

			// Another order still runs.
			const next = await postOrder(seedOrder({ background_check_id: '224467' }), { staticData });
			expect(next.response.statusCode).toBe(201);
			expect(next.items).toHaveLength(1);
		});

		test('the memory holds IDs and answers only, no applicant data', async () => {
			const staticData = {};
			await postOrder(seedOrder(), { staticData });
			const stored = JSON.stringify(staticData);
			expect(stored).toContain('224466');
			for (const personal of [
				'John',
				'Doe',
				'888-555-1234',
				'123 Main St.',
				'john.doe@example.com',
				'Springfield',
				'jill.smith',
			]) {
				expect(stored).not.toContain(personal);
			}
		});

		test('the same ID from another client account is a different order', async () => {
			const staticData = {};
			const other = { accountId: 'ACCT456', apiSecret: `${ACCOUNT.apiSecret}-second-account` };
			await postOrder(seedOrder(), { staticData });
			const { response, items } = await postOrder(seedOrder({ account_id: other.accountId }), {
				staticData,
				credentials: {
					atsAnywhereApi: { mode: 'list', accountSecrets: `${other.accountId}:${other.apiSecret}` },
				},
				headers: { Authorization: basic(other.accountId, other.apiSecret) },
			});
			expect(response.statusCode).toBe(201);
			expect(items).toHaveLength(1);
		});

		test('a rejected order is not remembered: the corrected retry runs', async () => {
			const staticData = {};
			const rejected = await postOrder(seedOrder({ package_id: 'PKG999' }), { staticData });
			expect(rejected.response.statusCode).toBe(400);
			const corrected = await postOrder(seedOrder(), { staticData });
			expect(corrected.response.statusCode).toBe(201);
			expect(corrected.items).toHaveLength(1);
		});

		test('the memory is bounded to the last 500 orders', async () => {
			const staticData: IDataObject = {};
			for (let i = 0; i < 505; i++) {
				const { response } = await postOrder(seedOrder({ background_check_id: `B${i}` }), {
					staticData,
				});
				expect(response.statusCode).toBe(201);
			}
			const remembered = (staticData.global as IDataObject).atsAnywhereAcceptedOrders as unknown[];
			expect(remembered).toHaveLength(500);
			// The oldest were forgotten (a very late retry runs again); recent ones are still recognised.
			expect(
				(await postOrder(seedOrder({ background_check_id: 'B0' }), { staticData })).items,
			).toHaveLength(1);
			expect(
				(await postOrder(seedOrder({ background_check_id: 'B504' }), { staticData })).items,
			).toBeUndefined();
		});
	});
});
