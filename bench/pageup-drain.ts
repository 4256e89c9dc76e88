/**
 * How fast one PageUp Trigger poll drains a backlog, by claim concurrency, against the sandbox with a
 * fixed per-request latency (PageUp's real latency is unknown: the figures compare settings, they do
 * not predict production), next to the floor: two round trips per page of five (a read, then that page's
 * claims in parallel) plus the final empty read. Then the same backlog under issue 11's fault mix, polled
 * until nothing is pending or unsettled.
 *
 *   node scripts/run-ts.js bench/pageup-drain.ts [checks=100] [latencyMs=40]
 */
import './env';

import { performance } from 'node:perf_hooks';

import { sandboxAdmin, startSandbox, type RunningSandbox } from '../sandbox/server';
import { runPoll } from '../harness';

const checks = Number(process.argv[2] ?? 100);
const latencyMs = Number(process.argv[3] ?? 40);
const PAGE = 5;

/** Issue 11's mix: 10% of PUTs 500, 5% of GETs 503, 2% of calls 429 (Retry-After 1), 1% of PUTs applied then dropped, 20 s tokens. */
async function applyFaultMix(url: string, latency: number) {
	await sandboxAdmin(url).setFault({
		vendor: 'pageup',
		latencyMs: latency,
		rateLimit: { retryAfterSeconds: 1, rate: 0.02 },
		tokenTtlSeconds: 20,
	});
	await sandboxAdmin(url).setFault({
		vendor: 'pageup',
		route: 'update',
		errorRate: 0.1,
		errorStatuses: [500],
		applyThenDropRate: 0.01,
	});
	await sandboxAdmin(url).setFault({
		vendor: 'pageup',
		route: 'list',
		errorRate: 0.05,
		errorStatuses: [503],
	});
}

async function setUp(sandbox: RunningSandbox) {
	const { pageUp } = (await import('../sandbox/demo-credentials.json')).default;
	await sandboxAdmin(sandbox).seedPageUpChecks({
		count: checks,
		provider: pageUp.provider,
		tenantId: pageUp.tenantId,
	});
	return {
		provider: pageUp.provider,
		credentials: {
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
		},
	};
}

async function drainOnce(concurrency: number) {
	const sandbox = await startSandbox({ port: 0, demoData: false, seed: 1 });
	try {
		const { provider, credentials } = await setUp(sandbox);
		await sandboxAdmin(sandbox).setFault({ vendor: 'pageup', latencyMs });
		const started = performance.now();
		const { items } = await runPoll(
			{
				type: 'pageUpTrigger',
				parameters: { provider, options: { maxChecksPerPoll: checks, concurrency } },
			},
			{ credentials },
		);
		const seconds = (performance.now() - started) / 1000;
		return { emitted: items.length, seconds };
	} finally {
		await sandbox.close();
	}
}

/** Polls under the fault mix until no check is pending and no claim is unsettled (at most 50 polls). */
async function drainWithFaults(concurrency: number) {
	const sandbox = await startSandbox({ port: 0, demoData: false, seed: 1 });
	try {
		const { provider, credentials } = await setUp(sandbox);
		await applyFaultMix(sandbox.url, latencyMs);
		const emitted: string[] = [];
		let recovered = 0;
		let polls = 0;
		let failedPolls = 0;
		let staticData = {};
		const started = performance.now();
		for (; polls < 50; ) {
			polls++;
			try {
				const poll = await runPoll(
					{
						type: 'pageUpTrigger',
						parameters: { provider, options: { maxChecksPerPoll: checks, concurrency } },
					},
					{ credentials, staticData },
				);
				staticData = poll.staticData;
				for (const item of poll.items) {
					emitted.push(String(item.json.id));
					if (item.json.claim === 'recovered') recovered++;
				}
			} catch {
				failedPolls++;
			}
			const state = await sandboxAdmin(sandbox).state();
			const pending = state.pageUp.checks.filter((check) => check.status === 'pending').length;
			if (pending === 0 && !JSON.stringify(staticData).includes('"since"')) break;
		}
		const seconds = (performance.now() - started) / 1000;
		const faults = await sandboxAdmin(sandbox).faults();
		const injected = faults.rules.reduce(
			(sum, rule) =>
				sum +
				rule.stats.errors +
				rule.stats.rateLimited +
				rule.stats.dropped +
				(rule.stats.appliedThenDropped ?? 0),
			0,
		);
		const state = await sandboxAdmin(sandbox).state();
		const queued = state.pageUp.checks.filter((check) => check.status === 'queued').length;
		return {
			emitted: emitted.length,
			unique: new Set(emitted).size,
			recovered,
			polls,
			failedPolls,
			injected,
			queued,
			seconds,
		};
	} finally {
		await sandbox.close();
	}
}

async function main() {
	const floor = (2 * Math.ceil(checks / PAGE) + 1) * (latencyMs / 1000);
	process.stdout.write(
		`PageUp drain: ${checks} pending checks, ${latencyMs} ms added to every PageUp request\n`,
	);
	process.stdout.write(
		`floor (a read, then the page's claims in parallel, per page of ${PAGE}, plus the final empty read): ${floor.toFixed(2)} s\n`,
	);
	process.stdout.write('concurrency  emitted  seconds  checks/s  x floor\n');
	for (const concurrency of [1, 2, 5, 10]) {
		const { emitted, seconds } = await drainOnce(concurrency);
		process.stdout.write(
			`${String(concurrency).padStart(11)}  ${String(emitted).padStart(7)}  ${seconds.toFixed(2).padStart(7)}  ${(emitted / seconds).toFixed(1).padStart(8)}  ${(seconds / floor).toFixed(2).padStart(7)}\n`,
		);
	}
	process.stdout.write(
		'\nUnder the fault mix (10% PUT 500, 5% GET 503, 2% 429 Retry-After 1, 1% PUT applied then dropped, 20 s tokens), polled until nothing is pending or unsettled:\n',
	);
	process.stdout.write(
		'concurrency  polls  failed polls  faults injected  emitted  unique  recovered  queued  seconds\n',
	);
	const result = await drainWithFaults(5);
	process.stdout.write(
		`${'5'.padStart(11)}  ${String(result.polls).padStart(5)}  ${String(result.failedPolls).padStart(12)}  ${String(result.injected).padStart(15)}  ${String(result.emitted).padStart(7)}  ${String(result.unique).padStart(6)}  ${String(result.recovered).padStart(9)}  ${String(result.queued).padStart(6)}  ${result.seconds.toFixed(2).padStart(7)}\n`,
	);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
