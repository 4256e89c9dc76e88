/**
 * `startStack()`: the sandbox and n8n on free loopback ports, credentials and workflows imported and published,
 * health awaited; `stop()` stops what it started.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { sandboxAdmin } from '../../sandbox/admin-client';
import { sandboxCredentials } from './credentials';
import { importIntoN8n } from './imports';
import { bcryptHash, DEMO_OWNER, startN8nProcess, stopProcess, waitForReady } from './n8n-process';
import { LOG_DIR, N8N_MAJOR, PACKAGE_NAME, REPO_ROOT } from './paths';
import { prepareRuntime } from './prepare';
import { publishWorkflows } from './publish';
import {
	startQueueBackend,
	startQueueProcesses,
	type QueueBackend,
	type QueueOptions,
} from './queue';
import { N8nApi, N8nSession, ownerApiKey, setUpOwner } from './rest';
import {
	SANDBOX_SERVER_MODULE,
	sandboxAvailable,
	startSandboxServer,
	type SandboxHandle,
} from './sandbox';
import type { Stack, StartStackOptions } from './stack-types';
import { freePort, keepPreviousLog, stdoutLog, step } from './util';
import { loadExampleWorkflows, normalizeWorkflow, rewriteWorkflowUrls } from './workflows';

export type { Stack, StartStackOptions } from './stack-types';

/**
 * Prepares the runtime, starts the sandbox and n8n on loopback ports, imports credentials and workflows,
 * publishes the chosen workflows, and returns once n8n is ready. Stop it with `stack.stop()`.
 */
export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
	const log = options.log ?? stdoutLog;
	const runtime = await prepareRuntime(options);
	const queue: QueueOptions | undefined = options.queue === true ? {} : options.queue || undefined;
	const { userFolder } = runtime;
	const owner = options.owner ?? DEMO_OWNER;
	const cleanups: Array<() => Promise<void>> = [];
	const cleanup = async () => {
		while (cleanups.length)
			await cleanups
				.pop()?.()
				.catch(() => undefined);
	};

	try {
		// Sandbox
		let sandbox: SandboxHandle | undefined;
		let sandboxUrl = options.sandboxUrl ?? 'http://127.0.0.1:9';
		if (options.sandbox !== false) {
			if (!sandboxAvailable())
				throw new Error(
					`${path.relative(REPO_ROOT, SANDBOX_SERVER_MODULE)}.ts is missing (pass sandbox: false to run n8n alone)`,
				);
			const port = options.sandboxPort ?? (await freePort(options.preferredSandboxPort));
			sandbox = await step(
				log,
				`Starting the sandbox on 127.0.0.1:${port}`,
				() => startSandboxServer(port),
				(s) => s.url,
			);
			cleanups.push(() => sandbox?.close() ?? Promise.resolve());
			sandboxUrl = sandbox.url;
		}

		const credentials =
			typeof options.credentials === 'function'
				? options.credentials(sandboxUrl)
				: (options.credentials ?? sandboxCredentials(sandboxUrl));
		const workflows =
			options.workflows === undefined || options.workflows === 'examples'
				? loadExampleWorkflows()
				: options.workflows.map((wf, i) =>
						normalizeWorkflow(wf, `workflow#${i}:${wf.name}`, false),
					);
		// The ports are chosen now: the workflows' own webhook URLs (an order's postback URL) must point at the process
		// that receives production webhooks (the webhook process in queue mode).
		const n8nPort = options.n8nPort ?? (await freePort(options.preferredN8nPort));
		const n8nUrl = `http://127.0.0.1:${n8nPort}`;
		const webhookPort = queue
			? (options.webhookPort ?? (await freePort(options.preferredWebhookPort)))
			: n8nPort;
		const webhookUrl = `http://127.0.0.1:${webhookPort}`;
		if (options.rewriteUrls !== false) {
			workflows.splice(
				0,
				workflows.length,
				...workflows.map((wf) =>
					rewriteWorkflowUrls(wf, {
						n8nUrl: webhookUrl,
						sandboxUrl: sandbox ? sandboxUrl : undefined,
					}),
				),
			);
		}

		// Queue mode: PostgreSQL and Redis first (the imports write to that database).
		// Log names of the other processes: `<n8nLogName without .log>-redis.log`, `...-worker-1.log`.
		const logPrefix = `${(options.n8nLogName ?? 'n8n.log').replace(/\.log$/, '')}-`;
		let backend: QueueBackend | undefined;
		if (queue) {
			backend = await startQueueBackend({
				userFolder,
				fresh: options.fresh,
				queue,
				log,
				logPrefix,
			});
			cleanups.push(() => backend?.stop() ?? Promise.resolve());
		}

		const publishChoice = options.publish ?? 'fromJson';
		const imported = await importIntoN8n({
			runtime,
			credentials,
			workflows,
			publishChoice,
			databaseExisted: backend
				? backend.databaseExisted
				: fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite')),
			force: options.forceImport,
			env: backend?.env,
			log,
		});

		// n8n
		const brokerPort = await freePort();
		const n8nLogFile = path.join(LOG_DIR, options.n8nLogName ?? 'n8n.log');
		keepPreviousLog(n8nLogFile);
		const child = await step(
			log,
			`Starting n8n ${runtime.version}${queue ? ' main (queue mode)' : ''} on ${n8nUrl} (task broker on ${brokerPort})`,
			async () => {
				const proc = startN8nProcess(
					runtime,
					userFolder,
					{
						...backend?.env,
						// In queue mode production webhooks go to the webhook process only (n8n's recommended setup).
						...(queue
							? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true', WEBHOOK_URL: `${webhookUrl}/` }
							: {}),
						N8N_PORT: String(n8nPort),
						N8N_HOST: '127.0.0.1',
						N8N_PROTOCOL: 'http',
						N8N_EDITOR_BASE_URL: `${n8nUrl}/`,
						N8N_WEBHOOK_URL: `${webhookUrl}/`,
						N8N_RUNNERS_BROKER_PORT: String(brokerPort),
						N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
						N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
						N8N_INSTANCE_OWNER_EMAIL: owner.email,
						N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(owner.password),
						N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
						N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
						...options.env,
					},
					n8nLogFile,
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
				cleanups.push(async () => {
					await stopProcess(proc);
					process.removeListener('exit', killOnExit);
				});
				await waitForReady(n8nUrl, proc, n8nLogFile, options.readyTimeoutMs ?? 180_000);
				return proc;
			},
			(proc) => `pid ${proc.pid}, log ${path.relative(REPO_ROOT, n8nLogFile)}`,
		);

		// Queue mode: the webhook process and the workers, once main has migrated the database.
		const processes = backend
			? await startQueueProcesses({
					runtime,
					backend,
					webhookPort,
					webhookUrl,
					queue: queue || {},
					logPrefix,
					readyTimeoutMs: options.readyTimeoutMs ?? 180_000,
					log,
					onStarted: (stop) => cleanups.push(stop),
				})
			: [];

		if (N8N_MAJOR < 2) await setUpOwner(n8nUrl, owner);
		const session = await N8nSession.login(n8nUrl, owner);
		const api = new N8nApi(n8nUrl, await ownerApiKey(session, userFolder));
		const nodeTypes = await session.nodeTypes(`${PACKAGE_NAME}.`);
		log(`[runtime] n8n has loaded ${nodeTypes.length} node type(s) of ${PACKAGE_NAME}`);
		const warnings: string[] = [];
		if (nodeTypes.length === 0 && runtime.package.nodeFiles.length > 0) {
			const reasons = fs
				.readFileSync(n8nLogFile, 'utf8')
				.split('\n')
				.filter((line) => line.includes(PACKAGE_NAME) && !line.trimStart().startsWith('at '))
				.slice(0, 3);
			warnings.push(
				`n8n did not load ${PACKAGE_NAME}${reasons.length ? `: ${reasons.join(' | ')}` : ` (see ${n8nLogFile})`}`,
			);
			log(`[runtime] warning: ${warnings[warnings.length - 1]}`);
		}

		const toPublish = imported.skipped
			? []
			: workflows.filter((wf) =>
					publishChoice === 'all'
						? true
						: publishChoice === 'none'
							? false
							: publishChoice === 'fromJson'
								? wf.active === true
								: publishChoice.includes(wf.id ?? ''),
				);
		const { published, activeWorkflows } = await publishWorkflows({ api, session, toPublish, log });
		imported.markDone();

		let stopped: Promise<void> | undefined;
		return {
			n8nUrl,
			sandboxUrl,
			admin: sandboxAdmin(sandboxUrl),
			userFolder,
			owner,
			api,
			session,
			nodeTypes,
			sandbox,
			package: runtime.package,
			credentials,
			workflows,
			published,
			activeWorkflows,
			importSkipped: imported.skipped,
			webhookUrl,
			queue: backend
				? {
						processes,
						database: backend.database,
						postgresPort: backend.postgres.port,
						redisPort: backend.redis.port,
						encryptionKey: backend.encryptionKey,
					}
				: undefined,
			warnings,
			n8nLogFile,
			n8nPid: child.pid ?? 0,
			stop: () => (stopped ??= cleanup()),
		};
	} catch (error) {
		await cleanup();
		throw error;
	}
}

/** A random-enough suffix for per-run folders (e2e tests use `.runtime/e2e-<this>` user folders). */
export function runId(): string {
	return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
