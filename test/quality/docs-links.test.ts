import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

import { ROOT } from './nodes';

/**
 * Every docs link resolves: the nodes' codex links and the credentials' documentationUrl that point into this
 * repository, and the relative links between README.md and docs/*.md, each to a file that exists and, with a
 * `#fragment`, to a heading (or `<a id>`) of that page. Anchors are made as GitHub makes them.
 */

const REPO_BLOB =
	/^https:\/\/github\.com\/n8n-nodes-background-checks\/n8n-nodes-background-checks\/blob\/[^/]+\//;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, ... */
export function slug(heading: string): string {
	return heading
		.trim()
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]+>/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors of a markdown page: its headings outside code fences, and explicit `<a id>` / `<a name>`. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		if (fenced) continue;
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (heading) {
			const base = slug(heading[1]);
			const count = seen.get(base) ?? 0;
			seen.set(base, count + 1);
			anchors.add(count === 0 ? base : `${base}-${count}`);
		}
		for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
	}
	return anchors;
}

/** `path#fragment` relative to the repository root; problems as text, empty when the target exists. */
function problemWith(target: string): string | undefined {
	const [path, fragment] = target.split('#') as [string, string | undefined];
	const file = join(ROOT, path);
	if (!existsSync(file)) return `${path} does not exist`;
	if (fragment === undefined || !path.endsWith('.md')) return undefined;
	if (!anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(fragment))) {
		return `${path} has no heading for #${fragment}`;
	}
	return undefined;
}

function codexFiles(): string[] {
	return readdirSync(join(ROOT, 'nodes')).flatMap((vendor) => {
		const folder = join(ROOT, 'nodes', vendor);
		try {
			return readdirSync(folder)
				.filter((file) => file.endsWith('.node.json'))
				.map((file) => join('nodes', vendor, file));
		} catch {
			return [];
		}
	});
}

interface Codex {
	resources?: Record<string, Array<{ url: string }>>;
}

function codexLinks(): Array<[string, string]> {
	return codexFiles().flatMap((file) => {
		const codex = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Codex;
		return Object.values(codex.resources ?? {})
			.flat()
			.map(({ url }) => [file, url] as [string, string]);
	});
}

function credentialLinks(): Array<[string, string]> {
	return readdirSync(join(ROOT, 'credentials'))
		.filter((file) => file.endsWith('.credentials.ts'))
		.flatMap((file) => {
			const source = readFileSync(join(ROOT, 'credentials', file), 'utf8');
			const match = /documentationUrl\s*=\s*['"]([^'"]+)['"]/.exec(source);
			return match ? [[join('credentials', file), match[1]] as [string, string]] : [];
		});
}

function docsPages(): string[] {
	return [
		'README.md',
		...readdirSync(join(ROOT, 'docs'))
			.filter((file) => file.endsWith('.md'))
			.map((file) => join('docs', file)),
	];
}

/** Relative markdown links `[text](target)` of a page, outside code fences and inline code. */
function relativeLinks(page: string): string[] {
	let fenced = false;
	const links: string[] = [];
	for (const line of readFileSync(join(ROOT, page), 'utf8').split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		if (fenced) continue;
		for (const match of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
			const target = match[1];
			if (/^[a-z]+:/i.test(target)) continue;
			if (target.startsWith('#')) links.push(`${page}${target}`);
			else links.push(normalize(join(dirname(page), target)));
		}
	}
	return links;
}

describe('docs links', () => {
	it('slugs headings as GitHub does', () => {
		expect(slug('Credential setup')).toBe('credential-setup');
		expect(slug('n8n 1.x: `npm run test:e2e:n8n1`')).toBe('n8n-1x-npm-run-teste2en8n1');
		expect(slug("The sandbox's random numbers")).toBe('the-sandboxs-random-numbers');
		expect(slug('Status Update → Send')).toBe('status-update--send');
		expect([...anchorsOf('# A\n```\n# not a heading\n```\n## A\n')]).toEqual(['a', 'a-1']);
	});

	it('finds the links it checks', () => {
		expect(codexLinks().length).toBeGreaterThanOrEqual(16);
		expect(codexLinks().filter(([, url]) => url.includes('#')).length).toBeGreaterThanOrEqual(8);
	});

	it.each(codexLinks())('%s links to a page and heading that exist: %s', (_file, url) => {
		expect(url).toMatch(REPO_BLOB);
		expect(problemWith(url.replace(REPO_BLOB, ''))).toBeUndefined();
	});

	it.each(credentialLinks().filter(([, url]) => REPO_BLOB.test(url)))(
		"%s's documentationUrl resolves: %s",
		(_file, url) => {
			expect(problemWith(url.replace(REPO_BLOB, ''))).toBeUndefined();
		},
	);

	it.each(docsPages())('every relative link of %s resolves', (page) => {
		const problems = relativeLinks(page)
			.map((target) => problemWith(target))
			.filter((problem): problem is string => problem !== undefined);
		expect(problems).toEqual([]);
	});
});
