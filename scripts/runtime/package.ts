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

/**
 * `npm run build`, `npm pack`, and the tarball unpacked into `<userFolder>/.n8n/nodes/node_modules/<package>`, the
 * way n8n's own community-package installer leaves it (dev, peer and optional dependencies dropped from its
 * package.json). The package has no runtime dependencies, so nothing is installed beside it: a tarball that has
 * some, or a `node_modules` inside, is refused.
 */
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

			const dir = path.join(options.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.mkdirSync(dir, { recursive: true });
			await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
				cwd: dir,
				logName: 'pack.log',
			});

			// What n8n's installer does to the manifest before its `npm install` (which, with no dependencies,
			// installs nothing: so nothing is installed here).
			const manifestFile = path.join(dir, 'package.json');
			const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<
				string,
				unknown
			> & {
				version: string;
				dependencies?: Record<string, string>;
			};
			if (Object.keys(manifest.dependencies ?? {}).length > 0)
				throw new Error(
					`the packed package.json has runtime dependencies (${Object.keys(manifest.dependencies ?? {}).join(', ')}): ` +
						'the package ships its libraries inside dist/ (scripts/build.ts)',
				);
			delete manifest.devDependencies;
			delete manifest.peerDependencies;
			delete manifest.optionalDependencies;
			writeJson(manifestFile, manifest);
			if (fs.existsSync(path.join(dir, 'node_modules')))
				throw new Error(`${dir}/node_modules exists: the tarball must hold only the package`);
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
