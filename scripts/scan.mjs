/**
 * `npm run scan`: n8n's verification lint, run here the way `npx @n8n/scan-community-package <package>` runs it on
 * a published version (minus its provenance check and the downloads):
 *   - the source: `analyzePackage(<repository files at this commit>, SOURCE_FILE_PATTERNS)`, i.e. package.json and
 *     {nodes,credentials}/**; verification reads them from the commit the npm provenance names, so this copies the
 *     files git tracks (plus new ones it does not ignore), not the working folder with its node_modules and dist;
 *   - the tarball: `npm pack` unpacked, `analyzePackage(<it>, ['**\/*.js', 'package.json'])`, which includes the
 *     libraries bundled into dist/vendor/.
 * Prints every violation (errors and warnings) and exits 1 on any error. `--no-build` packs dist/ as it is.
 * Written as an ES module because the scanner is one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const out = (line = '') => process.stdout.write(`${line}\n`);
const version = (name) =>
	JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'))
		.version;

/** The files a GitHub archive of the commit would hold: tracked, plus untracked ones git does not ignore. */
function copySource(target) {
	const files = execFileSync(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{
			cwd: ROOT,
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		},
	)
		.split('\0')
		.filter((file) => file && fs.existsSync(path.join(ROOT, file)));
	for (const file of files) {
		fs.mkdirSync(path.join(target, path.dirname(file)), { recursive: true });
		fs.copyFileSync(path.join(ROOT, file), path.join(target, file));
	}
	return files.length;
}

function packTarball(target) {
	const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', target], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	);
	const dir = path.join(target, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', [
		'-xzf',
		path.join(target, path.basename(filename)),
		'-C',
		dir,
		'--strip-components=1',
	]);
	out(
		`tarball: ${path.basename(filename)}, ${entryCount} files, ${size} bytes packed, ${unpackedSize} unpacked`,
	);
	const { dependencies } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	out(`tarball package.json "dependencies": ${JSON.stringify(dependencies ?? null)}`);
	return dir;
}

/** The scanner's own verdict, and every message (warnings too: the scanner prints them only beside an error). */
async function scan(label, dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
		errorOnUnmatchedPattern: false,
	});
	const files = await eslint.lintFiles(patterns.map((pattern) => path.join(dir, pattern)));
	const errors = files.reduce((sum, file) => sum + file.errorCount, 0);
	const warnings = files.reduce((sum, file) => sum + file.warningCount, 0);
	out(`\n== ${label}: ${files.length} files, ${errors} errors, ${warnings} warnings`);
	const details = verdict.passed
		? await (await eslint.loadFormatter('stylish')).format(files)
		: (verdict.details ?? verdict.message);
	if (details?.trim()) out(details.replaceAll(`${dir}${path.sep}`, '').trimEnd());
	out(`${label}: ${verdict.passed ? 'PASSED' : `FAILED (${verdict.message})`}`);
	return verdict.passed;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bgc-scan-'));
try {
	out(
		`@n8n/scan-community-package ${version('@n8n/scan-community-package')} ` +
			`(its own @n8n/eslint-plugin-community-nodes ${version('@n8n/scan-community-package/node_modules/@n8n/eslint-plugin-community-nodes')})`,
	);
	if (!process.argv.includes('--no-build'))
		execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	const source = path.join(work, 'source');
	out(`source: ${copySource(source)} files from git`);
	const tarball = packTarball(work);
	const sourcePassed = await scan('source', source, SOURCE_FILE_PATTERNS);
	const tarballPassed = await scan('tarball', tarball, TARBALL_FILE_PATTERNS);
	out(
		`\nscan: source ${sourcePassed ? 'passed' : 'FAILED'}, tarball ${tarballPassed ? 'passed' : 'FAILED'}`,
	);
	process.exitCode = sourcePassed && tarballPassed ? 0 : 1;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
