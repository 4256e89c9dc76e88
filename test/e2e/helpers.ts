import * as fs from 'node:fs';
import * as path from 'node:path';

import { RUNTIME_DIR, runId, startStack, stdoutLog, type Stack, type StartStackOptions } from '../../scripts/runtime';

/**
 * A stack for one test file: a fresh n8n user folder under .runtime/e2e/ (removed by `cleanup()` unless
 * BGC_E2E_KEEP=1; n8n's log stays in .runtime/logs/e2e-<id>.log), free ports, the package as packed from dist/
 * (built once by global-setup.ts).
 */
export async function startTestStack(options: StartStackOptions = {}): Promise<Stack & { cleanup(): Promise<void> }> {
	const userFolder = path.join(RUNTIME_DIR, 'e2e', runId());
	const stack = await startStack({
		log: stdoutLog,
		build: false,
		fresh: true,
		userFolder,
		n8nLogName: `e2e-${path.basename(userFolder)}.log`,
		...options,
	});
	return Object.assign(stack, {
		async cleanup() {
			await stack.stop();
			if (process.env.BGC_E2E_KEEP !== '1') fs.rmSync(userFolder, { recursive: true, force: true });
		},
	});
}

/** POSTs JSON to a production webhook of the stack's n8n. */
export async function postWebhook(stack: Stack, webhookPath: string, body: unknown): Promise<{ status: number; json: unknown }> {
	const response = await fetch(`${stack.n8nUrl}/webhook/${webhookPath}`, {
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
