/**
 * Credentials and workflows, imported with n8n's CLI before n8n starts (fixed ids; an import overwrites).
 * Skipped when they are the same as at the last import into this user folder, so that a restart keeps what the
 * user did in the editor (and saves two n8n CLI boots).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { CredentialInput } from './credentials';
import { n8nCli } from './n8n-process';
import type { PreparedRuntime } from './prepare';
import { readJson, step, writeJson, type Log } from './util';
import type { WorkflowInput } from './workflows';

export interface ImportResult {
	/** True when nothing changed since the last import into this database and nothing was imported. */
	skipped: boolean;
	/** Records this import (call once the workflows are published). */
	markDone(): void;
}

export async function importIntoN8n(options: {
	runtime: PreparedRuntime;
	credentials: CredentialInput[];
	workflows: WorkflowInput[];
	/** Part of what must be unchanged for a skip. */
	publishChoice: unknown;
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
	const hash = createHash('sha256')
		.update(
			JSON.stringify({
				n8n: runtime.version,
				credentials,
				workflows,
				publishChoice: options.publishChoice,
				db: options.env?.DB_POSTGRESDB_DATABASE,
			}),
		)
		.digest('hex');
	const markDone = () => writeJson(stampFile, { hash, at: new Date().toISOString() });
	if (
		!options.force &&
		options.databaseExisted &&
		readJson<{ hash: string }>(stampFile)?.hash === hash
	) {
		log(
			`[runtime] ${credentials.length} credential(s) and ${workflows.length} workflow(s) unchanged since the last start: not re-imported`,
		);
		return { skipped: true, markDone: () => undefined };
	}
	fs.rmSync(stampFile, { force: true });
	const importDir = path.join(userFolder, 'import');
	fs.rmSync(importDir, { recursive: true, force: true });
	if (credentials.length > 0) {
		writeJson(path.join(importDir, 'credentials.json'), credentials);
		await step(log, `Importing ${credentials.length} credential(s)`, () =>
			n8nCli(
				runtime,
				userFolder,
				['import:credentials', `--input=${path.join(importDir, 'credentials.json')}`],
				undefined,
				options.env,
			),
		);
	}
	if (workflows.length > 0) {
		const wfDir = path.join(importDir, 'workflows');
		workflows.forEach((wf) =>
			writeJson(path.join(wfDir, `${wf.id}.json`), { ...wf, active: false }),
		);
		await step(log, `Importing ${workflows.length} workflow(s)`, () =>
			n8nCli(
				runtime,
				userFolder,
				['import:workflow', '--separate', `--input=${wfDir}`],
				undefined,
				options.env,
			),
		);
	} else {
		log('[runtime] No workflows to import');
	}
	return { skipped: false, markDone };
}
