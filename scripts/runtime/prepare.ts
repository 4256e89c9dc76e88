/** `prepareRuntime()`: Node, n8n and the package in a user folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ensureN8n, type N8nInstall } from './n8n-install';
import { ensureNode } from './node';
import { installPackage, type InstalledPackage } from './package';
import { DEFAULT_USER_FOLDER, REPO_ROOT } from './paths';
import { type Log, stdoutLog, step } from './util';

export interface PreparedRuntime extends N8nInstall {
	userFolder: string;
	package: InstalledPackage;
}

export interface PrepareOptions {
	/** n8n user folder (n8n's data goes to `<userFolder>/.n8n`). Default `.runtime/user`. */
	userFolder?: string;
	/** Delete the user folder first (database, encryption key, installed package). */
	fresh?: boolean;
	/** Run `npm run build` before packing (default true). */
	build?: boolean;
	/** Install this `npm pack` tarball instead of building and packing the working tree. */
	tarball?: string;
	log?: Log;
}

/** Node 24 and n8n (cached), then the package built, packed and installed into the user folder (every call). */
export async function prepareRuntime(options: PrepareOptions = {}): Promise<PreparedRuntime> {
	const log = options.log ?? stdoutLog;
	const userFolder = path.resolve(options.userFolder ?? DEFAULT_USER_FOLDER);
	const node = await ensureNode(log);
	const n8n = await ensureN8n(node, log);
	if (options.fresh) {
		await step(log, `Removing ${path.relative(REPO_ROOT, userFolder)} (fresh start)`, () =>
			fs.rmSync(userFolder, { recursive: true, force: true }),
		);
	}
	fs.mkdirSync(userFolder, { recursive: true });
	const pkg = await installPackage({
		userFolder,
		build: options.build,
		tarball: options.tarball,
		log,
	});
	return { ...n8n, userFolder, package: pkg };
}
