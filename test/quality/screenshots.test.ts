/**
 * The workflow pictures in docs/images are of the examples as they are: each example's hash was recorded with its
 * picture by `npm run screenshots` (docs/images/screenshots.json).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { exampleHash, readManifest } from '../../scripts/screenshot-manifest';

const ROOT = path.join(__dirname, '..', '..');
const examples = fs
	.readdirSync(path.join(ROOT, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.sort();
const manifest = readManifest();
const REGENERATE = 'regenerate them: flock /tmp/n8n.lock npm run screenshots';

describe('screenshots of the examples', () => {
	it.each(examples.map((file) => [path.basename(file, '.json'), file]))(
		'docs/images/workflow-%s.png shows examples/%s as it is now',
		(slug, file) => {
			const image = `workflow-${slug}.png`;
			const entry = manifest[image];
			if (!entry) throw new Error(`docs/images/${image} has no recorded example (${REGENERATE})`);
			expect(entry.example).toBe(`examples/${file}`);
			expect(fs.existsSync(path.join(ROOT, 'docs', 'images', image))).toBe(true);
			if (entry.sha256 !== exampleHash(path.join(ROOT, 'examples', file)))
				throw new Error(
					`examples/${file} changed after docs/images/${image} was taken (${entry.takenAt}): ${REGENERATE}`,
				);
		},
	);

	it('records no picture of an example that no longer exists', () => {
		const recorded = Object.values(manifest).map((entry) => entry.example);
		expect(recorded.filter((example) => !fs.existsSync(path.join(ROOT, example)))).toEqual([]);
	});
});
