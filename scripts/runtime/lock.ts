/**
 * One start per n8n user folder: `<userFolder>.lock` names the process that holds it (pid, URLs once ready).
 * A second start into the same folder stops before it touches anything (imports, ports, logs) and names the
 * first one; a lock left by a process that is gone is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { REPO_ROOT } from './paths';

interface LockContent {
	pid: number;
	startedAt: string;
	n8nUrl?: string;
	sandboxUrl?: string;
}

export interface StartLock {
	file: string;
	/** Adds what the start knows once it is ready (its URLs). */
	update(extra: Pick<LockContent, 'n8nUrl' | 'sandboxUrl'>): void;
	release(): void;
}

/** The error of a second start into a user folder in use; `holder` is the running start. */
export class AlreadyRunningError extends Error {
	constructor(
		readonly holder: LockContent,
		userFolder: string,
	) {
		const where = [
			holder.n8nUrl ? `editor ${holder.n8nUrl}/` : 'still starting',
			holder.sandboxUrl ? `sandbox ${holder.sandboxUrl}/` : undefined,
		]
			.filter(Boolean)
			.join(', ');
		super(
			`already running for ${path.relative(REPO_ROOT, userFolder) || userFolder}: pid ${holder.pid} (${where}), started ${holder.startedAt}. ` +
				`Use that one, stop it (Ctrl-C in its terminal, or kill ${holder.pid}), or start a separate one with its own data: npm start -- --instance NAME`,
		);
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function takeStartLock(userFolder: string): StartLock {
	const file = `${userFolder.replace(/\/+$/, '')}.lock`;
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString() };
	for (let attempt = 0; ; attempt++) {
		try {
			fs.writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
			let holder: LockContent | undefined;
			try {
				holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
			} catch {
				// unreadable: a start that died while writing it
			}
			if (holder && holder.pid !== process.pid && alive(holder.pid))
				throw new AlreadyRunningError(holder, userFolder);
			fs.rmSync(file, { force: true });
		}
	}
	const release = () => {
		try {
			const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
			if (holder.pid === process.pid) fs.rmSync(file, { force: true });
		} catch {
			// already gone
		}
		process.removeListener('exit', release);
	};
	process.on('exit', release);
	return {
		file,
		update(extra) {
			Object.assign(content, extra);
			fs.writeFileSync(file, JSON.stringify(content));
		},
		release,
	};
}
