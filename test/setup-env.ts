import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes an encryption key under the user folder on first use: keep it out of $HOME.
// One folder per jest worker, reused across runs (so test runs do not litter the temp folder).
if (!process.env.N8N_USER_FOLDER) {
	const folder = join(
		tmpdir(),
		`n8n-nodes-background-checks-test-${process.env.JEST_WORKER_ID ?? '0'}`,
	);
	mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n's logger prints every node error to the console; the tests assert on errors directly.
process.env.N8N_LOG_LEVEL ??= 'silent';
