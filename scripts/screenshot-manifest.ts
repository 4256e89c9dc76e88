/**
 * What each workflow picture in docs/images was taken from: `docs/images/screenshots.json` maps
 * `workflow-<example>.png` to its example file and a hash of that example's content (JSON, so formatting alone does
 * not count). `npm run screenshots` writes it; test/quality/screenshots.test.ts fails when an example changed since.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SCREENSHOT_MANIFEST = path.join(__dirname, '..', 'docs', 'images', 'screenshots.json');

export interface ScreenshotEntry {
	example: string;
	sha256: string;
	takenAt: string;
}

/** The hash recorded for an example: of its parsed JSON, so reformatting the file does not make a picture stale. */
export function exampleHash(file: string): string {
	const content = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
	return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export function readManifest(): Record<string, ScreenshotEntry> {
	if (!fs.existsSync(SCREENSHOT_MANIFEST)) return {};
	return JSON.parse(fs.readFileSync(SCREENSHOT_MANIFEST, 'utf8')) as Record<
		string,
		ScreenshotEntry
	>;
}

export function writeManifest(entries: Record<string, ScreenshotEntry>): void {
	const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
	fs.writeFileSync(SCREENSHOT_MANIFEST, `${JSON.stringify(sorted, null, '\t')}\n`);
}
