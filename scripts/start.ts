/**
 * `npm start`: n8n with this package and the sandbox, running until Ctrl-C.
 *
 *   node scripts/run-ts.js scripts/start.ts [--fresh]  [--reimport] [--no-build] [--no-sandbox] [--tarball=FILE] [--queue]
 *                                            [--instance NAME]
 *
 * Environment: N8N_PORT / SANDBOX_PORT force the ports (a taken one stops the start at once; default: 5678 / 4010
 * when free, else another port, said in one line). BGC_USER_FOLDER: the n8n user folder (tests).
 *
 * One start per user folder (`<folder>.lock`); each start's phase times are appended to
 * .runtime/logs/start-times.log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	LOG_DIR,
	N8N_DIR,
	N8N_VERSION,
	PACKAGE_NAME,
	REPO_ROOT,
	RUNTIME_DIR,
	TESTED_N8N_VERSIONS,
	AlreadyRunningError,
	sandboxAvailable,
	startStack,
	stdoutLog,
	type Stack,
} from './runtime';

const write = (line = '') => process.stdout.write(`${line}\n`);

function usage(): never {
	write(
		'usage: npm start [-- --fresh] [-- --reimport] [-- --no-build] [-- --no-sandbox] [-- --queue]',
	);
	write(
		'  --fresh       delete .runtime/user first (n8n database, encryption key, your own workflows there)',
	);
	write(
		'  --reimport    import examples and sandbox credentials again even if unchanged (overwrites your edits to them)',
	);
	write('  --no-build    use dist/ as it is instead of running `npm run build`');
	write(
		'  --tarball=F   install the `npm pack` tarball F instead of building and packing the working tree',
	);
	write('  --no-sandbox  start n8n alone (the sandbox credentials then point nowhere)');
	write(
		'  --queue       queue mode: PostgreSQL, Redis, n8n main, one webhook process, two workers (data in .runtime/user-queue)',
	);
	write(
		'  --instance N  a separate n8n with its own data (.runtime/user-N) and log (n8n-N.log), beside a running one',
	);
	process.exit(2);
}

function portFromEnv(name: string): number | undefined {
	const value = process.env[name];
	if (!value) return undefined;
	const port = Number(value);
	if (!Number.isInteger(port) || port <= 0 || port > 65535)
		throw new Error(`${name}=${value} is not a port`);
	return port;
}

/** The loaded node types, one line per node (its Tool and Trigger variants beside it), without the package prefix. */
function writeNodes(nodeTypes: string[]): void {
	if (nodeTypes.length === 0) {
		write('  Nodes:     none loaded (see the n8n log)');
		return;
	}
	const groups = new Map<string, string[]>();
	for (const type of nodeTypes) {
		const name = type.startsWith(`${PACKAGE_NAME}.`) ? type.slice(PACKAGE_NAME.length + 1) : type;
		const base = name.replace(/(Tool|Trigger)$/, '');
		groups.set(base, [...(groups.get(base) ?? []), name]);
	}
	write(`  Nodes:     ${nodeTypes.length} node types of ${PACKAGE_NAME}:`);
	for (const names of groups.values()) write(`    ${names.join(', ')}`);
}

/** What the start imported and why, grouped: imported (with the reason), kept as edited in n8n; unchanged in one line. */
function writeImports(stack: Stack): void {
	const unchanged = stack.imports.filter((d) => d.action === 'unchanged');
	const rest = stack.imports.filter((d) => d.action !== 'unchanged');
	write(
		`  Credentials and workflows: ${unchanged.length} unchanged since the last import (not re-imported)${rest.length ? ';' : ''}`,
	);
	for (const d of rest)
		write(
			`    ${d.action === 'kept' ? 'kept    ' : 'imported'}  ${d.kind} "${d.name}": ${d.reason}`,
		);
}

/** The start's own timings, one line per start, in .runtime/logs/start-times.log (the figures docs/running.md quotes). */
function recordStartTime(
	stack: Stack,
	totalSeconds: number,
	firstStart: boolean,
	flags: string[],
): void {
	const phases = stack.timings.map((t) => `${t.phase} ${t.seconds.toFixed(1)}s`).join(', ');
	const line = `${new Date().toISOString()}  ${firstStart ? 'first start (n8n installed)' : 'later start'}  ready in ${totalSeconds.toFixed(1)}s  [${phases}]${flags.length ? `  ${flags.join(' ')}` : ''}\n`;
	fs.mkdirSync(LOG_DIR, { recursive: true });
	fs.appendFileSync(path.join(LOG_DIR, 'start-times.log'), line);
}

function printSummary(stack: Stack): void {
	const rel = (file: string) => path.relative(REPO_ROOT, file);
	write('');
	write('================================================================================');
	write(`n8n is running with ${PACKAGE_NAME}@${stack.package.version} and the vendor sandbox.`);
	write('');
	write(`  Editor:    ${stack.n8nUrl}/`);
	if (stack.queue) {
		write(
			`  Queue mode: production webhooks at ${stack.webhookUrl}/webhook/... (the webhook process; main does not take them)`,
		);
		for (const p of stack.queue.processes)
			write(`    ${p.name.padEnd(10)} pid ${p.pid}   log ${rel(p.logFile)}`);
		write(
			`    PostgreSQL 127.0.0.1:${stack.queue.postgresPort} (database ${stack.queue.database}), Redis 127.0.0.1:${stack.queue.redisPort}`,
		);
	}
	write(
		`  Log in:    ${stack.owner.email} / ${stack.owner.password}   (created by this script; loopback only)`,
	);
	if (stack.sandbox) {
		write(
			`  Sandbox:   ${stack.sandboxUrl}/   (open it: what each vendor holds and its latest requests)`,
		);
		write(
			`    PageUp             ${stack.sandboxUrl}/pageup   (token: ${stack.sandboxUrl}/pageup/connect/token)`,
		);
		write(`    ResidentIQ         ${stack.sandboxUrl}/riq`);
		write(
			`    Choice Screening   ${stack.sandboxUrl}/choice   (token: ${stack.sandboxUrl}/choice/connect/token)`,
		);
		write(
			`    ATS Anywhere       ${stack.sandboxUrl}/ats   (the ATS side: it calls your n8n provider endpoints${stack.sandboxAtsWorkflow ? `, those of "${stack.sandboxAtsWorkflow}"` : ''})`,
		);
		write(
			`    admin API          ${stack.sandboxUrl}/_admin   (state, request log, faults, clock)`,
		);
	} else {
		write('  Sandbox:   not started (--no-sandbox); the credentials point at an unreachable URL');
	}
	write(
		`  Credentials (pre-filled for the sandbox): ${stack.credentials.map((c) => c.name).join(', ') || 'none'}`,
	);
	writeNodes(stack.nodeTypes);
	const activeIds = new Set(stack.activeWorkflows.map((wf) => wf.id));
	const failed = stack.published.filter((p) => !p.active);
	const inactive = stack.workflows.filter((wf) => !activeIds.has(wf.id ?? ''));
	write(`  Example workflows: ${stack.workflows.length} in examples/`);
	writeImports(stack);
	write(`    active (published) in n8n: ${stack.activeWorkflows.length ? '' : 'none'}`);
	for (const wf of stack.activeWorkflows)
		write(`      - ${wf.name}   ${stack.n8nUrl}/workflow/${wf.id}`);
	if (inactive.length) {
		write('    not active (open one and run it with "Execute workflow", or publish it):');
		for (const wf of inactive) write(`      - ${wf.name}   ${stack.n8nUrl}/workflow/${wf.id}`);
	}
	if (failed.length) {
		write('    could not be published:');
		for (const p of failed) write(`      - ${p.name}: ${p.error ?? 'unknown error'}`);
	}
	for (const notice of stack.notices) write(`  NOTE:      ${notice}`);
	for (const warning of stack.warnings) write(`  WARNING:   ${warning}`);
	write(
		`  Logs:      ${rel(stack.n8nLogFile)} (n8n; the previous start's: ${path.basename(stack.n8nLogFile, '.log')}.previous.log), .runtime/logs/ (installs, imports, start-times.log)`,
	);
	write(
		`  n8n ${N8N_VERSION} (tested: ${TESTED_N8N_VERSIONS.join(', ')}); data in ${rel(stack.userFolder)}/.n8n (kept between runs; --fresh resets it)`,
	);
	write('');
	write('Press Ctrl-C to stop n8n and the sandbox.');
	write('================================================================================');
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const tarball = argv.find((arg) => arg.startsWith('--tarball='))?.slice('--tarball='.length);
	const instanceAt = argv.indexOf('--instance');
	const instance = instanceAt >= 0 ? argv[instanceAt + 1] : undefined;
	if (instanceAt >= 0 && !/^[A-Za-z0-9_-]{1,40}$/.test(instance ?? '')) usage();
	const args = new Set(
		argv.filter(
			(arg, i) =>
				!arg.startsWith('--tarball=') &&
				(instanceAt < 0 || (i !== instanceAt && i !== instanceAt + 1)),
		),
	);
	for (const arg of args)
		if (!['--fresh', '--reimport', '--no-build', '--no-sandbox', '--queue'].includes(arg)) usage();
	const queue = args.has('--queue');
	const suffix = instance ? `-${instance}` : '';
	const userFolder =
		process.env.BGC_USER_FOLDER ||
		(queue || instance
			? path.join(RUNTIME_DIR, `user${queue ? '-queue' : ''}${suffix}`)
			: undefined);
	const firstStart = !fs.existsSync(path.join(N8N_DIR, 'stamp.json'));
	const withSandbox = !args.has('--no-sandbox');
	if (withSandbox && !sandboxAvailable()) {
		throw new Error(
			'sandbox/server.ts is missing; run with `npm start -- --no-sandbox` to start n8n alone',
		);
	}

	const started = Date.now();
	const state: { stack?: Stack } = {};
	let stopping = false;
	const shutdown = (signal: string) => {
		if (stopping) return;
		stopping = true;
		write(
			`\n[runtime] ${signal}: stopping n8n${queue ? ' (all its processes), Redis, PostgreSQL' : ''} and the sandbox ...`,
		);
		// While still starting (no stack yet) this exits at once: the sandbox lives in this process, and
		// startStack's exit hook sends n8n, if it was already spawned, a SIGTERM.
		const done = state.stack ? state.stack.stop() : Promise.resolve();
		void done.then(
			() => {
				write('[runtime] stopped.');
				process.exit(0);
			},
			(error: Error) => {
				process.stderr.write(`[runtime] stop failed: ${error.message}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => shutdown('Ctrl-C'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGHUP', () => shutdown('SIGHUP'));

	const stack = await startStack({
		log: stdoutLog,
		fresh: args.has('--fresh'),
		forceImport: args.has('--reimport'),
		build: !args.has('--no-build'),
		tarball,
		sandbox: withSandbox,
		n8nPort: portFromEnv('N8N_PORT'),
		preferredN8nPort: 5678,
		sandboxPort: portFromEnv('SANDBOX_PORT'),
		preferredSandboxPort: 4010,
		// Queue mode keeps its data apart: its database is PostgreSQL and its encryption key is shared by every process.
		...(queue ? { queue: true, preferredWebhookPort: 5680 } : {}),
		userFolder,
		// A user folder of its own (BGC_USER_FOLDER) gets a log of its own.
		n8nLogName: process.env.BGC_USER_FOLDER
			? `n8n-${path.basename(process.env.BGC_USER_FOLDER)}.log`
			: `n8n${suffix}.log`,
	});
	state.stack = stack;
	const total = (Date.now() - started) / 1000;
	write(`[runtime] ready in ${total.toFixed(1)}s`);
	recordStartTime(stack, total, firstStart, [
		...argv,
		...(process.env.BGC_USER_FOLDER ? [`BGC_USER_FOLDER=${process.env.BGC_USER_FOLDER}`] : []),
	]);
	printSummary(stack);
	// n8n exiting on its own (crash) ends this script too.
	const pid = stack.n8nPid;
	const watch = setInterval(() => {
		try {
			process.kill(pid, 0);
		} catch {
			clearInterval(watch);
			if (!stopping) {
				process.stderr.write(
					`[runtime] n8n (pid ${pid}) exited on its own; see ${stack.n8nLogFile}\n`,
				);
				stopping = true;
				void stack.stop().then(() => process.exit(1));
			}
		}
	}, 1000);
}

main().catch((error: Error) => {
	process.stderr.write(
		`[runtime] ${error instanceof AlreadyRunningError ? 'npm start is ' : ''}${error.message}\n`,
	);
	process.exit(1);
});
