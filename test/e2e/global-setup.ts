import { buildPackage, ensureN8n, ensureNode, stdoutLog } from '../../scripts/runtime';

/**
 * Once per `npm run test:e2e`: Node 24 and n8n (cached under .runtime/) and `npm run build` (skipped with
 * BGC_E2E_NO_BUILD=1). Test files then call `startTestStack()`, which packs dist/ into their own user folder.
 */
export default async function globalSetup(): Promise<void> {
	process.stdout.write('\n');
	await ensureN8n(await ensureNode(stdoutLog), stdoutLog);
	if (process.env.BGC_E2E_NO_BUILD !== '1') await buildPackage(stdoutLog);
}
