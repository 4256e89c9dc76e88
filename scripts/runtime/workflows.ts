/** Example workflows made safe to import again and again, with their URLs pointed at the running stack. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { SANDBOX_CREDENTIALS, type CredentialType } from './credentials';
import { REPO_ROOT } from './paths';

export interface WorkflowNode {
	name: string;
	type: string;
	webhookId?: string;
	credentials?: Record<string, { id?: string | null; name: string }>;
	[key: string]: unknown;
}

export interface WorkflowInput {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	/** In an example file: whether `npm start` publishes (activates) it. */
	active?: boolean;
	[key: string]: unknown;
}

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

function hashId(seed: string, length: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = createHash('sha256').update(seed).digest();
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
	return out;
}

function hashUuid(seed: string): string {
	const h = createHash('sha256').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Makes a workflow safe to import again and again: a fixed `id` (derived from `seed` when missing), a fixed
 * `webhookId` on trigger and webhook nodes that lack one, and (unless `rewriteCredentials` is false) references to
 * this package's credential types pointed at the sandbox credentials.
 */
export function normalizeWorkflow(
	workflow: WorkflowInput,
	seed: string,
	rewriteCredentials = true,
): WorkflowInput {
	const wf: WorkflowInput = JSON.parse(JSON.stringify(workflow)) as WorkflowInput;
	wf.id = wf.id || hashId(`workflow:${seed}`, 16);
	for (const node of wf.nodes) {
		if (
			!node.webhookId &&
			/webhook|trigger/i.test(node.type) &&
			!/manualTrigger|scheduleTrigger|executeWorkflowTrigger/.test(node.type)
		) {
			node.webhookId = hashUuid(`webhook:${wf.id}:${node.name}`);
		}
		if (rewriteCredentials && node.credentials) {
			for (const type of Object.keys(node.credentials)) {
				if (type in SANDBOX_CREDENTIALS)
					node.credentials[type] = { ...SANDBOX_CREDENTIALS[type as CredentialType] };
			}
		}
	}
	return wf;
}

/** The n8n base URL the example files use for webhook URLs (the port `npm start` prefers). */
export const EXAMPLE_N8N_URLS = ['http://localhost:5678', 'http://127.0.0.1:5678'];
/** The sandbox base URL the example files use (the sandbox's documented default port). */
export const EXAMPLE_SANDBOX_URLS = ['http://127.0.0.1:4010', 'http://localhost:4010'];

/**
 * Points the URLs an example was written with (`http://localhost:5678/webhook/...` for n8n's own webhooks,
 * `http://127.0.0.1:4010` for the sandbox) at the n8n and sandbox that actually run, so that an order's
 * postback/return URL reaches the trigger of the second workflow whatever ports were free.
 */
export function rewriteWorkflowUrls(
	workflow: WorkflowInput,
	urls: { n8nUrl: string; sandboxUrl?: string },
): WorkflowInput {
	const replace = (text: string, from: string[], to: string) =>
		from.reduce((out, base) => out.split(`${base}/`).join(`${to.replace(/\/+$/, '')}/`), text);
	let json = JSON.stringify(workflow);
	json = replace(json, EXAMPLE_N8N_URLS, urls.n8nUrl);
	if (urls.sandboxUrl) json = replace(json, EXAMPLE_SANDBOX_URLS, urls.sandboxUrl);
	return JSON.parse(json) as WorkflowInput;
}

/** `examples/*.json` (one workflow, or an array of them, per file), normalised. */
export function loadExampleWorkflows(dir = EXAMPLES_DIR): WorkflowInput[] {
	if (!fs.existsSync(dir)) return [];
	const out: WorkflowInput[] = [];
	for (const file of fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const content = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as
			| WorkflowInput
			| WorkflowInput[];
		const list = Array.isArray(content) ? content : [content];
		list.forEach((wf, i) => {
			if (!wf || !Array.isArray(wf.nodes) || typeof wf.connections !== 'object') {
				throw new Error(
					`examples/${file}${list.length > 1 ? `[${i}]` : ''} is not an n8n workflow (needs nodes and connections)`,
				);
			}
			out.push(normalizeWorkflow(wf, `examples/${file}#${i}`));
		});
	}
	return out;
}
