/**
 * `npm run screenshots`: the pictures in README.md and docs/, taken from a real n8n in a real browser.
 *
 * Starts the stack (a fresh n8n user folder, the examples imported, the sandbox), installs Debian's `chromium`
 * when it is missing, signs in, and writes into docs/images/:
 *   - workflow-<example>.png   each example workflow on the canvas
 *   - node-<node type>.png     each node's parameter panel (opened from the example that uses it)
 *   - node-search.png          the node search for "background check"
 * and records in docs/images/screenshots.json the hash of each example with its picture (a test fails when an
 * example changes after its picture was taken).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	closeNodePanel,
	ensureChromium,
	openEditor,
	openNodePanel,
	openWorkflow,
	searchNodes,
} from './editor-browser';
import { PACKAGE_NAME, REPO_ROOT, RUNTIME_DIR, startStack, stdoutLog } from './runtime';
import { exampleHash, readManifest, writeManifest } from './screenshot-manifest';

const IMAGES = path.join(REPO_ROOT, 'docs', 'images');
const write = (line: string) => process.stdout.write(`${line}\n`);

/** `examples/3-residentiq-order.json` -> `3-residentiq-order`. */
const slug = (file: string) => path.basename(file, '.json');

async function main(): Promise<void> {
	const started = Date.now();
	ensureChromium(write);
	const userFolder = path.join(RUNTIME_DIR, 'screenshots');
	fs.rmSync(userFolder, { recursive: true, force: true });
	const stack = await startStack({
		log: stdoutLog,
		userFolder,
		fresh: true,
		publish: 'none',
		n8nLogName: 'screenshots-n8n.log',
	});
	const editor = await openEditor(stack.n8nUrl, stack.owner).catch(async (error) => {
		await stack.stop();
		throw error;
	});
	const { page } = editor;
	const written: string[] = [];
	const manifest = readManifest();
	const shot = async (
		name: string,
		clip?: { x: number; y: number; width: number; height: number },
	) => {
		const file = path.join(IMAGES, name);
		await page.screenshot({ path: file, clip });
		written.push(path.relative(REPO_ROOT, file));
	};
	try {
		fs.mkdirSync(IMAGES, { recursive: true });
		const files = fs
			.readdirSync(path.join(REPO_ROOT, 'examples'))
			.filter((f) => f.endsWith('.json'))
			.sort();
		const panelsTaken = new Set<string>();
		for (const file of files) {
			const example = JSON.parse(
				fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'),
			) as {
				id: string;
				nodes: Array<{ name: string; type: string }>;
			};
			await openWorkflow(page, stack.n8nUrl, example.id);
			await shot(`workflow-${slug(file)}.png`);
			manifest[`workflow-${slug(file)}.png`] = {
				example: `examples/${file}`,
				sha256: exampleHash(path.join(REPO_ROOT, 'examples', file)),
				takenAt: new Date().toISOString(),
			};
			for (const node of example.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
				const type = node.type.slice(PACKAGE_NAME.length + 1);
				if (panelsTaken.has(type)) continue;
				await openNodePanel(page, node.name);
				await shot(`node-${type}.png`);
				await closeNodePanel(page);
				panelsTaken.add(type);
			}
		}
		// The node search, from an empty canvas's "+" as a user starts.
		await page.goto(`${stack.n8nUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await page.waitForLoadState('networkidle').catch(() => undefined);
		const found = await searchNodes(page, 'background check');
		write(`[screenshots] node search "background check": ${found.join(', ')}`);
		await shot('node-search.png');
		writeManifest(manifest);
	} finally {
		await editor.close();
		await stack.stop();
	}
	write(
		`[screenshots] ${written.length} image(s) in ${path.relative(REPO_ROOT, IMAGES)}/ in ${((Date.now() - started) / 1000).toFixed(0)}s:`,
	);
	for (const file of written) write(`  ${file}`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
