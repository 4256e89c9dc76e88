/**
 * Credentials and workflows, imported with n8n's CLI before n8n starts (fixed ids; an import overwrites).
 *
 * Each one is imported only when it is new, or changed here (examples/, the sandbox's or n8n's URL) while the
 * copy in n8n is still the one imported last time. A workflow or credential edited in n8n since the last
 * import is never overwritten (`--reimport` / `force` does overwrite). The user folder's `bgc-imported.json`
 * records what was imported: each item's hash, and each workflow as n8n held it after the import (its `versionId`
 * and a hash of its name, nodes and connections: n8n keeps the `versionId` when only the name changes).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { CredentialInput } from './credentials';
import { n8nCli } from './n8n-process';
import type { PreparedRuntime } from './prepare';
import { readJson, step, writeJson, type Log } from './util';
import type { WorkflowInput } from './workflows';

/** What happened to one credential or workflow at this start, and why. */
export interface ImportDecision {
	kind: 'credential' | 'workflow';
	id: string;
	name: string;
	action: 'imported' | 'unchanged' | 'kept';
	reason: string;
}

export interface ImportResult {
	decisions: ImportDecision[];
	/** True when nothing was imported. */
	skipped: boolean;
	/** Records this import; `inN8n`: each imported workflow as n8n holds it after publication. */
	markDone(inN8n: Record<string, WorkflowInN8n>): void;
}

interface Stamp {
	version: 2;
	/** What the items' hashes include besides the item (n8n version, queue-mode database). */
	context: string;
	credentials: Record<string, { hash: string; data: string }>;
	workflows: Record<string, { hash: string; versionId?: string; content?: string }>;
	at: string;
}

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A workflow as n8n's API or CLI export gives it. */
export interface WorkflowInN8n {
	versionId?: string;
	name?: string;
	nodes?: unknown;
	connections?: unknown;
}

/** What the user edits in a workflow, hashed. */
export const contentHash = (wf: WorkflowInN8n) =>
	sha({ name: wf.name, nodes: wf.nodes, connections: wf.connections });

/** A credential's fields as imported, compared by value (n8n adds fields of its own, such as a cached token). */
const fieldsHash = (data: Record<string, unknown>, keys: string[]) =>
	sha(keys.map((key) => [key, data[key] ?? null]));

export async function importIntoN8n(options: {
	runtime: PreparedRuntime;
	credentials: CredentialInput[];
	workflows: WorkflowInput[];
	/** Whether n8n's database already existed before this start. */
	databaseExisted: boolean;
	force?: boolean;
	/** Environment of the CLI commands (queue mode: the database). */
	env?: NodeJS.ProcessEnv;
	log: Log;
}): Promise<ImportResult> {
	const { runtime, credentials, workflows, log } = options;
	const { userFolder } = runtime;
	const stampFile = path.join(userFolder, 'bgc-imported.json');
	const context = sha({ n8n: runtime.version, db: options.env?.DB_POSTGRESDB_DATABASE });
	const read = readJson<Stamp>(stampFile);
	const previous = read?.version === 2 && read.context === context ? read : undefined;
	const importDir = path.join(userFolder, 'import');
	const cli = (args: string[]) => n8nCli(runtime, userFolder, args, undefined, options.env);

	// What n8n holds now, read only when some item changed here and was imported before.
	let inN8n: {
		workflows?: Map<string, WorkflowInN8n>;
		credentials?: Map<string, Record<string, unknown>>;
	} = {};
	const exported = async <T>(what: 'workflow' | 'credentials'): Promise<T[]> => {
		const file = path.join(importDir, `current-${what}.json`);
		fs.rmSync(file, { force: true });
		fs.mkdirSync(importDir, { recursive: true });
		await step(
			log,
			`Reading the ${what === 'workflow' ? 'workflows' : what} in n8n (to keep your edits)`,
			() =>
				cli([
					`export:${what}`,
					'--all',
					`--output=${file}`,
					...(what === 'credentials' ? ['--decrypted'] : []),
				]),
		);
		const list = readJson<T[]>(file) ?? [];
		fs.rmSync(file, { force: true });
		return list;
	};

	const decide = async (
		kind: ImportDecision['kind'],
		id: string,
		name: string,
		hash: string,
		before: { hash: string } | undefined,
		editedInN8n: () => Promise<boolean | undefined>,
	): Promise<ImportDecision> => {
		const at = { kind, id, name };
		if (options.force) return { ...at, action: 'imported', reason: '--reimport' };
		if (!options.databaseExisted) return { ...at, action: 'imported', reason: 'new n8n database' };
		if (before?.hash === hash)
			return { ...at, action: 'unchanged', reason: 'unchanged since the last import' };
		const edited = await editedInN8n();
		if (edited === undefined) return { ...at, action: 'imported', reason: 'new' };
		if (edited)
			return {
				...at,
				action: 'kept',
				reason: before
					? 'edited in n8n since the last import: your version is kept (--reimport replaces it)'
					: 'already in n8n and not imported by this script before: kept (--reimport replaces it)',
			};
		return {
			...at,
			action: 'imported',
			reason: 'changed here since the last import and not edited in n8n',
		};
	};

	const decisions: ImportDecision[] = [];
	const credentialHashes = new Map<string, { hash: string; data: string }>();
	for (const credential of credentials) {
		const hash = sha(credential);
		const keys = Object.keys(credential.data).sort();
		const data = fieldsHash(credential.data, keys);
		credentialHashes.set(credential.id, { hash, data });
		const before = previous?.credentials[credential.id];
		decisions.push(
			await decide('credential', credential.id, credential.name, hash, before, async () => {
				inN8n.credentials ??= new Map(
					(await exported<{ id: string; data: Record<string, unknown> }>('credentials')).map(
						(c) => [c.id, c.data],
					),
				);
				const current = inN8n.credentials.get(credential.id);
				if (current === undefined) return undefined;
				return fieldsHash(current, keys) !== before?.data;
			}),
		);
	}
	const workflowHashes = new Map<string, string>();
	for (const workflow of workflows) {
		const id = workflow.id ?? '';
		const hash = sha(workflow);
		workflowHashes.set(id, hash);
		const before = previous?.workflows[id];
		decisions.push(
			await decide('workflow', id, workflow.name, hash, before, async () => {
				inN8n.workflows ??= new Map(
					(await exported<WorkflowInN8n & { id: string }>('workflow')).map((w) => [w.id, w]),
				);
				const current = inN8n.workflows.get(id);
				if (!current) return undefined;
				return (
					before?.content === undefined ||
					current.versionId !== before.versionId ||
					contentHash(current) !== before.content
				);
			}),
		);
	}
	inN8n = {};

	const toImport = (kind: ImportDecision['kind']) =>
		new Set(decisions.filter((d) => d.kind === kind && d.action === 'imported').map((d) => d.id));
	const credentialIds = toImport('credential');
	const workflowIds = toImport('workflow');
	fs.rmSync(path.join(importDir, 'credentials.json'), { force: true });
	fs.rmSync(path.join(importDir, 'workflows'), { recursive: true, force: true });
	if (credentialIds.size > 0) {
		const file = path.join(importDir, 'credentials.json');
		writeJson(
			file,
			credentials.filter((c) => credentialIds.has(c.id)),
		);
		await step(log, `Importing ${credentialIds.size} credential(s)`, () =>
			cli(['import:credentials', `--input=${file}`]),
		);
	}
	if (workflowIds.size > 0) {
		const wfDir = path.join(importDir, 'workflows');
		for (const wf of workflows.filter((w) => workflowIds.has(w.id ?? '')))
			writeJson(path.join(wfDir, `${wf.id}.json`), { ...wf, active: false });
		await step(log, `Importing ${workflowIds.size} workflow(s)`, () =>
			cli(['import:workflow', '--separate', `--input=${wfDir}`]),
		);
	}
	const counts = (action: ImportDecision['action']) =>
		decisions.filter((d) => d.action === action).length;
	log(
		`[runtime] credentials and workflows: ${counts('imported')} imported, ${counts('unchanged')} unchanged, ${counts('kept')} kept as edited in n8n`,
	);

	return {
		decisions,
		skipped: credentialIds.size === 0 && workflowIds.size === 0,
		markDone(workflowsInN8n) {
			const stamp: Stamp = {
				version: 2,
				context,
				credentials: { ...previous?.credentials },
				workflows: { ...previous?.workflows },
				at: new Date().toISOString(),
			};
			for (const id of credentialIds)
				stamp.credentials[id] = credentialHashes.get(id) ?? { hash: '', data: '' };
			for (const id of workflowIds)
				stamp.workflows[id] = {
					hash: workflowHashes.get(id) ?? '',
					versionId: workflowsInN8n[id]?.versionId,
					content: workflowsInN8n[id] ? contentHash(workflowsInN8n[id]) : undefined,
				};
			writeJson(stampFile, stamp);
		},
	};
}
