/**
 * The unit and workflow tests against what ships (`npm run test:dist`, after `npm run build`): every import of
 * nodes/ or credentials/ (relative, or the absolute .ts paths harness/ loads the node classes by) is served
 * from dist/, tsc's output, which requires the libraries bundled into dist/vendor/; the tests' own imports of
 * fast-xml-parser, luxon and zod get those bundles too.
 */
const base = require('./jest.config.js');

const root = __dirname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = {
	...base,
	moduleNameMapper: {
		'^(?:\\.\\./)+(nodes|credentials)/(.*)$': '<rootDir>/dist/$1/$2',
		[`^${root}/(nodes|credentials)/(.*)\\.ts$`]: '<rootDir>/dist/$1/$2.js',
		'^(fast-xml-parser|luxon|zod)$': '<rootDir>/dist/vendor/$1.js',
	},
};
