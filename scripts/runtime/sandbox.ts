/** The sandbox (sandbox/server.ts), started in this process. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { REPO_ROOT } from './paths';

export interface SandboxHandle {
	url: string;
	/** What `startSandbox` returned (`.sandbox` is the sandbox's state, for tests that inspect it). */
	raw: import('../../sandbox/server').RunningSandbox;
	close(): Promise<void>;
}

export const SANDBOX_SERVER_MODULE = path.join(REPO_ROOT, 'sandbox', 'server');

export function sandboxAvailable(): boolean {
	return (
		fs.existsSync(`${SANDBOX_SERVER_MODULE}.ts`) || fs.existsSync(`${SANDBOX_SERVER_MODULE}.js`)
	);
}

/** Starts the sandbox (`startSandbox({ port })` of sandbox/server.ts; needs a TypeScript-aware loader: run-ts.js or jest). */
export async function startSandboxServer(port: number): Promise<SandboxHandle> {
	// Loaded on demand: `--no-sandbox` and prepareRuntime() do not need it.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(SANDBOX_SERVER_MODULE) as typeof import('../../sandbox/server');
	const running = await mod.startSandbox({ port });
	return { url: running.url.replace(/\/+$/, ''), raw: running, close: () => running.close() };
}
