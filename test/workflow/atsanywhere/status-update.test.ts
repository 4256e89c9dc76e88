import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../../../harness';
import { ACCOUNT, basic, credentials, seedOrder } from './fixtures';

const ATS = 'https://api.applicant-tracking.com';
const RESULT_LINK = 'https://yourco.com/background_checks/CASE-224466/results';

function statusSpec(parameters: INodeParameters = {}, settings = {}) {
	return {
		type: 'atsAnywhere',
		name: 'Send Status',
		parameters: {
			resource: 'statusUpdate',
			operation: 'send',
			status: 'complete',
			result: 'Pass',
			resultLinkUrl: RESULT_LINK,
			...parameters,
		},
		settings,
	};
}

interface Recorded {
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

/** Records every request to the order's webhook_url, answering from `answers` in turn. */
function atsWebhook(answers: Array<[number, unknown, Record<string, string>?]>) {
	const recorded: Recorded[] = [];
	const scope = nock(ATS);
	for (const answer of answers) {
		const interceptor = scope.post('/yourco_webhooks', (body) => {
			recorded.push({ body, headers: {} });
			return true;
		});
		interceptor.reply(function () {
			recorded[recorded.length - 1].headers = this.req.headers;
			return [answer[0], answer[1] as nock.Body, answer[2] ?? {}];
		});
	}
	return recorded;
}

const SEED_WEBHOOK = {
	background_check_id: '224466',
	status: 'complete',
	result: 'Pass',
	result_link_url: RESULT_LINK,
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('ATS Anywhere: Status Update > Send', () => {
	test("POSTs exactly the seed's four keys to the order's webhook_url, without credentials by default", async () => {
		const recorded = atsWebhook([[200, { received: true }]]);
		const { items, error } = await runNode(statusSpec(), { items: [seedOrder()], credentials });
		expect(error).toBeUndefined();
		expect(recorded).toHaveLength(1);
		expect(recorded[0].body).toEqual(SEED_WEBHOOK);
		expect(Object.keys(recorded[0].body as object)).toEqual([
			'background_check_id',
			'status',
			'result',
			'result_link_url',
		]);
		expect(recorded[0].headers.authorization).toBeUndefined();
		expect(String(recorded[0].headers['content-type'])).toContain('application/json');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			webhook_url: `${ATS}/yourco_webhooks`,
			sent: SEED_WEBHOOK,
			response: { statusCode: 200, body: { received: true } },
			attempts: 1,
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('a 503 is retried and the same update is sent again', async () => {
		const recorded = atsWebhook([
			[503, { error_message: 'busy' }, { 'Retry-After': '0' }],
			[200, { received: true }],
		]);
		const { items, error } = await runNode(statusSpec(), { items: [seedOrder()] });
		expect(error).toBeUndefined();
		expect(recorded.map((r) => r.body)).toEqual([SEED_WEBHOOK, SEED_WEBHOOK]);
		expect(items[0].json.attempts).toBe(2);
		expect(nock.isDone()).toBe(true);
	});

	test('a 503 without Retry-After is retried with backoff', async () => {
		const recorded = atsWebhook([
			[503, ''],
			[200, ''],
		]);
		const { items, error } = await runNode(statusSpec(), { items: [seedOrder()] });
		expect(error).toBeUndefined();
		expect(recorded).toHaveLength(2);
		expect(items[0].json.response).toEqual({ statusCode: 200, body: '' });
	});

	test('a 429 is retried after Retry-After', async () => {
		const recorded = atsWebhook([
			[429, { error_message: 'slow down' }, { 'Retry-After': '0' }],
			[200, { received: true }],
		]);
		const { items, error } = await runNode(statusSpec(), { items: [seedOrder()] });
		expect(error).toBeUndefined();
		expect(recorded.map((r) => r.body)).toEqual([SEED_WEBHOOK, SEED_WEBHOOK]);
		expect(items[0].json.attempts).toBe(2);
	});

	test('a dropped connection is retried (a real socket reset, not a mock)', async () => {
		// nock's replyWithError never settles n8n's HTTP client, so a local server resets the socket.
		nock.enableNetConnect('127.0.0.1');
		const bodies: string[] = [];
		const server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				bodies.push(Buffer.concat(chunks).toString('utf8'));
				if (bodies.length === 1) {
					req.socket.destroy();
					return;
				}
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('{"received":true}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ats/webhooks/t1`;
			const { items, error } = await runNode(statusSpec(), {
				items: [seedOrder({ webhook_url: url })],
			});
			expect(error).toBeUndefined();
			expect(bodies.map((body) => JSON.parse(body))).toEqual([SEED_WEBHOOK, SEED_WEBHOOK]);
			expect(items[0].json).toMatchObject({
				attempts: 2,
				response: { statusCode: 200, body: { received: true } },
			});
		} finally {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			nock.disableNetConnect();
		}
	});

	test('gives up after Max Attempts with the ATS error message', async () => {
		const recorded = atsWebhook([
			[503, { error_message: 'maintenance window' }, { 'Retry-After': '0' }],
			[503, { error_message: 'maintenance window' }, { 'Retry-After': '0' }],
		]);
		const { error } = await runNode(statusSpec({ options: { maxAttempts: 2 } }), {
			items: [seedOrder()],
		});
		expect(recorded).toHaveLength(2);
		expect(error?.message).toBe('ATS Anywhere: maintenance window');
	});

	test('a 400 is not retried; its error_message is reported; Continue On Fail keeps the item paired', async () => {
		const recorded = atsWebhook([[400, { error_message: 'background_check_id does not match' }]]);
		const { items, error } = await runNode(statusSpec({}, { continueOnFail: true }), {
			items: [seedOrder()],
		});
		expect(error).toBeUndefined();
		expect(recorded).toHaveLength(1);
		expect(items).toEqual([
			{
				json: expect.objectContaining({
					error: 'ATS Anywhere: background_check_id does not match',
				}),
				pairedItem: { item: 0 },
				// The error itself goes with the item, so "Continue (using error output)" routes it there.
				error: expect.objectContaining({
					message: 'ATS Anywhere: background_check_id does not match',
				}),
			},
		]);
	});

	test('Authentication "Basic Auth" signs the update with the client account; the secret never shows in errors', async () => {
		const recorded = atsWebhook([[401, { error_message: `bad secret ${ACCOUNT.apiSecret}` }]]);
		const { error } = await runNode(statusSpec({ authentication: 'basicAuth' }), {
			items: [seedOrder()],
			credentials,
		});
		expect(recorded[0].headers.authorization).toBe(basic(ACCOUNT.accountId, ACCOUNT.apiSecret));
		expect(error).toBeDefined();
		const shown = `${error?.message} ${(error as { description?: string }).description ?? ''} ${JSON.stringify(error)}`;
		expect(shown).not.toContain(ACCOUNT.apiSecret);
	});

	test('each item goes to its own order webhook_url', async () => {
		const bodies: unknown[] = [];
		nock('https://ats-one.example.com')
			.post('/hooks/1', (b) => bodies.push(b) > 0)
			.reply(200, {});
		nock('https://ats-two.example.com')
			.post('/hooks/2', (b) => bodies.push(b) > 0)
			.reply(200, {});
		const { items, error } = await runNode(
			statusSpec({
				resultLinkUrl:
					'=https://yourco.com/background_checks/{{ $json.background_check_id }}/results',
			}),
			{
				items: [
					seedOrder({
						background_check_id: '1',
						webhook_url: 'https://ats-one.example.com/hooks/1',
					}),
					seedOrder({
						background_check_id: '2',
						webhook_url: 'https://ats-two.example.com/hooks/2',
					}),
				],
			},
		);
		expect(error).toBeUndefined();
		expect(bodies).toEqual([
			{
				...SEED_WEBHOOK,
				background_check_id: '1',
				result_link_url: 'https://yourco.com/background_checks/1/results',
			},
			{
				...SEED_WEBHOOK,
				background_check_id: '2',
				result_link_url: 'https://yourco.com/background_checks/2/results',
			},
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test.each([
		[
			'an http result link',
			{ resultLinkUrl: 'http://yourco.com/r/1' },
			"Status update not sent: Result Link URL must be an https:// URL (this node sends result links only over https: the link leads to a candidate's report)",
		],
		[
			'a result link that is not a URL',
			{ resultLinkUrl: 'results page' },
			"Status update not sent: Result Link URL must be an https:// URL (this node sends result links only over https: the link leads to a candidate's report)",
		],
		[
			'an empty result',
			{ result: '={{ "" }}' },
			'Status update not sent: Result must not be empty',
		],
		[
			'no webhook_url on the item',
			{ webhookUrl: '={{ $json.missing }}' },
			'Status update not sent: Webhook URL is required',
		],
		[
			'a relative webhook URL',
			{ webhookUrl: '/hooks' },
			"Status update not sent: Webhook URL must be an absolute http(s) URL (the order's webhook_url)",
		],
	])('%s: clear error, nothing sent', async (_label, parameters, message) => {
		const { error } = await runNode(statusSpec(parameters), { items: [seedOrder()] });
		expect(error?.message).toBe(message);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
