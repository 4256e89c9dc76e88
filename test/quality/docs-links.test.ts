/**
 * Every documentation link the nodes show in n8n (the codex files' links, the nodes' and credentials'
 * `documentationUrl`) that points into this repository resolves to a file that exists and, with an anchor, to a
 * heading of that file (GitHub's anchor rules). Links elsewhere (the vendors' own documentation) must be https.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { homepage: string };
/** Links into the repository: `<homepage>/blob/main/<file>#<anchor>`. */
const REPO_BLOB = `${pkg.homepage.replace(/\/+$/, '')}/blob/main/`;

function files(dir: string, suffix: string): string[] {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return files(path, suffix);
		return entry.name.endsWith(suffix) ? [path] : [];
	});
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1]
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/<[^>]+>/g, '')
			.toLowerCase();
		const base = text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	return anchors;
}

interface Link {
	from: string;
	url: string;
}

function linksInCodex(): Link[] {
	const links: Link[] = [];
	const collect = (value: unknown, from: string) => {
		if (Array.isArray(value)) value.forEach((v) => collect(v, from));
		else if (value && typeof value === 'object')
			for (const [key, inner] of Object.entries(value)) {
				if (key === 'url' && typeof inner === 'string') links.push({ from, url: inner });
				else collect(inner, from);
			}
	};
	for (const file of files('nodes', '.node.json'))
		collect(JSON.parse(readFileSync(join(ROOT, file), 'utf8')), file);
	return links;
}

function documentationUrls(): Link[] {
	return [...files('nodes', '.ts'), ...files('credentials', '.ts')].flatMap((file) =>
		[
			...readFileSync(join(ROOT, file), 'utf8').matchAll(
				/documentationUrl\s*[:=]\s*['"`]([^'"`]+)['"`]/g,
			),
		].map((m) => ({ from: file, url: m[1] })),
	);
}

const links = [...linksInCodex(), ...documentationUrls()];

describe('documentation links shown in n8n', () => {
	it('finds the links of every node (primary and credential documentation in each codex file)', () => {
		const codexFiles = files('nodes', '.node.json');
		expect(codexFiles.length).toBe(8);
		for (const file of codexFiles) {
			const fromFile = links.filter((link) => link.from === file);
			expect(fromFile.length).toBeGreaterThanOrEqual(2);
		}
	});

	it.each(links.map((link) => [`${link.from}: ${link.url}`, link]))('%s', (_name, link) => {
		const { url } = link as Link;
		if (!url.startsWith(REPO_BLOB)) {
			expect(url).toMatch(/^https:\/\/[^\s]+$/);
			return;
		}
		const [file, anchor] = url.slice(REPO_BLOB.length).split('#');
		const path = join(ROOT, decodeURIComponent(file));
		expect(relative(ROOT, path)).toBe(file);
		if (!existsSync(path)) throw new Error(`${url}: ${file} does not exist`);
		if (anchor === undefined) return;
		const anchors = anchorsOf(readFileSync(path, 'utf8'));
		if (!anchors.has(anchor))
			throw new Error(
				`${url}: ${file} has no heading #${anchor} (its headings: ${[...anchors].join(', ')})`,
			);
	});

	it('computes anchors as GitHub does', () => {
		const anchors = anchorsOf(
			'# What `npm start` does\n## Credential: PageUp API\n```sh\n# not a heading\n```\n## ATS Anywhere (`/ats`): the sandbox plays the ATS\n## Status Update → Send\n## Example\n## Example\n',
		);
		expect([...anchors]).toEqual([
			'what-npm-start-does',
			'credential-pageup-api',
			'ats-anywhere-ats-the-sandbox-plays-the-ats',
			'status-update--send',
			'example',
			'example-1',
		]);
	});
});
