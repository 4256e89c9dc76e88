/**
 * `npm run bench:webhooks`: ATS Anywhere orders at 50 concurrent for 20 s per row, in regular mode and in queue
 * mode, on one stack per mode. Rows, two pairs that do the same work:
 *   - the ATS Anywhere Trigger answered by an "Order: Answer" step, next to the anchor: n8n's own Webhook node with a
 *     Respond to Webhook node answering 201, without and with Basic Auth (the trigger authenticates every order);
 *     and the trigger in its "Immediately (Risky)" mode (201 before the workflow runs);
 *   - example 2 as shipped (trigger, a Code node opening the case, Answer, the status update to the order's
 *     webhook_url), next to the same chain built from n8n's nodes (Webhook, the same Code, Respond 201, HTTP Request).
 * Prints throughput, p50/p95/p99 latency, errors, and executions per accepted order.
 * A benchmark (figures to read), not a test. Every real-n8n run: `flock /tmp/n8n.lock npm run bench:webhooks`.
 *   BGC_BENCH_SECONDS (20), BGC_BENCH_CONCURRENCY (50), BGC_BENCH_MODES (regular,queue),
 *   BGC_BENCH_ROWS (answer,immediate,anchor,anchorAuth,example,anchorExample)
 */
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { atsDemoAccounts } from '../sandbox/credentials';
import {
	PACKAGE_NAME,
	RUNTIME_DIR,
	sandboxCredentials,
	loadExampleWorkflows,
	startStack,
	stdoutLog,
	type Stack,
	type WorkflowInput,
	type WorkflowNode,
} from '../scripts/runtime';

/** n8n's own Basic Auth credential for the anchor rows (n8n's Webhook node), beside the sandbox credentials. */
const ANCHOR_BASIC_AUTH = {
	id: 'bench-anchor-basic-auth',
	name: 'Bench anchor Basic Auth',
	type: 'httpBasicAuth',
	data: { user: 'bench-anchor', password: 'bench-anchor-password' },
};

const SECONDS = Number(process.env.BGC_BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BGC_BENCH_CONCURRENCY ?? 50);
const MODES = (process.env.BGC_BENCH_MODES ?? 'regular,queue').split(',') as Array<
	'regular' | 'queue'
>;
const ROWS = new Set(
	(process.env.BGC_BENCH_ROWS ?? 'answer,immediate,anchor,anchorAuth,example,anchorExample').split(
		',',
	),
);

const ANCHOR: WorkflowInput = {
	id: 'benchAnchor201x1',
	name: 'Bench anchor: Webhook + Respond to Webhook 201',
	active: true,
	nodes: [
		{
			id: 'b7c1f0d2-0000-4000-8000-000000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'b7c1f0d2-0000-4000-8000-0000000000aa',
			parameters: {
				httpMethod: 'POST',
				path: 'bench-anchor/orders',
				responseMode: 'responseNode',
				options: {},
			},
		},
		{
			id: 'b7c1f0d2-0000-4000-8000-000000000002',
			name: 'Respond 201',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.1,
			position: [220, 0],
			parameters: {
				respondWith: 'json',
				responseBody:
					'={{ { "background_check_id": $json.body.background_check_id, "message": "Order received" } }}',
				options: { responseCode: 201 },
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Respond 201', type: 'main', index: 0 }]] } },
};

interface Result {
	label: string;
	requests: number;
	ok: number;
	errors: number;
	statuses: Record<string, number>;
	latencies: number[];
	seconds: number;
	executions?: number;
	/** Busy CPU time of the whole machine (n8n, sandbox, load generator) per request, until its executions ended. */
	cpuMsPerRequest?: number;
}

/** Busy CPU time of the machine so far, in ms (Linux /proc/stat; undefined elsewhere). */
function machineCpuMs(): number | undefined {
	try {
		const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
		const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
		return (user + nice + system + irq + softirq + (steal || 0)) * 10; // USER_HZ = 100
	} catch {
		return undefined;
	}
}

const pct = (sorted: number[], p: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

async function load(
	label: string,
	url: string,
	headers: Record<string, string>,
	body: (n: number) => unknown,
): Promise<Result> {
	const result: Result = {
		label,
		requests: 0,
		ok: 0,
		errors: 0,
		statuses: {},
		latencies: [],
		seconds: SECONDS,
	};
	const started = Date.now();
	const until = started + SECONDS * 1000;
	let n = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (Date.now() < until) {
				const t0 = performance.now();
				try {
					const response = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json', ...headers },
						body: JSON.stringify(body(n++)),
					});
					await response.arrayBuffer();
					result.statuses[response.status] = (result.statuses[response.status] ?? 0) + 1;
					if (response.status === 201) result.ok++;
					else result.errors++;
				} catch (error) {
					result.errors++;
					const key = (error as Error).message.slice(0, 40);
					result.statuses[key] = (result.statuses[key] ?? 0) + 1;
				}
				result.latencies.push(performance.now() - t0);
				result.requests++;
			}
		}),
	);
	result.seconds = (Date.now() - started) / 1000;
	result.latencies.sort((a, b) => a - b);
	return result;
}

/** Executions of a workflow (all pages), once the count stops growing (bounded: 240 s). */
async function settledExecutions(
	stack: Stack,
	workflowId: string,
	expected: number,
): Promise<number> {
	const count = async () => {
		let total = 0;
		let cursor: string | undefined;
		do {
			const page = await stack.api.request<{
				data: Array<{ status: string }>;
				nextCursor?: string | null;
			}>(
				'GET',
				`/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			total += page.data.length;
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return total;
	};
	const deadline = Date.now() + 240_000;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const now = await count();
		if (now !== last) stableSince = Date.now();
		last = now;
		if (
			(now >= expected && Date.now() - stableSince > 3_000) ||
			Date.now() - stableSince > 20_000 ||
			Date.now() > deadline
		)
			return now;
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

type Parameters = Record<string, unknown>;
const parametersOf = (node: WorkflowNode) => (node.parameters ?? {}) as Parameters;

const byName = (workflow: WorkflowInput, name: string) => {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`example 2 has no node "${name}"`);
	return node;
};

/** The bench's workflows, built from example 2 so the pairs do the same work. */
function benchWorkflows(example: WorkflowInput): Record<string, WorkflowInput> {
	const trigger = byName(example, 'ATS Anywhere Trigger');
	const createCase = byName(example, 'Create the case');
	const accept = byName(example, 'Accept the order');
	const answerOnly: WorkflowInput = {
		id: 'benchAtsAnswer01',
		name: 'Bench: ATS Anywhere Trigger + Order: Answer',
		active: true,
		nodes: [
			{ ...trigger, id: 'b7c1f0d2-0000-4000-8000-000000000011', webhookId: undefined },
			{ ...accept, id: 'b7c1f0d2-0000-4000-8000-000000000012' },
		],
		connections: {
			[trigger.name]: { main: [[{ node: accept.name, type: 'main', index: 0 }]] },
		},
	};
	const code = String(parametersOf(createCase).jsCode).replace(
		'const order = $json;',
		// The Webhook node puts the order under `body` and knows no account.
		'const order = { ...$json.body, authenticated_account_id: $json.body.account_id };',
	);
	const anchorExample: WorkflowInput = {
		id: 'benchAnchorChain1',
		name: 'Bench anchor: Webhook, Code, Respond 201, HTTP Request',
		active: true,
		nodes: [
			{
				...ANCHOR.nodes[0],
				id: 'b7c1f0d2-0000-4000-8000-000000000021',
				webhookId: 'b7c1f0d2-0000-4000-8000-0000000000ab',
				parameters: { ...parametersOf(ANCHOR.nodes[0]), path: 'bench-anchor-chain/orders' },
			},
			{
				...createCase,
				id: 'b7c1f0d2-0000-4000-8000-000000000022',
				parameters: { ...parametersOf(createCase), jsCode: code },
			},
			{
				...ANCHOR.nodes[1],
				id: 'b7c1f0d2-0000-4000-8000-000000000023',
				parameters: {
					...parametersOf(ANCHOR.nodes[1]),
					responseBody:
						'={{ { "background_check_id": $json.background_check_id, "message": "Order received" } }}',
				},
			},
			{
				id: 'b7c1f0d2-0000-4000-8000-000000000024',
				name: 'Send the result',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [660, 0],
				parameters: {
					method: 'POST',
					url: '={{ $json.webhook_url }}',
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify({ background_check_id: $json.background_check_id, status: "complete", result: $json.result }) }}',
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: createCase.name, type: 'main', index: 0 }]] },
			[createCase.name]: { main: [[{ node: 'Respond 201', type: 'main', index: 0 }]] },
			'Respond 201': { main: [[{ node: 'Send the result', type: 'main', index: 0 }]] },
		},
	};
	// The anchor that also authenticates its caller (the trigger checks every order's Basic auth).
	const anchorAuth: WorkflowInput = {
		...ANCHOR,
		id: 'benchAnchorAuth01',
		name: 'Bench anchor: Webhook (Basic Auth) + Respond 201',
		nodes: [
			{
				...ANCHOR.nodes[0],
				id: 'b7c1f0d2-0000-4000-8000-000000000031',
				webhookId: 'b7c1f0d2-0000-4000-8000-0000000000ac',
				parameters: {
					...parametersOf(ANCHOR.nodes[0]),
					path: 'bench-anchor-auth/orders',
					authentication: 'basicAuth',
				},
				credentials: {
					httpBasicAuth: { id: ANCHOR_BASIC_AUTH.id, name: ANCHOR_BASIC_AUTH.name },
				},
			},
			{ ...ANCHOR.nodes[1], id: 'b7c1f0d2-0000-4000-8000-000000000032' },
		],
	};
	// The trigger's "Immediately (Risky)" mode: 201 before the workflow runs.
	const immediate: WorkflowInput = {
		...answerOnly,
		id: 'benchAtsImmediate1',
		name: 'Bench: ATS Anywhere Trigger answering immediately + Order: Answer',
		nodes: answerOnly.nodes.map((node, i) =>
			i === 0
				? {
						...node,
						id: 'b7c1f0d2-0000-4000-8000-000000000041',
						parameters: { ...parametersOf(node), responseMode: 'immediately' },
					}
				: { ...node, id: 'b7c1f0d2-0000-4000-8000-000000000042' },
		),
	};
	return { answer: answerOnly, immediate, anchor: ANCHOR, anchorAuth, example, anchorExample };
}

const ROW_LABELS: Record<string, string> = {
	answer: 'ATS Anywhere Trigger + Answer',
	immediate: 'ATS Anywhere Trigger (immediately) + Answer',
	anchor: 'anchor: Webhook + Respond 201',
	anchorAuth: 'anchor: Webhook (Basic Auth) + Respond 201',
	example: 'example 2 (trigger, Code, Answer, send)',
	anchorExample: 'anchor: Webhook, Code, Respond, HTTP',
};

async function benchMode(mode: 'regular' | 'queue', sinkUrl: string): Promise<Result[]> {
	const example = loadExampleWorkflows().find((w) =>
		w.nodes.some((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`),
	) as WorkflowInput;
	const workflows = benchWorkflows(example);
	const rows = Object.keys(ROW_LABELS).filter((row) => ROWS.has(row));
	const userFolder = path.join(RUNTIME_DIR, `bench-webhooks-${mode}`);
	const stack = await startStack({
		log: stdoutLog,
		build: false,
		fresh: true,
		userFolder,
		workflows: rows.map((row) => workflows[row]),
		credentials: (sandboxUrl) => [...sandboxCredentials(sandboxUrl), ANCHOR_BASIC_AUTH],
		publish: 'all',
		n8nLogName: `bench-webhooks-${mode}.log`,
		queue:
			mode === 'queue' ? { workers: 2, postgresDir: path.join(userFolder, 'postgres') } : undefined,
	});
	try {
		// A client account of the sandbox in Derived Secrets mode (what the onboarding step hands out).
		const [account] = atsDemoAccounts();
		const basicAuth = {
			authorization: `Basic ${Buffer.from(`${account.accountId}:${account.apiSecret}`).toString('base64')}`,
		};
		const anchorAuth = {
			authorization: `Basic ${Buffer.from(`${ANCHOR_BASIC_AUTH.data.user}:${ANCHOR_BASIC_AUTH.data.password}`).toString('base64')}`,
		};
		const atsSandbox = stack.sandbox?.raw.sandbox.ats;
		if (!atsSandbox) throw new Error('no sandbox');
		const order = (prefix: string) => (n: number) => {
			const { payload } = atsSandbox.buildOrderPayload({
				background_check_id: `${prefix}-${n}`,
				account_id: account.accountId,
			});
			return { ...payload, webhook_url: `${sinkUrl}/${prefix}-${n}` };
		};
		const results: Result[] = [];
		for (const row of rows) {
			const workflow = workflows[row];
			const started = stack.workflows.find((w) => w.id === workflow.id);
			const trigger = started?.nodes.find((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`);
			const webhook = started?.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
			const url = trigger
				? `${stack.webhookUrl}/webhook/${trigger.webhookId}/orders`
				: `${stack.webhookUrl}/webhook/${String(webhook && parametersOf(webhook).path)}`;
			const cpuBefore = machineCpuMs();
			const result = await load(
				`${mode}: ${ROW_LABELS[row]}`,
				url,
				trigger ? basicAuth : row === 'anchorAuth' ? anchorAuth : {},
				order(`${mode}-${row}`),
			);
			result.executions = await settledExecutions(stack, workflow.id ?? '', result.ok);
			const cpuAfter = machineCpuMs();
			if (cpuBefore !== undefined && cpuAfter !== undefined && result.requests)
				result.cpuMsPerRequest = (cpuAfter - cpuBefore) / result.requests;
			results.push(result);
		}
		return results;
	} finally {
		await stack.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	// The orders' webhook_url: a loopback sink that answers 200 (the ATS's status webhook endpoint).
	let received = 0;
	const sink = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			received++;
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
	const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/status`;
	const all: Result[] = [];
	try {
		for (const mode of MODES) all.push(...(await benchMode(mode, sinkUrl)));
	} finally {
		sink.close();
	}
	const line = (cells: Array<string | number>) =>
		cells.map((c, i) => String(c).padEnd(i === 0 ? 44 : 10)).join(' ');
	process.stdout.write(
		`\nbench:webhooks ${new Date().toISOString()}: ${CONCURRENCY} concurrent for ${SECONDS} s per row (latency in ms)\n`,
	);
	process.stdout.write(
		`${line(['', 'req/s', 'p50', 'p95', 'p99', 'errors', '201s', 'executions', 'CPU ms/req'])}\n`,
	);
	for (const r of all) {
		process.stdout.write(
			`${line([r.label, (r.requests / r.seconds).toFixed(1), pct(r.latencies, 50).toFixed(0), pct(r.latencies, 95).toFixed(0), pct(r.latencies, 99).toFixed(0), r.errors, r.ok, r.executions ?? '-', r.cpuMsPerRequest?.toFixed(0) ?? '-'])}\n`,
		);
		const other = Object.entries(r.statuses).filter(([k]) => k !== '201');
		if (other.length)
			process.stdout.write(`  other answers: ${other.map(([k, v]) => `${k} x${v}`).join(', ')}\n`);
	}
	process.stdout.write(`status webhooks received by the sink: ${received}\n`);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
