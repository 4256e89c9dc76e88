#!/usr/bin/env node
/*
 * Runs a TypeScript entry point without a build step and without a new dependency:
 *   node scripts/run-ts.js <file.ts> [args...]
 * Every `.ts` file required from the entry point (outside node_modules) is transpiled on the fly with the
 * project's own `typescript` (transpile only, no type check: `npm run typecheck`-style checks stay with tsc).
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2022,
	esModuleInterop: true,
	resolveJsonModule: true,
	inlineSourceMap: true,
	inlineSources: true,
};

require.extensions['.ts'] = function compileTs(module, filename) {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};

if (typeof process.setSourceMapsEnabled === 'function') process.setSourceMapsEnabled(true);

const entry = process.argv[2];
if (!entry) {
	process.stderr.write('usage: node scripts/run-ts.js <file.ts> [args...]\n');
	process.exit(2);
}
// Make the entry point see its own arguments as process.argv.slice(2).
process.argv.splice(1, 2, path.resolve(entry));
require(path.resolve(entry));
