/**
 * How fast one PageUp Trigger poll drains a backlog, by claim concurrency, against the sandbox with a
 * fixed per-request latency (PageUp's real latency is unknown: the figures compare settings, they do
 * not predict production).
 *
 *   node scripts/run-ts.js bench/pageup-drain.ts [checks=100] [latencyMs=40]
 */
import './env';

import { performance } from 'node:perf_hooks';

import { startSandbox } from '../sandbox/server';
import { runPoll } from '../test/harness';

const checks = Number(process.argv[2] ?? 100);
const latencyMs = Number(process.argv[3] ?? 40);

async function admin(url: string, method: string, path: string, body?: unknown) {
	const response = await fetch(`${url}/_admin${path}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
	return (await response.json()) as Record<string, unknown>;
}

async function drainOnce(concurrency: number) {
	const sandbox = await startSandbox({ port: 0, demoData: false, seed: 1 });
	try {
		const { pageUp } = (await import('../sandbox/demo-credentials.json')).default;
		await admin(sandbox.url, 'POST', '/pageup/checks', { count: checks, provider: pageUp.provider, tenantId: pageUp.tenantId });
		await admin(sandbox.url, 'POST', '/faults', { vendor: 'pageup', latencyMs });
		const credentials = {
			pageUpApi: {
				environment: 'custom',
				tokenUrl: `${sandbox.url}/pageup/connect/token`,
				apiBaseUrl: `${sandbox.url}/pageup`,
				tenantId: pageUp.tenantId,
				clientId: pageUp.clientId,
				clientSecret: pageUp.clientSecret,
				instanceId: pageUp.instanceId,
				scope: pageUp.scope,
			},
		};
		const started = performance.now();
		const { items } = await runPoll(
			{
				type: 'pageUpTrigger',
				parameters: { provider: pageUp.provider, options: { maxChecksPerPoll: checks, concurrency } },
			},
			{ credentials },
		);
		const seconds = (performance.now() - started) / 1000;
		return { emitted: items.length, seconds };
	} finally {
		await sandbox.close();
	}
}

async function main() {
	process.stdout.write(`PageUp drain: ${checks} pending checks, ${latencyMs} ms added to every PageUp request\n`);
	process.stdout.write('concurrency  emitted  seconds  checks/s\n');
	for (const concurrency of [1, 2, 5, 10]) {
		const { emitted, seconds } = await drainOnce(concurrency);
		process.stdout.write(
			`${String(concurrency).padStart(11)}  ${String(emitted).padStart(7)}  ${seconds.toFixed(2).padStart(7)}  ${(emitted / seconds).toFixed(1).padStart(8)}\n`,
		);
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
