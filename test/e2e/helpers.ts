import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	runId,
	startStack,
	stdoutLog,
	type Stack,
	type StartStackOptions,
} from '../../scripts/runtime';

/**
 * Where test stacks' n8n user folders go: outside the checkout, as a user's `~/.n8n` is. Inside it, Node would
 * resolve the installed package's `require()`s through the checkout's node_modules (its n8n-workflow, its libraries)
 * before n8n's own, and a package that forgot to ship a library would still pass.
 */
export const E2E_USER_FOLDERS = path.join(os.tmpdir(), 'bgc-e2e');

/**
 * A stack for one test file: a fresh n8n user folder under `E2E_USER_FOLDERS` (removed by `cleanup()` unless
 * BGC_E2E_KEEP=1; n8n's log stays in .runtime/logs/e2e-<id>.log), free ports, the package as packed from dist/
 * (built once by global-setup.ts).
 */
export async function startTestStack(
	options: StartStackOptions = {},
): Promise<Stack & { cleanup(): Promise<void> }> {
	const userFolder = path.join(E2E_USER_FOLDERS, runId());
	// Queue mode: a PostgreSQL cluster of its own inside the user folder (removed with it).
	const queue = options.queue
		? {
				postgresDir: path.join(userFolder, 'postgres'),
				...(options.queue === true ? {} : options.queue),
			}
		: undefined;
	const stack = await startStack({
		log: stdoutLog,
		build: false,
		fresh: true,
		userFolder,
		n8nLogName: `e2e-${path.basename(userFolder)}.log`,
		...options,
		queue,
	});
	return Object.assign(stack, {
		async cleanup() {
			await stack.stop();
			if (process.env.BGC_E2E_KEEP !== '1') fs.rmSync(userFolder, { recursive: true, force: true });
		},
	});
}

/** POSTs JSON to a production webhook of the stack's n8n (the webhook process in queue mode). */
export async function postWebhook(
	stack: Stack,
	webhookPath: string,
	body: unknown,
): Promise<{ status: number; json: unknown }> {
	const response = await fetch(`${stack.webhookUrl}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown = text;
	try {
		json = JSON.parse(text);
	} catch {
		// not JSON
	}
	return { status: response.status, json };
}

/** Polls `probe` every 500 ms until it returns something other than `undefined`; fails after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs: number,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Prints how long a scenario took: `[e2e] <name>: 12.3s (detail)`. */
export function scenarioTimer(name: string): { done(detail?: string): number } {
	const started = Date.now();
	return {
		done(detail?: string) {
			const ms = Date.now() - started;
			process.stdout.write(
				`[e2e] ${name}: ${(ms / 1000).toFixed(1)}s${detail ? ` (${detail})` : ''}\n`,
			);
			return ms;
		},
	};
}
