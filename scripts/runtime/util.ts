/** Progress lines, commands run to completion with their output in `.runtime/logs/`, small file and port helpers. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { LOG_DIR, REPO_ROOT } from './paths';

export type Log = (line: string) => void;
export const stdoutLog: Log = (line) => process.stdout.write(`${line}\n`);
export const silentLog: Log = () => undefined;

export function seconds(ms: number): string {
	return ms >= 60_000
		? `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s`
		: `${(ms / 1000).toFixed(1)}s`;
}

/** Runs one step: a line when it starts, a line when it ends (with its duration and an optional detail). */
export async function step<T>(
	log: Log,
	title: string,
	fn: () => Promise<T> | T,
	detail?: (result: T) => string,
): Promise<T> {
	const started = Date.now();
	log(`[runtime] ${title} ...`);
	const result = await fn();
	const extra = detail ? detail(result) : '';
	log(`[runtime] ${title}: done in ${seconds(Date.now() - started)}${extra ? ` (${extra})` : ''}`);
	return result;
}

/**
 * The environment for npm child processes: without the `npm_*` variables of a parent `npm start` (they carry the
 * repository's own settings, such as `ignore-scripts` and its local prefix, into npm runs elsewhere), but keeping
 * the ones about where and how to reach the registry.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const keep = new Set([
		'npm_config_registry',
		'npm_config_cache',
		'npm_config_userconfig',
		'npm_config_globalconfig',
		'npm_config_cafile',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_noproxy',
		'npm_config_strict_ssl',
	]);
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if ((lower.startsWith('npm_') || lower === 'init_cwd') && !keep.has(lower)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Name of the log file under `.runtime/logs/` that receives the command's output (appended). */
	logName: string;
	/** Called every 30 s while the command runs, for long steps. */
	heartbeat?: (elapsedMs: number) => void;
}

/** Runs a command to completion, its output into a log file; on failure, throws with the end of that log. */
export async function run(command: string, args: string[], options: RunOptions): Promise<string> {
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const logFile = path.join(LOG_DIR, options.logName);
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(
		out,
		`\n$ (cd ${options.cwd} && ${command} ${args.join(' ')})  # ${new Date().toISOString()}\n`,
	);
	const started = Date.now();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		fs.writeSync(out, chunk);
	});
	child.stderr.on('data', (chunk: Buffer) => fs.writeSync(out, chunk));
	const timer = options.heartbeat
		? setInterval(() => options.heartbeat?.(Date.now() - started), 30_000)
		: undefined;
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	}).finally(() => {
		if (timer) clearInterval(timer);
		fs.closeSync(out);
	});
	if (code !== 0) {
		const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
		throw new Error(
			`${command} ${args.join(' ')} failed with exit code ${code} (log: ${logFile}):\n${tail}`,
		);
	}
	return stdout;
}

/** Keeps the log of the previous start: `n8n.log` becomes `n8n.previous.log` (replacing the one before). */
export function keepPreviousLog(logFile: string): void {
	if (!fs.existsSync(logFile)) return;
	const previous = logFile.replace(/(\.log)?$/, '.previous.log');
	fs.renameSync(logFile, previous);
}

export function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

export function writeJson(file: string, value: unknown): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A free TCP port on 127.0.0.1: `preferred` when it is free, else one the OS picks. */
export async function freePort(preferred?: number): Promise<number> {
	const tryListen = (port: number) =>
		new Promise<number | undefined>((resolve) => {
			const server = net.createServer();
			server.unref();
			server.once('error', () => resolve(undefined));
			server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
				const address = server.address();
				const got = typeof address === 'object' && address ? address.port : undefined;
				server.close(() => resolve(got));
			});
		});
	if (preferred) {
		const got = await tryListen(preferred);
		if (got) return got;
	}
	const got = await tryListen(0);
	if (!got) throw new Error('no free port on 127.0.0.1');
	return got;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a TypeScript script of this repository (`scripts/start.ts`) as `npm run` would, in a child process. */
export function spawnRepoScript(
	script: string,
	args: string[],
	env: NodeJS.ProcessEnv,
): ChildProcess {
	return spawn(
		process.execPath,
		[path.join(REPO_ROOT, 'scripts/run-ts.js'), path.join(REPO_ROOT, script), ...args],
		{
			cwd: REPO_ROOT,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
}
