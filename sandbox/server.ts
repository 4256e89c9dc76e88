import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ADMIN_PREFIX, handleAdmin } from './admin';
import { SandboxAdmin } from './admin-client';
import { applyDemoData } from './demo';
import { sendJson } from './http';
import { DEFAULT_PORT, DEFAULT_SEED, HOST, Sandbox } from './sandbox';

export { SandboxAdmin, sandboxAdmin, type AdminAnswer, type SandboxState } from './admin-client';
export { atsDemoAccounts, demoCredentials } from './credentials';
export type { DemoCredentials } from './credentials';
export {
	DEFAULT_PORT,
	DEFAULT_SEED,
	HOST,
	Sandbox,
	VENDOR_PREFIXES,
	type RequestLogEntry,
	type SandboxExtensions,
} from './sandbox';

const TICK_MS = 250;

export interface StartOptions {
	/** 0 = ephemeral; default SANDBOX_PORT or 4010. */
	port?: number;
	/** PRNG seed; default SANDBOX_SEED or 1. */
	seed?: number;
	/** Demo PageUp checks and RIQ reports; default true. */
	demoData?: boolean;
}

export interface RunningSandbox {
	url: string;
	port: number;
	close(): Promise<void>;
	/** Direct access to the state, for tests that prefer it to the admin API. */
	sandbox: Sandbox;
	/** The admin API's client. */
	admin: SandboxAdmin;
}

function envNumber(name: string): number | undefined {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
	return value;
}

/** Starts the sandbox on 127.0.0.1. Port 0 gives an ephemeral port (tests). */
export async function startSandbox(opts: StartOptions = {}): Promise<RunningSandbox> {
	const port = opts.port ?? envNumber('SANDBOX_PORT') ?? DEFAULT_PORT;
	const sandbox = new Sandbox({
		seed: opts.seed ?? envNumber('SANDBOX_SEED') ?? DEFAULT_SEED,
		demoData: opts.demoData ?? true,
		extensions: { admin: { prefix: ADMIN_PREFIX, handle: handleAdmin }, applyDemoData },
	});
	const server = createServer((req, res) => {
		sandbox.handle(req, res).catch((error: Error) => {
			sandbox.backgroundErrors.push(`${req.method} ${req.url}: ${error.stack ?? error.message}`);
			if (!res.headersSent)
				sendJson(res, 500, { error: 'Sandbox internal error', message: error.message });
			else res.destroy();
		});
	});
	// Keep-alive sockets from clients must not hold close() up.
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const actualPort = (server.address() as AddressInfo).port;
	const url = `http://${HOST}:${actualPort}`;
	sandbox.setBaseUrl(url);
	await sandbox.reset();
	const timer = setInterval(() => {
		sandbox.tick().catch((error: Error) => sandbox.backgroundErrors.push(`tick: ${error.message}`));
	}, TICK_MS);
	timer.unref();
	let closed: Promise<void> | undefined;
	return {
		url,
		port: actualPort,
		sandbox,
		admin: new SandboxAdmin(url),
		close: () =>
			(closed ??= (async () => {
				clearInterval(timer);
				await new Promise<void>((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				});
				// Let in-flight background work (postbacks) finish so tests do not leak handles.
				await sandbox.tick();
			})()),
	};
}
