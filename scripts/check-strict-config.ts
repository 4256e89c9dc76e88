/**
 * `"strict": true` in package.json: n8n's verification expects eslint.config.mjs to be @n8n/node-cli's default
 * config. `n8n-node lint` compares them with whitespace collapsed; this checks them byte for byte.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
// Where `n8n-node lint` itself reads the default from (dist/commands/lint.js: ../template/...).
const template = path.join(
	path.dirname(require.resolve('@n8n/node-cli/eslint', { paths: [root] })),
	'..',
	'template',
	'templates',
	'shared',
	'default',
	'eslint.config.mjs',
);
const ours = fs.readFileSync(path.join(root, 'eslint.config.mjs'));
const expected = fs.readFileSync(template);
if (!ours.equals(expected)) {
	process.stderr.write(
		`eslint.config.mjs differs from @n8n/node-cli's default (${path.relative(root, template)}), which ` +
			`"strict": true requires. Put project rules in eslint.project.config.mjs.\n`,
	);
	process.exit(1);
}
process.stdout.write(
	`eslint.config.mjs is byte-identical to ${path.relative(root, template)} (${expected.length} bytes)\n`,
);
