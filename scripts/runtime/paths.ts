/** Pins and paths of the runtime. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The n8n this package pins: what `npm start` and the end-to-end tests run. */
export const PINNED_N8N_VERSION = '2.41.1';
/** The latest n8n 1.x (its maintained line), for the 1.x end-to-end smoke (`npm run test:e2e:n8n1`). */
export const N8N1_VERSION = '1.123.81';
/**
 * `BGC_N8N_VERSION=<version>` runs another n8n, installed into its own `.runtime/n8n-<version>`;
 * `BGC_N8N_VERSION=1` is `N8N1_VERSION`.
 */
const requestedVersion = process.env.BGC_N8N_VERSION?.trim();
export const N8N_VERSION =
	requestedVersion === '1' ? N8N1_VERSION : requestedVersion || PINNED_N8N_VERSION;
export const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
/**
 * npm overrides for the n8n install. 2.x: `linkedom@0.18.15` (what n8n 2.41.1 resolves) needs `cssomnom`, which the
 * registry here lacks. 1.x: n8n-nodes-base depends on an `xlsx` tarball on cdn.sheetjs.com (not a registry), so the
 * registry's last `xlsx` stands in (only the Spreadsheet File / Convert to File nodes use it).
 */
export const N8N_OVERRIDES: Record<string, string> =
	N8N_MAJOR >= 2 ? { linkedom: '0.18.12' } : { xlsx: '0.18.5' };
export const NODE_MAJOR = 24;
/** The Node 24 installed into `.runtime/node24` when the machine's Node is older (pinned, so the docs can name it). */
export const NODE_VERSION = '24.22.3';
/** n8n versions this runtime has been run against (see the README). */
export const TESTED_N8N_VERSIONS = [PINNED_N8N_VERSION, N8N1_VERSION];

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RUNTIME_DIR = path.join(REPO_ROOT, '.runtime');
export const NODE24_DIR = path.join(RUNTIME_DIR, 'node24');
export const N8N_DIR = path.join(
	RUNTIME_DIR,
	N8N_VERSION === PINNED_N8N_VERSION ? 'n8n' : `n8n-${N8N_VERSION}`,
);
export const LOG_DIR = path.join(RUNTIME_DIR, 'logs');
/** Default n8n user folder of `npm start` (n8n keeps its data in `<this>/.n8n`). */
export const DEFAULT_USER_FOLDER = path.join(RUNTIME_DIR, 'user');

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
};
export const PACKAGE_NAME = packageJson.name;
