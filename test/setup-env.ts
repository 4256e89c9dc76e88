import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes an encryption key under the user folder on first use: keep it out of $HOME.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'bgc-n8n-'));
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n's logger prints every node error to the console; the tests assert on errors directly.
process.env.N8N_LOG_LEVEL ??= 'silent';
