/**
 * `npm start` as people run it, twice and on a busy machine (scripts/start.ts in child processes, one user folder):
 * - a second start while the first runs stops at once, names the first (pid, URL) and leaves it unharmed;
 * - with port 5678 taken, the start says so in one line, and an example edited in n8n is not overwritten although
 *   the examples' URLs changed;
 * - an ATS order after each start gets its execution and its status webhook (the sandbox's order ids are new at
 *   every start and its ATS is pointed at the trigger by the start itself).
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { sandboxAdmin, type SandboxAdmin } from '../../sandbox/admin-client';
import {
	DEMO_OWNER,
	EXAMPLE_N8N_URLS,
	N8nApi,
	N8nSession,
	REPO_ROOT,
	loadExampleWorkflows,
	runId,
	spawnRepoScript,
} from '../../scripts/runtime';
import { ownerApiKey } from '../../scripts/runtime/rest';
import { E2E_USER_FOLDERS, scenarioTimer, waitFor } from './helpers';

interface Started {
	child: ChildProcess;
	output: () => string;
	n8nUrl: string;
	sandboxUrl: string;
	api: N8nApi;
	session: N8nSession;
	admin: SandboxAdmin;
}

const userFolder = path.join(E2E_USER_FOLDERS, `start-${runId()}`);
const env = { ...process.env, BGC_USER_FOLDER: userFolder, N8N_PORT: '', SANDBOX_PORT: '' };
const running: ChildProcess[] = [];

function npmStart(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
	const child = spawnRepoScript('scripts/start.ts', ['--no-build'], env);
	running.push(child);
	let text = '';
	child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code)),
	);
	return { child, output: () => text, exited };
}

async function startReady(): Promise<Started> {
	const { child, output, exited } = npmStart();
	const ready = await Promise.race([
		waitFor(
			'"Press Ctrl-C" from npm start',
			async () => (output().includes('Press Ctrl-C') ? true : undefined),
			240_000,
		),
		exited.then((code) => {
			throw new Error(`npm start exited (${code}) before it was ready:\n${output()}`);
		}),
	]);
	expect(ready).toBe(true);
	const n8nUrl = /Editor: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(output())?.[1] ?? '';
	const sandboxUrl = /Sandbox: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(output())?.[1] ?? '';
	expect(n8nUrl).not.toBe('');
	expect(sandboxUrl).not.toBe('');
	const session = await N8nSession.login(n8nUrl, DEMO_OWNER);
	const api = new N8nApi(n8nUrl, await ownerApiKey(session, userFolder));
	return { child, output, n8nUrl, sandboxUrl, api, session, admin: sandboxAdmin(sandboxUrl) };
}

async function stop(started: Started): Promise<void> {
	const exited = new Promise((resolve) => started.child.once('exit', resolve));
	started.child.kill('SIGINT');
	await exited;
}

/** Port 5678 held for the whole file (when nobody else holds it already), as another program would. */
async function hold5678(): Promise<net.Server | undefined> {
	const server = net.createServer();
	return await new Promise((resolve) => {
		server.once('error', () => resolve(undefined));
		server.listen({ port: 5678, host: '127.0.0.1', exclusive: true }, () => resolve(server));
	});
}

interface AtsOrder {
	backgroundCheckId: string;
	call: { status?: number };
	accepted: boolean;
	webhooks: Array<{ accepted: boolean; body: Record<string, unknown> }>;
}

/** An order from the sandbox's ATS: its answer, one successful execution of example 2, its status webhook. */
async function atsOrderRoundTrip(started: Started): Promise<string> {
	const atsWorkflow = 'ex2AtsAnywhere01';
	const before = await started.api.executionIds(atsWorkflow);
	const order = await started.admin.call<AtsOrder>('POST', '/ats/orders', {});
	expect(order.call.status).toBe(201);
	expect(order.accepted).toBe(true);
	const execution = await started.api.waitForExecution(atsWorkflow, {
		after: before,
		timeoutMs: 60_000,
	});
	expect(execution.status).toBe('success');
	const webhook = await waitFor(
		'the status webhook of the order',
		async () =>
			(await started.admin.call<{ ats: { orders: AtsOrder[] } }>('GET', '/state')).ats.orders.find(
				(o) => o.backgroundCheckId === order.backgroundCheckId,
			)?.webhooks[0],
		30_000,
	);
	expect(webhook.accepted).toBe(true);
	expect(webhook.body).toMatchObject({
		background_check_id: order.backgroundCheckId,
		status: 'complete',
	});
	return order.backgroundCheckId;
}

let blocker: net.Server | undefined;

beforeAll(async () => {
	blocker = await hold5678();
});

afterAll(async () => {
	for (const child of running) if (child.exitCode === null) child.kill('SIGINT');
	await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
	if (process.env.BGC_E2E_KEEP !== '1') {
		fs.rmSync(userFolder, { recursive: true, force: true });
		fs.rmSync(`${userFolder}.lock`, { force: true });
	}
});

it('npm start twice in one checkout, with 5678 taken, an ATS order after each start', async () => {
	const firstTimer = scenarioTimer('first npm start');
	const first = await startReady();
	firstTimer.done();
	// 5678 is taken (by this test or another program): one line says so.
	expect(first.output()).toMatch(
		/port 5678 is in use by another program: n8n uses \d+ for this start/,
	);
	const firstIds = [await atsOrderRoundTrip(first)];

	// A second start in the same checkout and user folder: refused at once, naming the first.
	const secondTimer = scenarioTimer('second npm start (refused)');
	const second = npmStart();
	expect(await second.exited).toBe(1);
	secondTimer.done();
	expect(second.output()).toContain(
		`npm start is already running for ${path.relative(REPO_ROOT, userFolder)}: pid ${first.child.pid} (editor ${first.n8nUrl}/, sandbox ${first.sandboxUrl}/)`,
	);
	expect(second.output()).toContain('--instance NAME');
	expect(second.output()).not.toContain('Importing');
	// The first is unharmed: its credentials still point at its own sandbox, and it still takes orders.
	const credential = await first.session.rest<{ data: { baseUrl?: string; apiBaseUrl?: string } }>(
		'/credentials/sandbox-pageup?includeData=true',
	);
	expect(credential.data.apiBaseUrl).toBe(`${first.sandboxUrl}/pageup`);
	firstIds.push(await atsOrderRoundTrip(first));

	// An edit in n8n to an example whose URLs name n8n's port (renamed), then a restart on another port: the
	// example changes here (its URLs), and the edit in n8n stays.
	const edited = loadExampleWorkflows().find(
		(wf) =>
			wf.id !== 'ex2AtsAnywhere01' &&
			EXAMPLE_N8N_URLS.some((url) => JSON.stringify(wf).includes(url)),
	);
	if (!edited?.id) throw new Error("no example names n8n's URL");
	const current = await first.api.request<Record<string, unknown>>(
		'GET',
		`/workflows/${edited.id}`,
	);
	await first.api.request('PUT', `/workflows/${edited.id}`, {
		name: `${edited.name} (my copy)`,
		nodes: current.nodes,
		connections: current.connections,
		settings: {},
	});
	await stop(first);

	const restartTimer = scenarioTimer('restart');
	const third = await startReady();
	restartTimer.done();
	expect(third.n8nUrl).not.toBe(first.n8nUrl);
	expect(third.output()).toMatch(/port 5678 is in use by another program/);
	expect(third.output()).toContain(
		`kept      workflow "${edited.name}": edited in n8n since the last import: your version is kept`,
	);
	expect((await third.api.getWorkflow(edited.id)).name).toBe(`${edited.name} (my copy)`);
	// Another example with n8n's URL, not edited, is imported again with the new URL.
	const other = loadExampleWorkflows().find(
		(wf) => wf.id !== edited.id && EXAMPLE_N8N_URLS.some((url) => JSON.stringify(wf).includes(url)),
	);
	expect(third.output()).toContain(
		`imported  workflow "${other?.name}": changed here since the last import and not edited in n8n`,
	);

	// After the restart, a new order id, its execution and its status webhook.
	const thirdId = await atsOrderRoundTrip(third);
	expect(firstIds).not.toContain(thirdId);
	await stop(third);
}, 600_000);
