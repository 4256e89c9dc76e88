/**
 * `startStack()`: the sandbox and n8n on free loopback ports, credentials and workflows imported and published,
 * health awaited; `stop()` stops what it started.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { sandboxAdmin } from '../../sandbox/admin-client';
import { sandboxCredentials, type CredentialInput } from './credentials';
import { importIntoN8n, type ImportResult, type WorkflowInN8n } from './imports';
import { takeStartLock, type StartLock } from './lock';
import {
	bcryptHash,
	DEMO_OWNER,
	startN8nProcess,
	stopProcess,
	waitForReady,
	type Owner,
} from './n8n-process';
import { DEFAULT_USER_FOLDER, LOG_DIR, N8N_MAJOR, PACKAGE_NAME, REPO_ROOT } from './paths';
import { prepareRuntime, type PreparedRuntime } from './prepare';
import { publishWorkflows, type PublishResult } from './publish';
import {
	startQueueBackend,
	startQueueProcesses,
	type QueueBackend,
	type QueueOptions,
	type QueueProcess,
} from './queue';
import { N8nApi, N8nSession, ownerApiKey, setUpOwner } from './rest';
import {
	SANDBOX_SERVER_MODULE,
	sandboxAvailable,
	startSandboxServer,
	type SandboxHandle,
} from './sandbox';
import type { Stack, StartStackOptions } from './stack-types';
import { freePort, keepPreviousLog, stdoutLog, step, type Log } from './util';
import {
	loadExampleWorkflows,
	normalizeWorkflow,
	rewriteWorkflowUrls,
	type WorkflowInput,
} from './workflows';

export type { Stack, StartStackOptions } from './stack-types';

/** What the phases of one start share: the options, what each phase made, and how to undo it. */
interface Start {
	options: StartStackOptions;
	log: Log;
	queue?: QueueOptions;
	owner: Owner;
	userFolder: string;
	cleanups: Array<() => Promise<void>>;
	notices: string[];
	warnings: string[];
	runtime?: PreparedRuntime;
	lock?: StartLock;
	ports?: { n8n: number; webhook: number; sandbox?: number };
	sandbox?: SandboxHandle;
	sandboxUrl: string;
	atsWorkflow?: string;
	n8nUrl: string;
	webhookUrl: string;
	credentials: CredentialInput[];
	workflows: WorkflowInput[];
	backend?: QueueBackend;
	imported?: ImportResult;
	n8nLogFile: string;
	child?: ChildProcess;
	processes: QueueProcess[];
	session?: N8nSession;
	api?: N8nApi;
	nodeTypes: string[];
	published: PublishResult[];
	activeWorkflows: Array<{ id: string; name: string }>;
}

/** A start, phase by phase: each one named (its time is in `stack.timings`), each undone by `stop()` in reverse. */
const PHASES: Array<[name: string, run: (start: Start) => Promise<void>]> = [
	[
		'lock',
		async (s) => {
			s.lock = takeStartLock(s.userFolder);
			s.cleanups.push(async () => s.lock?.release());
		},
	],
	['ports', choosePorts],
	[
		'runtime',
		async (s) => {
			s.runtime = await prepareRuntime({ ...s.options, log: s.log, userFolder: s.userFolder });
		},
	],
	['sandbox', startTheSandbox],
	['workflows', loadWorkflows],
	['sandbox ATS', pointSandboxAtsAtTrigger],
	[
		'queue backend',
		async (s) => {
			if (!s.queue || !s.runtime) return;
			s.backend = await startQueueBackend({
				userFolder: s.userFolder,
				fresh: s.options.fresh,
				queue: s.queue,
				log: s.log,
				logPrefix: logPrefix(s.options),
			});
			s.cleanups.push(() => s.backend?.stop() ?? Promise.resolve());
		},
	],
	[
		'import',
		async (s) => {
			if (!s.runtime) return;
			s.imported = await importIntoN8n({
				runtime: s.runtime,
				credentials: s.credentials,
				workflows: s.workflows,
				databaseExisted: s.backend
					? s.backend.databaseExisted
					: fs.existsSync(path.join(s.userFolder, '.n8n', 'database.sqlite')),
				force: s.options.forceImport,
				env: s.backend?.env,
				log: s.log,
			});
		},
	],
	['n8n', startN8n],
	[
		'queue processes',
		async (s) => {
			if (!s.backend || !s.runtime || !s.ports) return;
			s.processes = await startQueueProcesses({
				runtime: s.runtime,
				backend: s.backend,
				webhookPort: s.ports.webhook,
				webhookUrl: s.webhookUrl,
				queue: s.queue || {},
				logPrefix: logPrefix(s.options),
				readyTimeoutMs: s.options.readyTimeoutMs ?? 180_000,
				log: s.log,
				onStarted: (stop) => s.cleanups.push(stop),
			});
		},
	],
	[
		'session',
		async (s) => {
			if (N8N_MAJOR < 2) await setUpOwner(s.n8nUrl, s.owner);
			s.session = await N8nSession.login(s.n8nUrl, s.owner);
			s.api = new N8nApi(s.n8nUrl, await ownerApiKey(s.session, s.userFolder));
			s.nodeTypes = await s.session.nodeTypes(`${PACKAGE_NAME}.`);
			s.log(`[runtime] n8n has loaded ${s.nodeTypes.length} node type(s) of ${PACKAGE_NAME}`);
			if (s.nodeTypes.length === 0 && (s.runtime?.package.nodeFiles.length ?? 0) > 0) {
				const reasons = fs
					.readFileSync(s.n8nLogFile, 'utf8')
					.split('\n')
					.filter((line) => line.includes(PACKAGE_NAME) && !line.trimStart().startsWith('at '))
					.slice(0, 3);
				s.warnings.push(
					`n8n did not load ${PACKAGE_NAME}${reasons.length ? `: ${reasons.join(' | ')}` : ` (see ${s.n8nLogFile})`}`,
				);
				s.log(`[runtime] warning: ${s.warnings[s.warnings.length - 1]}`);
			}
		},
	],
	[
		'publish',
		async (s) => {
			if (!s.api || !s.session) return;
			const choice = s.options.publish ?? 'fromJson';
			const imported = new Set(
				s.imported?.decisions
					.filter((d) => d.kind === 'workflow' && d.action === 'imported')
					.map((d) => d.id),
			);
			// Only what was imported now is unpublished; n8n reactivates the others itself.
			const toPublish = s.workflows.filter(
				(wf) =>
					imported.has(wf.id ?? '') &&
					(choice === 'all' ||
						(choice === 'fromJson' && wf.active === true) ||
						(Array.isArray(choice) && choice.includes(wf.id ?? ''))),
			);
			({ published: s.published, activeWorkflows: s.activeWorkflows } = await publishWorkflows({
				api: s.api,
				session: s.session,
				toPublish,
				log: s.log,
			}));
			const inN8n: Record<string, WorkflowInN8n> = {};
			for (const id of imported) inN8n[id] = await s.api.getWorkflow(id);
			s.imported?.markDone(inN8n);
		},
	],
];

/**
 * Prepares the runtime, starts the sandbox and n8n on loopback ports, imports credentials and workflows,
 * publishes the chosen workflows, and returns once n8n is ready. Stop it with `stack.stop()`.
 */
export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
	const queue: QueueOptions | undefined = options.queue === true ? {} : options.queue || undefined;
	const s: Start = {
		options,
		log: options.log ?? stdoutLog,
		queue,
		owner: options.owner ?? DEMO_OWNER,
		userFolder: path.resolve(options.userFolder ?? DEFAULT_USER_FOLDER),
		cleanups: [],
		notices: [],
		warnings: [],
		sandboxUrl: options.sandboxUrl ?? 'http://127.0.0.1:9',
		n8nUrl: '',
		webhookUrl: '',
		credentials: [],
		workflows: [],
		n8nLogFile: path.join(LOG_DIR, options.n8nLogName ?? 'n8n.log'),
		processes: [],
		nodeTypes: [],
		published: [],
		activeWorkflows: [],
	};
	const cleanup = async () => {
		while (s.cleanups.length)
			await s.cleanups
				.pop()?.()
				.catch(() => undefined);
	};
	const timings: Array<{ phase: string; seconds: number }> = [];
	try {
		for (const [phase, run] of PHASES) {
			const started = Date.now();
			await run(s);
			timings.push({ phase, seconds: (Date.now() - started) / 1000 });
		}
	} catch (error) {
		await cleanup();
		throw error;
	}
	const runtime = s.runtime as PreparedRuntime;
	let stopped: Promise<void> | undefined;
	const stack: Stack = {
		n8nUrl: s.n8nUrl,
		sandboxUrl: s.sandboxUrl,
		admin: sandboxAdmin(s.sandboxUrl),
		userFolder: s.userFolder,
		owner: s.owner,
		api: s.api as N8nApi,
		session: s.session as N8nSession,
		nodeTypes: s.nodeTypes,
		sandbox: s.sandbox,
		package: runtime.package,
		credentials: s.credentials,
		workflows: s.workflows,
		published: s.published,
		activeWorkflows: s.activeWorkflows,
		sandboxAtsWorkflow: s.atsWorkflow,
		importSkipped: s.imported?.skipped ?? true,
		imports: s.imported?.decisions ?? [],
		webhookUrl: s.webhookUrl,
		queue: s.backend
			? {
					processes: s.processes,
					database: s.backend.database,
					postgresPort: s.backend.postgres.port,
					redisPort: s.backend.redis.port,
					encryptionKey: s.backend.encryptionKey,
				}
			: undefined,
		notices: s.notices,
		warnings: s.warnings,
		timings,
		n8nLogFile: s.n8nLogFile,
		n8nPid: s.child?.pid ?? 0,
		stop: () => (stopped ??= cleanup()),
	};
	s.lock?.update({
		n8nUrl: stack.n8nUrl,
		sandboxUrl: stack.sandbox ? stack.sandboxUrl : undefined,
	});
	return stack;
}

const logPrefix = (options: StartStackOptions) =>
	// Log names of the other processes: `<n8nLogName without .log>-redis.log`, `...-worker-1.log`.
	`${(options.n8nLogName ?? 'n8n.log').replace(/\.log$/, '')}-`;

/**
 * The ports, before anything slow: a port that was asked for and is taken fails the start now; a preferred port
 * (5678, 4010) that is taken is reported in one line and another one is used.
 */
async function choosePorts(s: Start): Promise<void> {
	const { options } = s;
	const pick = async (what: string, forced: number | undefined, preferred: number | undefined) => {
		if (forced !== undefined) {
			if ((await freePort(forced)) !== forced)
				throw new Error(
					`port ${forced} for ${what} is in use by another program: choose another one or stop that program`,
				);
			return forced;
		}
		const port = await freePort(preferred);
		if (preferred !== undefined && port !== preferred) {
			const notice = `port ${preferred} is in use by another program: ${what} uses ${port} for this start`;
			s.notices.push(notice);
			s.log(`[runtime] ${notice}`);
		}
		return port;
	};
	const n8n = await pick('n8n', options.n8nPort, options.preferredN8nPort);
	const webhook = s.queue
		? await pick('the webhook process', options.webhookPort, options.preferredWebhookPort)
		: n8n;
	const sandbox =
		options.sandbox !== false
			? await pick('the sandbox', options.sandboxPort, options.preferredSandboxPort)
			: undefined;
	s.ports = { n8n, webhook, sandbox };
	s.n8nUrl = `http://127.0.0.1:${n8n}`;
	s.webhookUrl = `http://127.0.0.1:${webhook}`;
}

async function startTheSandbox(s: Start): Promise<void> {
	if (s.options.sandbox === false || s.ports?.sandbox === undefined) return;
	if (!sandboxAvailable())
		throw new Error(
			`${path.relative(REPO_ROOT, SANDBOX_SERVER_MODULE)}.ts is missing (pass sandbox: false to run n8n alone)`,
		);
	const port = s.ports.sandbox;
	const sandbox = await step(
		s.log,
		`Starting the sandbox on 127.0.0.1:${port}`,
		() => startSandboxServer(port),
		(handle) => handle.url,
	);
	s.sandbox = sandbox;
	s.cleanups.push(() => sandbox.close());
	s.sandboxUrl = sandbox.url;
}

/** Credentials for the sandbox and the workflows, their URLs pointing at this start's n8n and sandbox. */
async function loadWorkflows(s: Start): Promise<void> {
	const { options } = s;
	s.credentials =
		typeof options.credentials === 'function'
			? options.credentials(s.sandboxUrl)
			: (options.credentials ?? sandboxCredentials(s.sandboxUrl));
	const workflows =
		options.workflows === undefined || options.workflows === 'examples'
			? loadExampleWorkflows()
			: options.workflows.map((wf, i) => normalizeWorkflow(wf, `workflow#${i}:${wf.name}`, false));
	// The workflows' own webhook URLs (an order's postback URL) point at the process that receives production
	// webhooks (the webhook process in queue mode).
	s.workflows =
		options.rewriteUrls === false
			? workflows
			: workflows.map((wf) =>
					rewriteWorkflowUrls(wf, {
						n8nUrl: s.webhookUrl,
						sandboxUrl: s.sandbox ? s.sandboxUrl : undefined,
					}),
				);
}

/**
 * The sandbox's ATS calls the provider endpoints of the first active workflow with an ATS Anywhere Trigger (else
 * the first such workflow): what a user would otherwise configure by hand at every start.
 */
async function pointSandboxAtsAtTrigger(s: Start): Promise<void> {
	if (!s.sandbox) return;
	const withTrigger = s.workflows
		.map((wf) => ({
			wf,
			trigger: wf.nodes.find((n) => n.type === `${PACKAGE_NAME}.atsAnywhereTrigger`),
		}))
		.filter((found) => found.trigger?.webhookId);
	const chosen = withTrigger.find((found) => found.wf.active === true) ?? withTrigger[0];
	if (!chosen?.trigger) return;
	const base = `${s.webhookUrl}/webhook/${chosen.trigger.webhookId}`;
	await sandboxAdmin(s.sandboxUrl).configureAtsProvider({
		packagesUrl: `${base}/packages`,
		ordersUrl: `${base}/orders`,
	});
	s.log(
		`[runtime] The sandbox's ATS calls the ATS Anywhere Trigger of "${chosen.wf.name}" (${base}/...)`,
	);
	s.atsWorkflow = chosen.wf.name;
}

async function startN8n(s: Start): Promise<void> {
	const { options, runtime, ports } = s;
	if (!runtime || !ports) return;
	const brokerPort = await freePort();
	keepPreviousLog(s.n8nLogFile);
	s.child = await step(
		s.log,
		`Starting n8n ${runtime.version}${s.queue ? ' main (queue mode)' : ''} on ${s.n8nUrl} (task broker on ${brokerPort})`,
		async () => {
			const proc = startN8nProcess(
				runtime,
				s.userFolder,
				{
					...s.backend?.env,
					// In queue mode production webhooks go to the webhook process only (n8n's recommended setup).
					...(s.queue
						? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true', WEBHOOK_URL: `${s.webhookUrl}/` }
						: {}),
					N8N_PORT: String(ports.n8n),
					N8N_HOST: '127.0.0.1',
					N8N_PROTOCOL: 'http',
					N8N_EDITOR_BASE_URL: `${s.n8nUrl}/`,
					N8N_WEBHOOK_URL: `${s.webhookUrl}/`,
					N8N_RUNNERS_BROKER_PORT: String(brokerPort),
					N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
					N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
					N8N_INSTANCE_OWNER_EMAIL: s.owner.email,
					N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(s.owner.password),
					N8N_INSTANCE_OWNER_FIRST_NAME: s.owner.firstName,
					N8N_INSTANCE_OWNER_LAST_NAME: s.owner.lastName,
					...options.env,
				},
				s.n8nLogFile,
			);
			// If this process exits without stop() (Ctrl-C during start-up, a crash), n8n is told to shut down
			// too: SIGTERM, its own graceful shutdown, which also ends its task runner.
			const killOnExit = () => {
				try {
					if (proc.pid) process.kill(proc.pid, 'SIGTERM');
				} catch {
					// gone
				}
			};
			process.on('exit', killOnExit);
			s.cleanups.push(async () => {
				await stopProcess(proc);
				process.removeListener('exit', killOnExit);
			});
			await waitForReady(s.n8nUrl, proc, s.n8nLogFile, options.readyTimeoutMs ?? 180_000);
			return proc;
		},
		(proc) => `pid ${proc.pid}, log ${path.relative(REPO_ROOT, s.n8nLogFile)}`,
	);
}

/** A random-enough suffix for per-run folders (e2e tests use `.runtime/e2e-<this>` user folders). */
export function runId(): string {
	return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
