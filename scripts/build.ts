/**
 * `npm run build`: dist/, what the package ships. The package has no runtime `dependencies` (n8n's verification and
 * n8n Cloud allow none), so the libraries the nodes use travel inside dist/:
 *
 * 1. `tsc` compiles nodes/ and credentials/ into dist/, one .js per .ts (as `n8n-node build` does);
 * 2. icons and the triggers' output schemas are copied beside them (as `n8n-node build` does, but only from the
 *    folders that ship: its `**\/*.{png,svg}` would also pick up docs/images/);
 * 3. each library (`LIBRARIES`) is bundled by esbuild into `dist/vendor/<name>.js`, its licence at the top, and the
 *    compiled files' `require("<name>")` point there;
 * 4. every `require` left in dist/ must be relative, a Node built-in on n8n's allow-list or `n8n-workflow` (which
 *    n8n provides), so a new import of another package fails the build instead of failing in a user's n8n.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const VENDOR = path.join(DIST, 'vendor');

/** The libraries the nodes import, bundled into dist/vendor/ (devDependencies, pinned by package-lock.json). */
export const LIBRARIES = ['fast-xml-parser', 'luxon', 'zod'] as const;
/** What a shipped file may require besides relative paths (n8n's lint allows `crypto` and provides n8n-workflow). */
export const ALLOWED_REQUIRES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);

function walk(dir: string, visit: (file: string) => void): void {
	if (!fs.existsSync(dir)) return;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) walk(file, visit);
		else visit(file);
	}
}

function compile(): void {
	const tsc = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status ?? tsc.signal})`);
	// tsc's incremental state is not part of the package.
	fs.rmSync(path.join(DIST, 'tsconfig.tsbuildinfo'), { force: true });
}

function copyStaticFiles(): number {
	let copied = 0;
	const copy = (from: string, test: (file: string) => boolean) =>
		walk(path.join(ROOT, from), (file) => {
			if (!test(file)) return;
			const target = path.join(DIST, path.relative(ROOT, file));
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.copyFileSync(file, target);
			copied++;
		});
	const image = (file: string) => /\.(png|svg)$/.test(file);
	const schema = (file: string) =>
		file.endsWith('.json') && file.includes(`${path.sep}__schema__${path.sep}`);
	copy('nodes', (file) => image(file) || schema(file));
	copy('credentials', image);
	copy('icons', image);
	return copied;
}

/** An installed library's folder and manifest (some, like fast-xml-parser, do not export their package.json). */
function manifestOf(library: string): { dir: string; version: string; license: string } {
	for (
		let dir = path.dirname(require.resolve(library, { paths: [ROOT] }));
		;
		dir = path.dirname(dir)
	) {
		const file = path.join(dir, 'package.json');
		const manifest = fs.existsSync(file)
			? (JSON.parse(fs.readFileSync(file, 'utf8')) as {
					name?: string;
					version: string;
					license: string;
				})
			: undefined;
		if (manifest?.name === library)
			return { dir, version: manifest.version, license: manifest.license };
		if (path.dirname(dir) === dir) throw new Error(`${library}: package folder not found`);
	}
}

function licenceOf(library: string, packageDir: string): string {
	const file = fs.readdirSync(packageDir).find((name) => /^licen[cs]e(\.md|\.txt)?$/i.test(name));
	if (!file) throw new Error(`${library}: no licence file in ${packageDir}`);
	return fs.readFileSync(path.join(packageDir, file), 'utf8').trim();
}

async function bundleLibraries(): Promise<string[]> {
	fs.mkdirSync(VENDOR, { recursive: true });
	const built: string[] = [];
	for (const library of LIBRARIES) {
		const { dir, version, license } = manifestOf(library);
		const header = `${library} ${version} (${license}), bundled by n8n-nodes-background-checks' build.\n\n${licenceOf(library, dir)}`;
		await esbuild.build({
			// `require`, as tsc's output and the tests load it: the same (CommonJS) build of the library.
			stdin: {
				contents: `module.exports = require('${library}');`,
				resolveDir: ROOT,
				loader: 'js',
			},
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			outfile: path.join(VENDOR, `${library}.js`),
			banner: { js: `/*\n${header.replace(/\*\//g, '* /')}\n*/` },
			logLevel: 'warning',
		});
		built.push(`${library} ${version}`);
	}
	return built;
}

/** Points the compiled files' `require("<library>")` at dist/vendor/<library>.js; returns how many were rewritten. */
function linkLibraries(): number {
	let rewritten = 0;
	walk(DIST, (file) => {
		if (!file.endsWith('.js') || file.startsWith(VENDOR + path.sep)) return;
		const source = fs.readFileSync(file, 'utf8');
		const linked = source.replace(/require\("([^"]+)"\)/g, (call, name: string) => {
			if (!(LIBRARIES as readonly string[]).includes(name)) return call;
			rewritten++;
			let relative = path
				.relative(path.dirname(file), path.join(VENDOR, name))
				.split(path.sep)
				.join('/');
			if (!relative.startsWith('.')) relative = `./${relative}`;
			return `require("${relative}")`;
		});
		if (linked !== source) fs.writeFileSync(file, linked);
	});
	return rewritten;
}

/** Every `require(...)` in dist/ is relative and resolves, or is on `ALLOWED_REQUIRES`. */
export function checkRequires(dir: string): string[] {
	const problems: string[] = [];
	walk(dir, (file) => {
		if (!file.endsWith('.js')) return;
		const source = fs.readFileSync(file, 'utf8');
		for (const match of source.matchAll(/\brequire\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)/g)) {
			const name = match[1] ?? match[2];
			const where = `${path.relative(dir, file)}: require(${name === undefined ? match[3] : JSON.stringify(name)})`;
			if (name === undefined) problems.push(`${where} (not a literal)`);
			else if (name.startsWith('.')) {
				try {
					require.resolve(path.resolve(path.dirname(file), name));
				} catch {
					problems.push(`${where} does not resolve`);
				}
			} else if (!ALLOWED_REQUIRES.has(name)) problems.push(`${where} is not allowed`);
		}
	});
	return problems;
}

async function main(): Promise<void> {
	const started = Date.now();
	fs.rmSync(DIST, { recursive: true, force: true });
	compile();
	const copied = copyStaticFiles();
	const libraries = await bundleLibraries();
	const rewritten = linkLibraries();
	const problems = checkRequires(DIST);
	if (problems.length > 0)
		throw new Error(`dist/ requires what the package does not ship:\n  ${problems.join('\n  ')}`);
	process.stdout.write(
		`build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s; ${copied} static files; ` +
			`bundled ${libraries.join(', ')} into dist/vendor/ (${rewritten} requires linked)\n`,
	);
}

// Run as `node scripts/run-ts.js scripts/build.ts` (not when imported for `checkRequires`).
if (path.resolve(process.argv[1] ?? '') === __filename) {
	main().catch((error: Error) => {
		process.stderr.write(`build failed: ${error.message}\n`);
		process.exit(1);
	});
}
