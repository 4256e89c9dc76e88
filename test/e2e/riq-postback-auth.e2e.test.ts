/**
 * ResidentIQ postbacks in a real n8n, with the sandbox posting as RIQ is documented to (it does not turn a URL's
 * userinfo into an Authorization header): examples 3a -> 3b as shipped (the default authentication: the
 * trigger's random URL and the read-back from RIQ), and the same pair set to the postback user ID and password
 * (Create sends x:postback_userId / x:postback_password, the sandbox echoes them, the trigger checks them).
 * Each postback: no Authorization header, 2xx, one execution, confirmed.
 */
import { randomUUID } from 'node:crypto';

import {
	N8N_MAJOR,
	PACKAGE_NAME,
	RIQ_POSTBACK_CREDENTIAL,
	loadExampleWorkflows,
	nodeOutput,
	type WorkflowInput,
} from '../../scripts/runtime';
import { startTestStack, waitFor } from './helpers';

interface Postback {
	url: string;
	status?: number;
	error?: string;
	requestHeaders?: Record<string, string>;
}
interface RiqStateOrder {
	orderId: string;
	referenceId: string;
	postbackUrl: string | null;
	postbacks: Postback[];
}

type Node = WorkflowInput['nodes'][number];
const parametersOf = (node: Node) => (node.parameters ?? {}) as Record<string, unknown>;
const isTrigger = (type: string) => type === `${PACKAGE_NAME}.residentIqTrigger`;
const isCreate = (node: Node) =>
	node.type === `${PACKAGE_NAME}.residentIq` && parametersOf(node).operation === 'create';

/** 3a and 3b set to the postback pair, as copies with their own ids, names and webhook. */
function withPostbackPair(order: WorkflowInput, postback: WorkflowInput): WorkflowInput[] {
	const webhookId = randomUUID();
	const credential = {
		residentIqPostbackApi: { id: RIQ_POSTBACK_CREDENTIAL.id, name: RIQ_POSTBACK_CREDENTIAL.name },
	};
	const copy = (wf: WorkflowInput, id: string, name: string): WorkflowInput => ({
		...(JSON.parse(JSON.stringify(wf)) as WorkflowInput),
		id,
		name,
	});
	const pairOrder = copy(order, 'riqPairOrder0001', 'P3a. ResidentIQ order (postback pair)');
	const pairPostback = copy(
		postback,
		'riqPairPostback1',
		'P3b. ResidentIQ postback (postback pair)',
	);
	for (const node of pairPostback.nodes.filter((n) => isTrigger(n.type))) {
		const oldId = node.webhookId;
		node.webhookId = webhookId;
		node.parameters = { ...parametersOf(node), authentication: 'postbackPair' };
		node.credentials = { ...node.credentials, ...credential };
		for (const create of pairOrder.nodes.filter(isCreate)) {
			create.parameters = {
				...parametersOf(create),
				postbackUrl: String(parametersOf(create).postbackUrl).replace(String(oldId), webhookId),
				postbackAuthentication: 'postbackPair',
			};
			create.credentials = { ...create.credentials, ...credential };
		}
	}
	return [pairOrder, pairPostback];
}

describe('ResidentIQ postbacks as documented RIQ sends them (no userinfo header)', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;
	const examples = loadExampleWorkflows();
	const order = examples.find((w) => w.name.startsWith('3a.')) as WorkflowInput;
	const postback = examples.find((w) => w.name.startsWith('3b.')) as WorkflowInput;
	const pair = withPostbackPair(order, postback);

	beforeAll(async () => {
		stack = await startTestStack({
			workflows: [order, postback, ...pair],
			publish: [postback.id ?? '', pair[1].id ?? ''],
		});
		await stack.admin.call('PUT', '/riq/settings', { autoCompleteSeconds: null });
	}, 900_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	const run = async (orderWf: WorkflowInput, postbackWf: WorkflowInput) => {
		const byId = (id?: string) => stack.workflows.find((w) => w.id === id) as WorkflowInput;
		const [ordering, receiving] = [byId(orderWf.id), byId(postbackWf.id)];
		const before = await stack.api.executionIds(receiving.id ?? '');
		const known = new Set(
			(
				await stack.admin.call<{ riq: { orders: RiqStateOrder[] } }>('GET', '/state')
			).riq.orders.map((o) => o.orderId),
		);
		const manual = ordering.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
		const started = await stack.session.runManually(
			ordering.id ?? '',
			manual?.name ?? '',
			N8N_MAJOR,
		);
		const ordered = await stack.api.waitForExecution(ordering.id ?? '', {
			match: (e) => String(e.id) === String(started.executionId),
			timeoutMs: 60_000,
		});
		expect(ordered.status).toBe('success');
		const placed = await waitFor(
			`the RIQ order of ${ordering.name}`,
			async () =>
				(
					await stack.admin.call<{ riq: { orders: RiqStateOrder[] } }>('GET', '/state')
				).riq.orders.find((o) => !known.has(o.orderId)),
			10_000,
		);
		expect(placed.postbackUrl).not.toContain('@');
		const completed = await stack.admin.call<{ postbacks: Postback[] }>(
			'POST',
			`/riq/orders/${placed.orderId}/complete`,
			{},
		);
		const [sent] = completed.postbacks;
		expect(sent.error).toBeUndefined();
		expect(sent.status).toBe(200);
		expect(Object.keys(sent.requestHeaders ?? {}).map((h) => h.toLowerCase())).not.toContain(
			'authorization',
		);
		const execution = await stack.api.waitForExecution(receiving.id ?? '', {
			after: before,
			timeoutMs: 60_000,
		});
		// Let a second execution (there must be none) show up before counting.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		const startedHere = [...(await stack.api.executionIds(receiving.id ?? ''))].filter(
			(id) => !before.has(id),
		);
		const received = nodeOutput(execution, 'ResidentIQ Trigger');
		process.stdout.write(
			`[e2e] ${receiving.name}: postback ${sent.status}, executions ${startedHere.length}, confirmed ${String(received[0]?.confirmed)}\n`,
		);
		expect(startedHere).toHaveLength(1);
		expect(execution.status).toBe('success');
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ orderId: placed.orderId, confirmed: true });
	};

	it('3a -> 3b as shipped (unguessable URL and read-back): one confirmed execution', async () => {
		await run(order, postback);
	}, 180_000);

	it('3a -> 3b with the postback user ID and password: one confirmed execution', async () => {
		await run(pair[0], pair[1]);
	}, 180_000);
});
