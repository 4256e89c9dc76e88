import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { checkRequires, LIBRARIES } from '../../scripts/build';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function walk(dir: string, suffix: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return walk(path, suffix);
		return entry.name.endsWith(suffix) ? [relative(ROOT, path)] : [];
	});
}

const toDist = (source: string) => `dist/${source.replace(/\.ts$/, '.js')}`;

describe('package.json', () => {
	test('is an n8n community package with the declared API version', () => {
		expect(pkg.name).toBe('n8n-nodes-background-checks');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist']);
	});

	test('has no runtime dependencies: its libraries are pinned devDependencies, bundled into dist/vendor/', () => {
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.n8n.strict).toBe(true);
		for (const library of LIBRARIES) {
			expect(pkg.devDependencies[library]).toMatch(/^\d+\.\d+\.\d+$/);
			expect(existsSync(join(ROOT, 'dist', 'vendor', `${library}.js`))).toBe(true);
		}
		// Everything dist/ requires is relative, crypto or n8n-workflow.
		expect(checkRequires(join(ROOT, 'dist'))).toEqual([]);
	});

	test('lists every node and credential in the source tree, and nothing else', () => {
		expect([...pkg.n8n.nodes].sort()).toEqual(
			walk(join(ROOT, 'nodes'), '.node.ts').map(toDist).sort(),
		);
		expect([...pkg.n8n.credentials].sort()).toEqual(
			walk(join(ROOT, 'credentials'), '.credentials.ts').map(toDist).sort(),
		);
	});

	test('the build produced every listed file and the icons they reference', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(existsSync(join(ROOT, file))).toBe(true);
			const source = readFileSync(join(ROOT, file), 'utf8');
			for (const [, icon] of source.matchAll(/file:([^'"]+\.(?:svg|png))/g)) {
				expect(existsSync(join(ROOT, file, '..', icon))).toBe(true);
			}
		}
	});
});
