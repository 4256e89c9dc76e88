import nock from 'nock';
import type { INodeParameters, INodeType, INodeTypes } from 'n8n-workflow';

import {
	chain,
	executeWorkflow,
	loadPackage,
	makeNode,
	runPoll,
	PACKAGE_NAME,
} from '../../../harness';
import { API, BASE_PATH, credentials, FakePageUp, fuzz, LOGIN } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const trigger = { type: 'pageUpTrigger', parameters: {} };

describe('ids in the pending list (issue 11)', () => {
	test('`Id` and `ID` are read as the id; the check is claimed and emitted with `id`', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.get(BASE_PATH)
			.query(true)
			.reply(
				200,
				fuzz([
					{ Id: 41, Status: 'pending' },
					{ ID: 'A-42', Status: 'pending' },
				]),
			);
		const first = nock(API).put(`${BASE_PATH}/41`, { status: 'queued' }).reply(200, {});
		const second = nock(API).put(`${BASE_PATH}/A-42`, { status: 'queued' }).reply(200, {});
		nock(API).get(BASE_PATH).query(true).reply(200, []);
		const { items } = await runPoll(trigger, { credentials });
		expect(items.map((item) => item.json)).toEqual([
			{ Id: 41, Status: 'pending', id: '41', attempt: 1, repeat: false },
			{ ID: 'A-42', Status: 'pending', id: 'A-42', attempt: 1, repeat: false },
		]);
		expect(first.isDone() && second.isDone()).toBe(true);
	});

	test('a non-empty page with no usable id fails the poll, naming the properties seen, and claims nothing', async () => {
		nock(LOGIN).post('/connect/token').reply(200, { access_token: 'tok' });
		nock(API)
			.get(BASE_PATH)
			.query(true)
			.reply(
				200,
				fuzz([
					{ checkId: 7, status: 'pending' },
					{ identifier: null, status: 'pending' },
				]),
			);
		const claims = nock(API).put(/.*/).reply(200, {});
		await expect(runPoll(trigger, { credentials })).rejects.toMatchObject({
			message: 'PageUp: the pending list holds 2 entries without a usable id',
			description: expect.stringContaining('Properties seen: checkId, identifier, status'),
		});
		expect(claims.isDone()).toBe(false);
	});
});

describe('a 403 says what it can mean (issue 11)', () => {
	test('a refused claim names the Write scope or the partner-ID claim', async () => {
		const fake = new FakePageUp(1).install();
		fake.failPut(1001, 1, 403, { message: 'Forbidden' });
		await expect(runPoll(trigger, { credentials })).rejects.toMatchObject({
			description: expect.stringContaining(
				'PageUp refused access (HTTP 403): the token lacks the Public.BackgroundCheck.Write scope, or it has no partner-ID claim',
			),
		});
	});
});

/** The node as n8n registers it for agents: the same class under `<name>Tool`. */
function withToolVariant(): INodeTypes {
	const { nodes } = loadPackage();
	const find = (name: string): INodeType => {
		const node = nodes.get(name) ?? nodes.get(name.replace(/Tool$/, ''));
		if (!node) throw new Error(`unknown node ${name}`);
		return node;
	};
	return { getByName: find, getByNameAndVersion: find, getKnownTypes: () => ({}) };
}

async function runAsTool(parameters: INodeParameters) {
	const start = makeNode({ type: 'harness.start', name: 'Start' }, credentials, 0);
	const node = {
		...makeNode({ type: 'pageUp', name: 'PageUp', parameters }, credentials, 1),
		type: `${PACKAGE_NAME}.pageUpTool`,
	};
	const run = await executeWorkflow([start, node], chain([start, node]), {
		credentials,
		nodeTypes: withToolVariant(),
	});
	return { items: run.output('PageUp'), error: run.errorOf('PageUp') };
}

describe('PageUp under an AI agent (issue 15)', () => {
	const update = {
		resource: 'backgroundCheck',
		operation: 'updateStatus',
		checkId: '1001',
		status: 'inprogress',
		referenceNumber: 'BG-1',
	};

	test.each([
		['Update Status', update],
		[
			'Return to Pending',
			{ resource: 'backgroundCheck', operation: 'returnToPending', checkId: '1001' },
		],
		[
			'Reset to Pending',
			{ resource: 'backgroundCheck', operation: 'resetToPending', checkId: '1001' },
		],
		[
			'Get Pending with Claim',
			{ resource: 'backgroundCheck', operation: 'getPending', claim: true },
		],
	])('%s is refused and nothing is sent to PageUp', async (name, parameters) => {
		const fake = new FakePageUp(1).install();
		fake.checks.get('1001')!.status = 'queued';
		const { error } = await runAsTool(parameters);
		expect(error?.message).toBe(`${name} is not available to AI agents`);
		expect(fake.log).toEqual([]);
		expect(fake.checks.get('1001')?.status).toBe('queued');
	});

	test('reads go through: Get Pending without Claim', async () => {
		const fake = new FakePageUp(2).install();
		const { items, error } = await runAsTool({
			resource: 'backgroundCheck',
			operation: 'getPending',
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(['1001', '1002']);
		expect(fake.log.filter((r) => r.method === 'PUT')).toHaveLength(0);
	});

	test('with "Allow Agents to Change Statuses" on, Update Status runs', async () => {
		const fake = new FakePageUp(1).install();
		const { error } = await runAsTool({ ...update, allowAgentActions: true });
		expect(error).toBeUndefined();
		expect(fake.checks.get('1001')?.status).toBe('inprogress');
	});
});
