/**
 * `npm run bench:startup`: what the package costs n8n at start-up, measured on packed tarballs installed as a
 * user installs them (a user folder outside the checkout; a tarball's runtime dependencies, if it has any, are
 * installed beside it as n8n's installer does). For each variant, after one untimed start that creates the
 * database, `BGC_RUNS` starts (default 5), the variants taking turns so machine load hits them alike:
 *   - ready: from spawning `n8n start` to its "Editor is now accessible" line and /healthz/readiness OK;
 *   - cpu: the n8n main process's CPU time (user + system) at that moment, less sensitive to other load;
 *   - require: a fresh Node process requiring every node and credential file the package lists, with n8n's
 *     module paths (as n8n loads them), n8n-workflow already loaded; the package's own share of start-up.
 * A variant `none` (no package) is n8n alone. A measurement that prints figures, not a test:
 *   flock /tmp/n8n.lock npm run bench:startup [-- <other.tgz> ...]   (the current build is packed and added)
 *   BGC_RUNS (5; 0: no n8n start, only the require measurement), BGC_REQUIRE_RUNS (20)
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	PACKAGE_NAME,
	REPO_ROOT,
	buildPackage,
	ensureN8n,
	ensureNode,
	freePort,
	n8nEnv,
	stdoutLog,
} from '../scripts/runtime';
import { N8N_STARTED_LINE, stopProcess } from '../scripts/runtime/n8n-process';
import { cleanEnv } from '../scripts/runtime/util';

const RUNS = Number(process.env.BGC_RUNS ?? 5);
/** The require measurement is cheap (no n8n start): more runs of it, after the starts. */
const REQUIRE_RUNS = Number(process.env.BGC_REQUIRE_RUNS ?? 20);
const WORK = path.join(os.tmpdir(), 'bgc-bench-startup');

interface Variant {
	name: string;
	userFolder: string;
	packageDir?: string;
	files: number;
	bytes: number;
	ready: number[];
	cpu: number[];
	require: number[];
}

function sizeOf(dir: string): { files: number; bytes: number } {
	let files = 0;
	let bytes = 0;
	const visit = (file: string) => {
		const stat = fs.lstatSync(file);
		if (stat.isDirectory()) fs.readdirSync(file).forEach((name) => visit(path.join(file, name)));
		else {
			files++;
			bytes += stat.size;
		}
	};
	visit(dir);
	return { files, bytes };
}

function install(name: string, tarball: string | undefined): Variant {
	const userFolder = path.join(WORK, name);
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	if (!tarball) return { name, userFolder, files: 0, bytes: 0, ready: [], cpu: [], require: [] };
	const packageDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(packageDir, { recursive: true });
	spawnSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
		stdio: 'inherit',
	});
	const manifestFile = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete manifest[key];
	fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
	if (Object.keys((manifest.dependencies as object | undefined) ?? {}).length > 0) {
		const npm = spawnSync(
			'npm',
			['install', '--omit=dev', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund'],
			{ cwd: packageDir, env: cleanEnv(), encoding: 'utf8' },
		);
		if (npm.status !== 0) throw new Error(`npm install for ${name} failed:\n${npm.stderr}`);
	}
	return { name, userFolder, packageDir, ...sizeOf(packageDir), ready: [], cpu: [], require: [] };
}

/** CPU time (user + system) of a process so far, from /proc/<pid>/stat, in ms. */
function cpuMs(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return (ticks * 1000) / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout);
}

async function startOnce(
	install: Awaited<ReturnType<typeof ensureN8n>>,
	variant: Variant,
): Promise<{ ready: number; cpu: number }> {
	const port = await freePort();
	const broker = await freePort();
	const logFile = path.join(variant.userFolder, 'n8n.log');
	const out = fs.openSync(logFile, 'w');
	const started = process.hrtime.bigint();
	const child = spawn(install.node.bin, [install.n8nBin, 'start'], {
		cwd: variant.userFolder,
		env: n8nEnv(install, variant.userFolder, {
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(broker),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		}),
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	try {
		for (;;) {
			if (child.exitCode !== null) throw new Error(`n8n exited early (log: ${logFile})`);
			if (fs.readFileSync(logFile, 'utf8').includes(N8N_STARTED_LINE)) {
				const ok = await fetch(`http://127.0.0.1:${port}/healthz/readiness`)
					.then((r) => r.ok)
					.catch(() => false);
				if (ok) {
					const ready = Number(process.hrtime.bigint() - started) / 1e6;
					return { ready, cpu: cpuMs(child.pid ?? 0) };
				}
			}
			if (Number(process.hrtime.bigint() - started) > 300e9) throw new Error('not ready in 300 s');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	} finally {
		await stopProcess(child);
	}
}

/** Requires every listed node and credential file in a fresh Node process with n8n's module paths; ms. */
function requireOnce(install: Awaited<ReturnType<typeof ensureN8n>>, packageDir: string): number {
	// n8n puts its own module paths on NODE_PATH before it loads packages (load-nodes-and-credentials.js).
	const n8nDist = path.join(path.dirname(path.dirname(install.n8nBin)), 'dist');
	const script = `
		const Module = require('module');
		const path = require('path');
		process.env.NODE_PATH = Module._nodeModulePaths(${JSON.stringify(n8nDist)}).join(path.delimiter);
		Module._initPaths();
		require('n8n-workflow');
		const dir = ${JSON.stringify(packageDir)};
		const manifest = require(path.join(dir, 'package.json'));
		const started = process.hrtime.bigint();
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) require(path.join(dir, file));
		process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
	`;
	const result = spawnSync(install.node.bin, ['-e', script], { encoding: 'utf8', cwd: WORK });
	if (result.status !== 0) throw new Error(`require failed:\n${result.stderr}`);
	return Number(result.stdout);
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const figure = (values: number[], unit: 's' | 'ms') => {
	if (values.length === 0) return '-';
	const scale = unit === 's' ? 1000 : 1;
	const fmt = (v: number) => (v / scale).toFixed(unit === 's' ? 2 : 0);
	return `${fmt(median(values))} (${fmt(Math.min(...values))}-${fmt(Math.max(...values))})`;
};

async function main(): Promise<void> {
	const node = await ensureNode(stdoutLog);
	const n8n = await ensureN8n(node, stdoutLog);
	fs.mkdirSync(WORK, { recursive: true });
	await buildPackage(stdoutLog);
	const packed = JSON.parse(
		spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', WORK], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		}).stdout,
	) as Array<{ filename: string }>;
	const tarballs: Array<[string, string | undefined]> = [
		...process.argv
			.slice(2)
			.map((file, i): [string, string] => [`given-${i + 1}`, path.resolve(file)]),
		['this-build', path.join(WORK, path.basename(packed[0].filename))],
		['none', undefined],
	];
	const variants = tarballs.map(([name, tarball]) => install(name, tarball));
	for (const variant of RUNS > 0 ? variants : []) {
		await startOnce(n8n, variant); // creates the database (migrations), untimed
	}
	for (let run = 1; run <= RUNS; run++) {
		for (const variant of variants) {
			const { ready, cpu } = await startOnce(n8n, variant);
			variant.ready.push(ready);
			variant.cpu.push(cpu);
			stdoutLog(
				`[bench] run ${run}/${RUNS} ${variant.name}: ready ${(ready / 1000).toFixed(2)} s, cpu ${(cpu / 1000).toFixed(2)} s`,
			);
		}
	}
	for (let run = 1; run <= REQUIRE_RUNS; run++) {
		for (const variant of variants) {
			if (variant.packageDir) variant.require.push(requireOnce(n8n, variant.packageDir));
		}
	}
	stdoutLog(
		`\nn8n ${n8n.version}, Node ${node.version}, ${RUNS} starts and ${REQUIRE_RUNS} requires each (median (min-max)), load average ${os
			.loadavg()
			.map((v) => v.toFixed(1))
			.join(' ')}`,
	);
	stdoutLog(
		'| variant | installed files | installed bytes | ready s | n8n CPU s | package require ms |',
	);
	stdoutLog('| --- | --- | --- | --- | --- | --- |');
	for (const v of variants) {
		stdoutLog(
			`| ${v.name} | ${v.files} | ${v.bytes} | ${figure(v.ready, 's')} | ${figure(v.cpu, 's')} | ${figure(v.require, 'ms')} |`,
		);
	}
	fs.rmSync(WORK, { recursive: true, force: true });
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
