/** The pinned n8n, installed once into `.runtime/n8n`. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { nodeEnv, type NodeRuntime } from './node';
import { N8N_DIR, N8N_OVERRIDES, N8N_VERSION, REPO_ROOT } from './paths';
import { type Log, readJson, run, seconds, stdoutLog, step, writeJson } from './util';

export interface N8nInstall {
	node: NodeRuntime;
	/** `node_modules/n8n/bin/n8n`, to be run with `node.bin`. */
	n8nBin: string;
	version: string;
}

/** The pinned n8n in `.runtime/n8n` (cached by a stamp of n8n version, overrides and Node version). */
export async function ensureN8n(node: NodeRuntime, log: Log = stdoutLog): Promise<N8nInstall> {
	const n8nBin = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
	const stampFile = path.join(N8N_DIR, 'stamp.json');
	const wanted = { n8n: N8N_VERSION, overrides: N8N_OVERRIDES, node: node.version };
	const stamp = readJson<typeof wanted>(stampFile);
	if (stamp && JSON.stringify(stamp) === JSON.stringify(wanted) && fs.existsSync(n8nBin)) {
		log(`[runtime] n8n ${N8N_VERSION} (cached in ${path.relative(REPO_ROOT, N8N_DIR)})`);
		return { node, n8nBin, version: N8N_VERSION };
	}
	const env = nodeEnv(node);
	await step(
		log,
		`Installing n8n ${N8N_VERSION} into ${path.relative(REPO_ROOT, N8N_DIR)} (first run only, 1.8-2.9 GB: the longest step; measured times in docs/running.md)`,
		async () => {
			fs.rmSync(stampFile, { force: true });
			writeJson(path.join(N8N_DIR, 'package.json'), {
				name: 'bgc-runtime-n8n',
				private: true,
				description:
					'The n8n that scripts/runtime/ runs (generated; see scripts/runtime/n8n-install.ts).',
				dependencies: { n8n: N8N_VERSION },
				overrides: N8N_OVERRIDES,
			});
			// No install scripts: some would download from the internet. The one native module n8n needs built
			// (sqlite3) is rebuilt next; isolated-vm ships prebuilt binaries for Node 24.
			await run(
				'npm',
				['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'],
				{
					cwd: N8N_DIR,
					env,
					logName: 'n8n-install.log',
					heartbeat: (ms) => log(`[runtime]   ... still installing n8n (${seconds(ms)})`),
				},
			);
		},
	);
	await step(log, 'Building sqlite3 for Node 24 (node-gyp, first run only)', async () => {
		// build-from-source: skip prebuild-install's download attempt and go straight to node-gyp.
		await run('npm', ['rebuild', 'sqlite3', '--foreground-scripts'], {
			cwd: N8N_DIR,
			env: { ...env, npm_config_build_from_source: 'true' },
			logName: 'n8n-install.log',
			heartbeat: (ms) => log(`[runtime]   ... still building sqlite3 (${seconds(ms)})`),
		});
		const check = spawnSync(node.bin, ['-e', "require('sqlite3')"], {
			cwd: N8N_DIR,
			encoding: 'utf8',
		});
		if (check.status !== 0)
			throw new Error(`sqlite3 does not load on ${node.version}:\n${check.stderr}`);
	});
	writeJson(stampFile, wanted);
	return { node, n8nBin, version: N8N_VERSION };
}
