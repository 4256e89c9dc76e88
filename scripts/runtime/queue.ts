/**
 * n8n queue mode (EXECUTIONS_MODE=queue): PostgreSQL and Redis, then, beside the main process, one `n8n webhook`
 * process (production webhooks) and `n8n worker` processes (executions), all on loopback with one encryption key,
 * each with its own user folder and the package installed into it, as on separate machines.
 */
import { createHash, randomBytes, type BinaryLike } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	startN8nProcess,
	stopProcess,
	waitForReady,
	WEBHOOK_STARTED_LINE,
	WORKER_STARTED_LINE,
} from './n8n-process';
import { installPackage } from './package';
import { LOG_DIR, RUNTIME_DIR } from './paths';
import { startPostgres, type PostgresServer } from './postgres';
import type { PreparedRuntime } from './prepare';
import { startRedis, type RedisServer } from './redis';
import { freePort, keepPreviousLog, readJson, step, writeJson, type Log } from './util';

export interface QueueOptions {
	/** `n8n worker` processes (default 2). */
	workers?: number;
	/** Concurrency of each worker (n8n's default 10). */
	concurrency?: number;
	/** The PostgreSQL cluster's folder (default `.runtime/postgres`). */
	postgresDir?: string;
}

export interface QueueBackend {
	postgres: PostgresServer;
	redis: RedisServer;
	database: string;
	databaseExisted: boolean;
	encryptionKey: string;
	/** What every n8n process (and n8n CLI command) of the stack gets. */
	env: NodeJS.ProcessEnv;
	stop(): Promise<void>;
}

export interface QueueProcess {
	role: 'webhook' | 'worker';
	name: string;
	pid: number;
	logFile: string;
	userFolder: string;
	/** The webhook process's base URL. */
	url?: string;
}

const hash = (value: BinaryLike) => createHash('sha256').update(value).digest('hex');

/** One database per user folder: `n8n_<hash of its path>`. */
export function databaseName(userFolder: string): string {
	return `n8n_${hash(path.resolve(userFolder)).slice(0, 12)}`;
}

/** The user folder's encryption key: the one n8n already wrote there, else one saved by this script, else a new one. */
export function encryptionKeyFor(userFolder: string): string {
	const own = readJson<{ encryptionKey?: string }>(
		path.join(userFolder, '.n8n', 'config'),
	)?.encryptionKey;
	if (own) return own;
	const file = path.join(userFolder, 'bgc-encryption-key.json');
	const saved = readJson<{ encryptionKey?: string }>(file)?.encryptionKey;
	if (saved) return saved;
	const created = randomBytes(24).toString('base64url');
	writeJson(file, { encryptionKey: created });
	return created;
}

/** PostgreSQL (a database for this user folder) and Redis, and the environment that points n8n at them. */
export async function startQueueBackend(options: {
	userFolder: string;
	fresh?: boolean;
	queue: QueueOptions;
	log: Log;
	logPrefix: string;
}): Promise<QueueBackend> {
	const { log } = options;
	const postgres = await startPostgres({
		dir: options.queue.postgresDir ?? path.join(RUNTIME_DIR, 'postgres'),
		log,
	});
	let redis: RedisServer | undefined;
	try {
		const database = databaseName(options.userFolder);
		const { existed } = await step(
			log,
			`Database ${database}${options.fresh ? ' (fresh)' : ''}`,
			() => postgres.ensureDatabase(database, options.fresh),
			(r) => (r.existed ? 'kept' : 'created'),
		);
		redis = await startRedis({ log, logName: `${options.logPrefix}redis.log` });
		const encryptionKey = encryptionKeyFor(options.userFolder);
		const env: NodeJS.ProcessEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			N8N_ENCRYPTION_KEY: encryptionKey,
			// Manual runs (the editor's "Execute workflow") go to the workers too, as n8n 3 will always do.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		const started = redis;
		return {
			postgres,
			redis: started,
			database,
			databaseExisted: existed,
			encryptionKey,
			env,
			stop: async () => {
				await started.stop();
				await postgres.stop();
			},
		};
	} catch (error) {
		await redis?.stop().catch(() => undefined);
		await postgres.stop().catch(() => undefined);
		throw error;
	}
}

/**
 * One `n8n webhook` process on `webhookPort` and `workers` `n8n worker` processes, each in its own user folder
 * (`<userFolder>/processes/<name>`) with the package installed from the main folder's tarball. `onStarted` gets
 * each process's stop function at once, so that a failure later still stops it.
 */
export async function startQueueProcesses(options: {
	runtime: PreparedRuntime;
	backend: QueueBackend;
	webhookPort: number;
	webhookUrl: string;
	queue: QueueOptions;
	logPrefix: string;
	readyTimeoutMs: number;
	log: Log;
	onStarted(stop: () => Promise<void>): void;
}): Promise<QueueProcess[]> {
	const { runtime, log } = options;
	const roles: Array<{ role: QueueProcess['role']; name: string }> = [
		{ role: 'webhook', name: 'webhook' },
		...Array.from({ length: options.queue.workers ?? 2 }, (_, i) => ({
			role: 'worker' as const,
			name: `worker-${i + 1}`,
		})),
	];
	const prepared: Array<QueueProcess & { env: NodeJS.ProcessEnv }> = [];
	for (const { role, name } of roles) {
		const userFolder = path.join(runtime.userFolder, 'processes', name);
		fs.mkdirSync(userFolder, { recursive: true });
		await installPackage({ userFolder, tarball: runtime.package.tarball, build: false, log });
		const env: NodeJS.ProcessEnv = {
			...options.backend.env,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_WEBHOOK_URL: `${options.webhookUrl}/`,
			WEBHOOK_URL: `${options.webhookUrl}/`,
			...(role === 'webhook'
				? { N8N_PORT: String(options.webhookPort), N8N_HOST: '127.0.0.1', N8N_PROTOCOL: 'http' }
				: {}),
		};
		const logFile = path.join(LOG_DIR, `${options.logPrefix}${name}.log`);
		prepared.push({
			role,
			name,
			pid: 0,
			logFile,
			userFolder,
			env,
			url: role === 'webhook' ? options.webhookUrl : undefined,
		});
	}
	return step(
		log,
		`Starting n8n webhook (${options.webhookUrl}) and ${roles.length - 1} worker(s)`,
		async () =>
			Promise.all(
				prepared.map(async (p) => {
					keepPreviousLog(p.logFile);
					const command =
						p.role === 'webhook'
							? ['webhook']
							: ['worker', `--concurrency=${options.queue.concurrency ?? 10}`];
					const child = startN8nProcess(runtime, p.userFolder, p.env, p.logFile, command);
					const killOnExit = () => {
						try {
							if (child.pid) process.kill(child.pid, 'SIGTERM');
						} catch {
							// gone
						}
					};
					process.on('exit', killOnExit);
					options.onStarted(async () => {
						await stopProcess(child);
						process.removeListener('exit', killOnExit);
					});
					await waitForReady(
						p.url,
						child,
						p.logFile,
						options.readyTimeoutMs,
						p.role === 'webhook' ? WEBHOOK_STARTED_LINE : WORKER_STARTED_LINE,
					);
					const { env: _env, ...info } = p;
					return { ...info, pid: child.pid ?? 0 };
				}),
			),
		(list) => list.map((p) => `${p.name} pid ${p.pid}`).join(', '),
	);
}
