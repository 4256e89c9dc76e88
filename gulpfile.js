const path = require('path');
const { task, src, dest } = require('gulp');

// Copies node and credential icons, and the triggers' output schemas (n8n's schema preview reads
// <node dir>/__schema__/v<version>.json), next to the compiled files (tsc only emits .js).
task('build:icons', copyIcons);

function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));

	const schemaSource = path.resolve('nodes', '**', '__schema__', '**', '*.json');
	src(schemaSource, { encoding: false }).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	src(credSource, { encoding: false }).pipe(dest(credDestination));

	const iconSource = path.resolve('icons', '**', '*.{png,svg}');
	const iconDestination = path.resolve('dist', 'icons');
	return src(iconSource, { encoding: false }).pipe(dest(iconDestination));
}
