import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Imported first: n8n-core keeps an encryption key in its user folder (keep it out of $HOME) and logs
// every node error (the benchmark prints its own figures).
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'bgc-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
