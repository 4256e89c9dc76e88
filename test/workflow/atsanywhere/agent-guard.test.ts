import nock from 'nock';
import type { INodeParameters, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

import { chain, executeWorkflow, makeNode, PACKAGE_NAME } from '../../../harness';
import { HarnessNodeTypes } from '../../../harness/node-types';
import { seedOrder } from './fixtures';

/**
 * n8n runs a `usableAsTool` node for an AI agent under its type name with `Tool` appended
 * (`...atsAnywhereTool`). These runs use that name for the ATS Anywhere node.
 */
const TOOL_TYPE = `${PACKAGE_NAME}.atsAnywhereTool`;
const MASTER = ['agent', 'guard', 'test', 'master', 'key'].join('-');
const credentials = { atsAnywhereApi: { mode: 'derived', masterSecret: MASTER } };

class ToolNodeTypes implements INodeTypes {
	private readonly harness = new HarnessNodeTypes();

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string): INodeType {
		return this.harness.getByNameAndVersion(
			type === TOOL_TYPE ? `${PACKAGE_NAME}.atsAnywhere` : type,
		);
	}

	getKnownTypes() {
		return {};
	}
}

async function runAsTool(parameters: INodeParameters) {
	const start = makeNode({ type: 'harness.start', name: 'Start' }, credentials, 0);
	const node = {
		...makeNode({ type: 'atsAnywhere', name: 'ATS Anywhere', parameters }, credentials, 1),
		type: TOOL_TYPE,
	};
	const run = await executeWorkflow([start, node], chain([start, node]), {
		credentials,
		input: [{ json: seedOrder() }],
		nodeTypes: new ToolNodeTypes(),
	});
	return { items: run.output(node.name), error: run.errorOf(node.name) };
}

const SEND: INodeParameters = {
	resource: 'statusUpdate',
	operation: 'send',
	result: 'Pass',
	resultLinkUrl: 'https://p.example.com/r/1',
};
const CREATE: INodeParameters = {
	resource: 'account',
	operation: 'createCredentials',
	accountId: 'AGENT-MADE',
};
const ANSWER: INodeParameters = { resource: 'order', operation: 'answer' };

describe("ATS Anywhere node used as an AI agent's tool", () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	test.each([
		['Send Status Update', SEND, 'Sending a status update is not available to AI agents'],
		['Create Credentials', CREATE, 'Creating client credentials is not available to AI agents'],
		['Answer Order', ANSWER, 'Answering an order is not available to AI agents'],
	])('%s is refused by default and sends nothing', async (_label, parameters, message) => {
		const scope = nock('https://api.applicant-tracking.com').post(/.*/).reply(200, {});
		const { items, error } = await runAsTool(parameters);
		expect(error?.message).toBe(message);
		expect(items).toEqual([]);
		expect(scope.isDone()).toBe(false);
	});

	test('with "Allow Agents to ..." on, the status update goes out', async () => {
		const bodies: unknown[] = [];
		nock('https://api.applicant-tracking.com')
			.post('/yourco_webhooks', (body) => bodies.push(body) > 0)
			.reply(200, { received: true });
		const { items, error } = await runAsTool({ ...SEND, allowAgentActions: true });
		expect(error).toBeUndefined();
		expect(bodies).toHaveLength(1);
		expect(items[0].json).toMatchObject({ response: { statusCode: 200 } });
	});

	test('with "Allow Agents to ..." on, Create Credentials returns the derived pair', async () => {
		const { items, error } = await runAsTool({ ...CREATE, allowAgentActions: true });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ account_id: 'AGENT-MADE', mode: 'derived' });
	});
});
