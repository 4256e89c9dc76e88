/** n8n processes: environment, CLI commands, start, readiness, stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { N8nInstall } from './n8n-install';
import { nodeEnv } from './node';
import { N8N_DIR } from './paths';
import { run, sleep } from './util';

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** The owner `startStack` creates (n8n 2.x `N8N_INSTANCE_OWNER_MANAGED_BY_ENV`); loopback-only demo login. */
export const DEMO_OWNER: Owner = {
	email: 'demo@example.com',
	password: 'Sandbox-Demo-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

export function bcryptHash(password: string): string {
	// n8n's own bcryptjs (pure JavaScript, loads on any Node).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const bcrypt = require(path.join(N8N_DIR, 'node_modules', 'bcryptjs')) as {
		hashSync(p: string, rounds: number): string;
	};
	return bcrypt.hashSync(password, 10);
}

/** The environment every n8n process of a stack gets. */
export function n8nEnv(
	install: N8nInstall,
	userFolder: string,
	extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
	return nodeEnv(install.node, {
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		NODE_ENV: 'production',
		...extra,
	});
}

/** Runs an n8n CLI command (`import:credentials`, `import:workflow`, ...) to completion. */
export async function n8nCli(
	install: N8nInstall,
	userFolder: string,
	args: string[],
	logName = 'n8n-cli.log',
	env: NodeJS.ProcessEnv = {},
): Promise<string> {
	// n8n's command runner exits 1 when a command throws.
	const out = await run(install.node.bin, [install.n8nBin, ...args], {
		cwd: userFolder,
		env: n8nEnv(install, userFolder, env),
		logName,
	});
	return out;
}

/** Starts `n8n start` (or `n8n webhook`, `n8n worker ...` with `command`), its output into `logFile`. */
export function startN8nProcess(
	install: N8nInstall,
	userFolder: string,
	env: NodeJS.ProcessEnv,
	logFile: string,
	command = ['start'],
): ChildProcess {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'w');
	const child = spawn(install.node.bin, [install.n8nBin, ...command], {
		cwd: userFolder,
		env: n8nEnv(install, userFolder, env),
		stdio: ['ignore', out, out],
		// Its own process group: stop() can end n8n and its task runner together, and a Ctrl-C in the terminal
		// reaches only this script, which then stops n8n in order.
		detached: true,
	});
	fs.closeSync(out);
	return child;
}

/**
 * What `n8n start` logs once it has activated the published workflows. `/healthz/readiness` turns OK earlier
 * (when the HTTP server starts), and publishing before this line races with n8n's own activation at start-up.
 */
export const N8N_STARTED_LINE = 'Editor is now accessible via';

/** What `n8n webhook` and `n8n worker` log once they take requests / jobs. */
export const WEBHOOK_STARTED_LINE = 'Webhook listener waiting for requests.';
export const WORKER_STARTED_LINE = 'n8n worker is now ready';

/** Waits for `readyLine` in the process's log, then (with a `url`) for its `/healthz/readiness`. */
export async function waitForReady(
	url: string | undefined,
	child: ChildProcess,
	logFile: string,
	timeoutMs: number,
	readyLine = N8N_STARTED_LINE,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exited: number | null | undefined;
	child.once('exit', (code) => (exited = code));
	for (;;) {
		if (exited !== undefined) {
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
			throw new Error(
				`n8n exited with code ${exited} before it was ready (log: ${logFile}):\n${tail}`,
			);
		}
		if (fs.readFileSync(logFile, 'utf8').includes(readyLine)) {
			if (!url) return;
			try {
				const response = await fetch(`${url}/healthz/readiness`);
				if (response.ok) return;
			} catch {
				// not listening (yet)
			}
		}
		if (Date.now() > deadline)
			throw new Error(`n8n was not ready within ${timeoutMs / 1000} s (log: ${logFile})`);
		await sleep(300);
	}
}

export async function stopProcess(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
	const pid = child.pid;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return;
	}
	let timer: NodeJS.Timeout | undefined;
	const timedOut = await Promise.race([
		exited.then(() => false),
		new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
	]);
	clearTimeout(timer);
	try {
		// Whatever is left of its process group (the task runner), or all of it after the timeout.
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
	if (timedOut) await exited;
}
