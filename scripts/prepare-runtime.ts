/**
 * Installs what `npm start` and the end-to-end tests run, without starting anything (for CI caches):
 * Node 24 and the pinned n8n under `.runtime/` (cached), and the package built, packed and installed into
 * `.runtime/user`.
 *
 *   node scripts/run-ts.js scripts/prepare-runtime.ts [--no-build]
 */
import { prepareRuntime, stdoutLog } from './runtime';

const started = Date.now();
prepareRuntime({ log: stdoutLog, build: !process.argv.includes('--no-build') }).then(
	(runtime) => {
		process.stdout.write(
			`[runtime] ready in ${((Date.now() - started) / 1000).toFixed(1)}s: Node ${runtime.node.version}, n8n ${runtime.version}, ` +
				`package in ${runtime.package.dir}\n`,
		);
	},
	(error: Error) => {
		process.stderr.write(`[runtime] ${error.message}\n`);
		process.exit(1);
	},
);
