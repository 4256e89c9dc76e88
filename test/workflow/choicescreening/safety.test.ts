import nock from 'nock';
import type { INodeParameters, INodeType } from 'n8n-workflow';

import { chain, executeWorkflow, makeNode, runNode } from '../../../harness';
import { HarnessNodeTypes } from '../../../harness/node-types';
import { API, apiKeyCredentials, errorText, mockOrder, orderResponse } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const john = { firstName: 'JOHN', lastName: 'DOE', dateOfBirth: '1990-07-08' };
const items = { item: [{ itemType: 'PACKAGE', packageNumber: '101' }] };

describe('personal data in vendor error bodies never reaches the thrown error', () => {
	const PERSONAL = [
		'123-45-6789',
		'123456789',
		'07/08/1990',
		'1990-07-08',
		'July 8, 1990',
		'A987654321',
	];

	test.each([
		[
			'JSON with the data in named fields and in prose',
			{
				message:
					'Applicant SSN 123-45-6789 rejected: DOB 07/08/1990 does not match date of birth: 1990-07-08 (born July 8, 1990); License A987654321 suspended',
				applicant: { ssn: '123456789', dob: '1990-07-08', driversLicenseNumber: 'A987654321' },
				errors: [{ field: 'order.applicant.ssn', message: 'ssn=123456789 is already on file' }],
			},
			'application/json',
		],
		[
			'an HTML error page (reduced to its title and status)',
			'<html><head><title>Bad Request</title></head><body>DOB 07/08/1990 SSN 123-45-6789 License A987654321</body></html>',
			'text/html',
		],
		[
			'plain text',
			'Invalid applicant: DOB 07/08/1990, SSN 123456789, License A987654321',
			'text/plain',
		],
	])('%s', async (_name, body, contentType) => {
		nock(API).post('/api/v1/order').reply(400, body, { 'content-type': contentType });
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'create', ...john, items },
			},
			{ credentials: apiKeyCredentials },
		);
		expect(error).toBeDefined();
		const text = errorText(error);
		for (const value of PERSONAL) expect(text).not.toContain(value);
		if (contentType === 'text/html') {
			expect(error?.message).toBe(
				'Choice Screening: HTTP 400 with an HTML page titled "Bad Request"',
			);
		}
	});
});

/** n8n runs a node used by an AI agent under its type name with "Tool" appended. */
class ToolNodeTypes extends HarnessNodeTypes {
	getByNameAndVersion(nodeType: string): INodeType {
		return super.getByNameAndVersion(nodeType.replace(/Tool$/, ''));
	}
}

async function runAsAgentTool(parameters: INodeParameters) {
	const start = makeNode({ type: 'harness.start', name: 'Start' }, apiKeyCredentials, 0);
	const node = makeNode({ type: 'choiceScreening', parameters }, apiKeyCredentials, 1);
	node.type = `${node.type}Tool`;
	const run = await executeWorkflow([start, node], chain([start, node]), {
		credentials: apiKeyCredentials,
		nodeTypes: new ToolNodeTypes(),
	});
	return { items: run.output(node.name), error: run.errorOf(node.name) };
}

describe('the agent guard', () => {
	test.each([
		['Create Order', { resource: 'order', operation: 'create', ...john, items }],
		['Add to Order', { resource: 'order', operation: 'addToOrder', orderId: '1234567', items }],
	])('%s as an agent tool is refused and nothing is sent', async (name, parameters) => {
		const order = nock(API).post('/api/v1/order').reply(200, orderResponse(1234567));
		const { error } = await runAsAgentTool(parameters);
		expect(error?.message).toBe(`${name} is not available to AI agents`);
		expect(order.isDone()).toBe(false);
	});

	test('a status read as an agent tool goes through', async () => {
		nock(API).get('/api/v1/order/1234567').reply(200, orderResponse(1234567));
		const { error, items: output } = await runAsAgentTool({
			resource: 'order',
			operation: 'getStatus',
			orderId: '1234567',
		});
		expect(error).toBeUndefined();
		expect(output[0].json.orderId).toBe('1234567');
	});

	test('with "Allow Agents to Place Orders" on, the order is sent', async () => {
		const { bodies } = mockOrder();
		const { error } = await runAsAgentTool({
			resource: 'order',
			operation: 'create',
			...john,
			items,
			allowAgentActions: true,
		});
		expect(error).toBeUndefined();
		expect(bodies).toHaveLength(1);
	});

	test('outside an agent the option is not needed', async () => {
		const { bodies } = mockOrder();
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'create', ...john, items },
			},
			{ credentials: apiKeyCredentials },
		);
		expect(error).toBeUndefined();
		expect(bodies).toHaveLength(1);
	});
});

describe('parallel reads', () => {
	/** A status endpoint that answers after a short delay and records how many requests were open at once. */
	function slowStatus(ids: number[]) {
		let open = 0;
		let most = 0;
		for (const id of ids) {
			nock(API)
				.get(`/api/v1/order/${id}`)
				.reply(() => {
					open++;
					most = Math.max(most, open);
					return new Promise((resolve) =>
						setTimeout(
							() => {
								open--;
								resolve([200, orderResponse(id)]);
							},
							40 - (id % 7) * 5,
						),
					);
				});
		}
		return { most: () => most };
	}

	const ids = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112];
	const input = ids.map((id) => ({ id }));

	test.each([
		['by default 5 at once', {}, 5],
		['as set: 3 at once', { concurrency: 3 }, 3],
		['at most 20', { concurrency: 50 }, 12],
		['1: one after another', { concurrency: 1 }, 1],
	])('Get Status %s, output in item order with pairedItem', async (_name, options, expected) => {
		const server = slowStatus(ids);
		const { items: output, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'getStatus',
					orderId: '={{ $json.id }}',
					options,
				},
			},
			{ credentials: apiKeyCredentials, items: input },
		);
		expect(error).toBeUndefined();
		expect(server.most()).toBe(expected);
		expect(output.map((item) => [item.json.orderId, item.pairedItem])).toEqual(
			ids.map((id, index) => [String(id), { item: index }]),
		);
	});

	test('Get Report reads in parallel too', async () => {
		let open = 0;
		let most = 0;
		for (const id of ids.slice(0, 6)) {
			nock(API)
				.get(`/api/v1/order/${id}/report`)
				.reply(() => {
					open++;
					most = Math.max(most, open);
					return new Promise((resolve) =>
						setTimeout(() => {
							open--;
							resolve([200, `<html>${id}</html>`, { 'content-type': 'text/html' }]);
						}, 20),
					);
				});
		}
		const { items: output, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getReport', orderId: '={{ $json.id }}' },
			},
			{ credentials: apiKeyCredentials, items: input.slice(0, 6) },
		);
		expect(error).toBeUndefined();
		expect(most).toBe(5);
		expect(output.map((item) => item.json.orderId)).toEqual(ids.slice(0, 6).map(String));
	});

	test('a failing read with Continue On Fail becomes an error item in its place', async () => {
		nock(API).get('/api/v1/order/101').reply(200, orderResponse(101));
		nock(API).get('/api/v1/order/102').reply(400, { message: 'bad id' });
		nock(API).get('/api/v1/order/103').reply(200, orderResponse(103));
		const { items: output } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'getStatus', orderId: '={{ $json.id }}' },
				settings: { continueOnFail: true },
			},
			{ credentials: apiKeyCredentials, items: input.slice(0, 3) },
		);
		expect(output.map((item) => [item.json.orderId ?? item.json.error, item.pairedItem])).toEqual([
			['101', { item: 0 }],
			['Choice Screening: bad id', { item: 1 }],
			['103', { item: 2 }],
		]);
	});

	test('Create Order sends one order at a time by default', async () => {
		let open = 0;
		let most = 0;
		nock(API)
			.post('/api/v1/order')
			.times(4)
			.reply(() => {
				open++;
				most = Math.max(most, open);
				return new Promise((resolve) =>
					setTimeout(() => {
						open--;
						resolve([200, orderResponse(1)]);
					}, 20),
				);
			});
		const { error, items: output } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'create', ...john, items },
			},
			{ credentials: apiKeyCredentials, items: [{}, {}, {}, {}] },
		);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(4);
		expect(most).toBe(1);
	});

	test('Create Order: after a failure no further order is sent', async () => {
		const bodies: unknown[] = [];
		nock(API)
			.post('/api/v1/order', (body) => bodies.push(body) > 0)
			.reply(400, { message: 'package not allowed' });
		const later = nock(API).post('/api/v1/order').reply(200, orderResponse(2));
		const { error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: { resource: 'order', operation: 'create', ...john, items },
			},
			{ credentials: apiKeyCredentials, items: [{}, {}] },
		);
		expect(error?.message).toBe('Choice Screening: package not allowed');
		expect(bodies).toHaveLength(1);
		expect(later.isDone()).toBe(false);
	});
});
