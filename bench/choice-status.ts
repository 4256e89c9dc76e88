/**
 * How fast Choice Screening Get Status reads many orders, by "Requests in Parallel", against the sandbox
 * with a fixed latency on the status endpoint (Choice's real latency is unknown: the figures compare
 * settings, they do not predict production).
 *
 *   node scripts/run-ts.js bench/choice-status.ts [orders=200] [latencyMs=100]
 */
import './env';

import { performance } from 'node:perf_hooks';

import { startSandbox } from '../sandbox/server';
import { runNode } from '../harness';

const orders = Number(process.argv[2] ?? 200);
const latencyMs = Number(process.argv[3] ?? 100);

async function call(
	url: string,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
) {
	const response = await fetch(`${url}${path}`, {
		method,
		headers: { 'Content-Type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
	return (await response.json()) as Record<string, unknown>;
}

async function readAll(concurrency: number) {
	const sandbox = await startSandbox({ port: 0, demoData: false, seed: 1 });
	try {
		const { choiceScreening: demo } = (await import('../sandbox/demo-credentials.json')).default;
		const key = { [demo.apiKeyHeader]: demo.apiKey };
		await sandbox.admin.configureChoice({ autoCompleteSeconds: null });
		const ids: number[] = [];
		for (let i = 0; i < orders; i++) {
			const placed = await call(
				sandbox.url,
				'POST',
				'/choice/api/v1/order',
				{
					order: {
						isNew: true,
						isConsent: false,
						isNotifyOnComplete: false,
						applicant: {
							firstName: 'JOHN',
							lastName: `DOE${i}`,
							dob: { month: 7, day: 8, year: 1990 },
						},
						items: { item: [{ itemNumber: { type: 'PACKAGE', value: '107' }, stateCode: 'CO' }] },
					},
				},
				key,
			);
			ids.push(Number(placed.id));
		}
		await sandbox.admin.setFault({
			vendor: 'choice',
			route: 'order-status',
			latencyMs,
		});
		const credentials = {
			choiceScreeningApi: {
				authentication: 'apiKey',
				environment: 'custom',
				baseUrl: `${sandbox.url}/choice`,
				apiKey: demo.apiKey,
				apiKeyHeader: demo.apiKeyHeader,
			},
		};
		const started = performance.now();
		const { items, error } = await runNode(
			{
				type: 'choiceScreening',
				parameters: {
					resource: 'order',
					operation: 'getStatus',
					orderId: '={{ $json.id }}',
					options: { concurrency },
				},
			},
			{ credentials, items: ids.map((id) => ({ id })) },
		);
		const seconds = (performance.now() - started) / 1000;
		if (error) throw error;
		const inOrder = items.every((item, index) => item.json.orderId === String(ids[index]));
		return { read: items.length, seconds, inOrder };
	} finally {
		await sandbox.close();
	}
}

async function main() {
	process.stdout.write(
		`Choice Get Status: ${orders} orders, ${latencyMs} ms added to every status request\n`,
	);
	process.stdout.write('in flight  read  in order  seconds  orders/s\n');
	const results: number[] = [];
	for (const concurrency of [1, 5]) {
		const { read, seconds, inOrder } = await readAll(concurrency);
		results.push(seconds);
		process.stdout.write(
			`${String(concurrency).padStart(9)}  ${String(read).padStart(4)}  ${String(inOrder).padStart(8)}  ${seconds.toFixed(2).padStart(7)}  ${(read / seconds).toFixed(1).padStart(8)}\n`,
		);
	}
	process.stdout.write(`speed-up at 5 in flight: ${(results[0] / results[1]).toFixed(2)}x\n`);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
