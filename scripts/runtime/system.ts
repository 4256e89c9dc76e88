/** Debian packages the queue-mode stack needs (PostgreSQL, Redis), installed with apt-get when missing. */
import { spawnSync } from 'node:child_process';

import { run, step, type Log } from './util';

export function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** `command` when it is on PATH (its full path), else undefined. */
export function which(command: string): string | undefined {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/**
 * `apt-get install -y <pkg>` (as root, which CI is); `apt-get update` first when the install fails without it.
 * Anyone else gets an error that says what to install.
 */
export async function aptInstall(pkg: string, why: string, log: Log): Promise<void> {
	if (!isRoot() || !which('apt-get')) {
		throw new Error(
			`${why} is missing: install Debian's ${pkg} (apt-get install -y ${pkg}) or your system's equivalent`,
		);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await step(log, `Installing ${pkg} with apt-get (${why} is missing)`, async () => {
		try {
			await run('apt-get', ['install', '-y', '-q', pkg], { cwd: '/', env, logName: 'apt.log' });
		} catch {
			await run('apt-get', ['update', '-q'], { cwd: '/', env, logName: 'apt.log' });
			await run('apt-get', ['install', '-y', '-q', pkg], { cwd: '/', env, logName: 'apt.log' });
		}
	});
}
