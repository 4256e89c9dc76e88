/** The package built, packed and installed into an n8n user folder the way n8n's community-package installer does. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { PACKAGE_NAME, REPO_ROOT, RUNTIME_DIR } from './paths';
import { cleanEnv, type Log, readJson, run, stdoutLog, step, writeJson } from './util';

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
const BUILD_INPUTS = [
	'nodes',
	'credentials',
	'icons',
	'package.json',
	'tsconfig.json',
	'scripts/build.ts',
];

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
	if (
		!force &&
		fs.existsSync(path.join(REPO_ROOT, 'dist')) &&
		readJson<{ inputs: string }>(stampFile)?.inputs === before
	) {
		log('[runtime] Package sources unchanged since the last build: not rebuilt');
		return;
	}
	fs.rmSync(stampFile, { force: true });
	await step(log, 'Building the package (npm run build)', () =>
		run('npm', ['run', 'build'], { cwd: REPO_ROOT, env: cleanEnv(), logName: 'build.log' }),
	);
	writeJson(stampFile, { inputs: before, at: new Date().toISOString() });
}

/** Runtime dependencies installed once per set of versions, copied into each user folder's package. */
const PACKAGE_DEPS_CACHE = path.join(RUNTIME_DIR, 'package-deps');

export async function installPackage(options: {
	userFolder: string;
	build?: boolean;
	tarball?: string;
	log?: Log;
}): Promise<InstalledPackage> {
	const log = options.log ?? stdoutLog;
	const env = cleanEnv();
	if (options.build !== false && !options.tarball) await buildPackage(log);
	if (!options.tarball && !fs.existsSync(path.join(REPO_ROOT, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first');
	return step(
		log,
		`Installing the package as a community package into ${path.relative(REPO_ROOT, options.userFolder) || '.'}`,
		async () => {
			let tarball = options.tarball ? path.resolve(options.tarball) : '';
			if (!tarball) {
				const packDir = path.join(options.userFolder, 'pack');
				fs.rmSync(packDir, { recursive: true, force: true });
				fs.mkdirSync(packDir, { recursive: true });
				const packed = await run(
					'npm',
					['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
					{
						cwd: REPO_ROOT,
						env,
						logName: 'pack.log',
					},
				);
				const [{ filename }] = JSON.parse(packed) as Array<{ filename: string }>;
				tarball = path.join(packDir, path.basename(filename));
			}

			const nodesDir = path.join(options.userFolder, '.n8n', 'nodes');
			const dir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
			const keptModules = path.join(nodesDir, `.${PACKAGE_NAME}-node_modules`);
			fs.rmSync(keptModules, { recursive: true, force: true });
			if (fs.existsSync(path.join(dir, 'node_modules')))
				fs.renameSync(path.join(dir, 'node_modules'), keptModules);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.mkdirSync(dir, { recursive: true });
			await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
				cwd: dir,
				logName: 'pack.log',
			});

			const manifestFile = path.join(dir, 'package.json');
			const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<
				string,
				unknown
			> & {
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
				const cached = path.join(
					PACKAGE_DEPS_CACHE,
					createHash('sha256').update(JSON.stringify(deps)).digest('hex').slice(0, 16),
					'node_modules',
				);
				if (!fs.existsSync(path.join(cached, '.bgc-dependencies.json'))) {
					if (Object.keys(deps).length > 0) {
						await run(
							'npm',
							[
								'install',
								'--omit=dev',
								'--omit=peer',
								'--omit=optional',
								'--ignore-scripts',
								'--no-package-lock',
								'--no-audit',
								'--no-fund',
							],
							{ cwd: dir, env, logName: 'pack.log' },
						);
					}
					fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
					writeJson(path.join(dir, 'node_modules', '.bgc-dependencies.json'), deps);
					fs.rmSync(path.dirname(cached), { recursive: true, force: true });
					fs.cpSync(path.join(dir, 'node_modules'), cached, {
						recursive: true,
						verbatimSymlinks: true,
					});
				} else {
					fs.cpSync(cached, path.join(dir, 'node_modules'), {
						recursive: true,
						verbatimSymlinks: true,
					});
				}
			}
			if (fs.existsSync(path.join(dir, 'node_modules', 'n8n-workflow'))) {
				throw new Error(
					`${dir}/node_modules/n8n-workflow exists: the package must not bring its own n8n-workflow`,
				);
			}
			const nodeFiles = (manifest as { n8n?: { nodes?: string[] } }).n8n?.nodes ?? [];
			const missing = [
				...nodeFiles,
				...((manifest as { n8n?: { credentials?: string[] } }).n8n?.credentials ?? []),
			].filter((file) => !fs.existsSync(path.join(dir, file)));
			if (missing.length > 0)
				log(
					`[runtime]   warning: package.json lists files the packed dist/ lacks: ${missing.join(', ')}`,
				);
			return { dir, version: manifest.version, nodeFiles, tarball };
		},
		(pkg) => `${PACKAGE_NAME}@${pkg.version}, ${pkg.nodeFiles.length} node file(s)`,
	);
}
