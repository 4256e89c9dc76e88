/**
 * The unit and workflow tests against what ships (`npm run test:dist`, after `npm run build`): every import of
 * nodes/ or credentials/ is served from dist/ (tsc's output, requiring the libraries bundled into dist/vendor/),
 * and the tests' own imports of fast-xml-parser, luxon and zod get those bundles too.
 */
const base = require('./jest.config.js');

module.exports = {
	...base,
	moduleNameMapper: {
		'^(?:\\.\\./)+(nodes|credentials)/(.*)$': '<rootDir>/dist/$1/$2',
		'^(fast-xml-parser|luxon|zod)$': '<rootDir>/dist/vendor/$1.js',
	},
};
