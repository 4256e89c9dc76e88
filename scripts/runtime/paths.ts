/** Pins and paths of the runtime. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const N8N_VERSION = '2.41.1';
/** `linkedom@0.18.15` (what n8n 2.41.1 resolves) needs `cssomnom`, which the registry here lacks. */
export const N8N_OVERRIDES: Record<string, string> = { linkedom: '0.18.12' };
export const NODE_MAJOR = 24;
/** n8n versions this runtime has been run against (see the README). */
export const TESTED_N8N_VERSIONS = [N8N_VERSION];

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RUNTIME_DIR = path.join(REPO_ROOT, '.runtime');
export const NODE24_DIR = path.join(RUNTIME_DIR, 'node24');
export const N8N_DIR = path.join(RUNTIME_DIR, 'n8n');
export const LOG_DIR = path.join(RUNTIME_DIR, 'logs');
/** Default n8n user folder of `npm start` (n8n keeps its data in `<this>/.n8n`). */
export const DEFAULT_USER_FOLDER = path.join(RUNTIME_DIR, 'user');

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
};
export const PACKAGE_NAME = packageJson.name;
