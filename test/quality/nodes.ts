import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';
import ts from 'typescript';

import type { NodeRegistry, OperationModule } from '../../nodes/shared/registry';
import { loadPackage, PACKAGE_NAME } from '../../harness';

export const ROOT = join(__dirname, '..', '..');

export interface ActionNode {
	/** The node type's name, e.g. `pageUp`. */
	name: string;
	nodeType: INodeType;
	/** `nodes/<Vendor>`, the folder of the node's source. */
	folder: string;
	registry: NodeRegistry;
	/** The vendor's docs page, from the codex file's primary documentation link. */
	docsPage: string;
	/** Where its workflow tests live: `test/workflow/<name in lower case>`. */
	workflowTests: string;
}

export interface OperationEntry {
	resource: string;
	resourceName: string;
	key: string;
	module: OperationModule;
}

interface PackageJson {
	n8n: { nodes: string[] };
}

/** Every action node the package lists (a node with `execute`), with its registry and docs page. */
export function actionNodes(): ActionNode[] {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
	const { nodes } = loadPackage();
	return pkg.n8n.nodes.flatMap((distPath) => {
		const folder = distPath.replace(/^dist\//, '').replace(/\/[^/]+$/, '');
		const file = distPath.replace(/^.*\//, '').replace(/\.js$/, '');
		const codex = JSON.parse(readFileSync(join(ROOT, folder, `${file}.json`), 'utf8')) as {
			node: string;
			resources: { primaryDocumentation: Array<{ url: string }> };
		};
		const nodeType = nodes.get(codex.node);
		if (!nodeType?.execute) return [];
		const name = codex.node.slice(PACKAGE_NAME.length + 1);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { registry } = require(join(ROOT, folder, 'actions')) as { registry: NodeRegistry };
		const url = codex.resources.primaryDocumentation[0].url;
		return [
			{
				name,
				nodeType,
				folder,
				registry,
				docsPage: url.replace(/^.*\/blob\/[^/]+\//, ''),
				workflowTests: join('test', 'workflow', name.toLowerCase()),
			},
		];
	});
}

export function operationsOf(node: ActionNode): OperationEntry[] {
	return [...node.registry.resources.values()].flatMap((resource) =>
		[...resource.operations].map(([key, module]) => ({
			resource: resource.value,
			resourceName: resource.name,
			key,
			module,
		})),
	);
}

export const isWrite = (module: OperationModule) => module.meta.writes !== false;

function filesUnder(folder: string): string[] {
	const path = join(ROOT, folder);
	try {
		return readdirSync(path).flatMap((entry) => {
			const full = join(path, entry);
			if (statSync(full).isDirectory()) return filesUnder(join(folder, entry));
			return entry.endsWith('.ts') ? [join(folder, entry)] : [];
		});
	} catch {
		return [];
	}
}

/**
 * The `{ resource, operation }` pairs the workflow tests of a node set as parameters: every object literal
 * with an `operation` string (and a `resource` string, when it has one), read with the TypeScript parser.
 */
export function testedOperations(
	node: ActionNode,
): Array<{ resource?: string; operation: string; file: string }> {
	const found: Array<{ resource?: string; operation: string; file: string }> = [];
	for (const file of filesUnder(node.workflowTests)) {
		const source = ts.createSourceFile(
			file,
			readFileSync(join(ROOT, file), 'utf8'),
			ts.ScriptTarget.Latest,
		);
		const visit = (child: ts.Node) => {
			if (ts.isObjectLiteralExpression(child)) {
				const values: Record<string, string> = {};
				for (const property of child.properties) {
					if (
						ts.isPropertyAssignment(property) &&
						ts.isIdentifier(property.name) &&
						ts.isStringLiteralLike(property.initializer)
					) {
						values[property.name.text] = property.initializer.text;
					}
				}
				if (values.operation) {
					found.push({ resource: values.resource, operation: values.operation, file });
				}
			}
			ts.forEachChild(child, visit);
		};
		visit(source);
	}
	return found;
}

/** Whether a parameter set of a workflow test selects this operation (a missing resource is the default one). */
export function selects(
	node: ActionNode,
	entry: OperationEntry,
	parameters: { resource?: string; operation: string },
): boolean {
	if (parameters.operation !== entry.key) return false;
	if (parameters.resource !== undefined) return parameters.resource === entry.resource;
	const holders = [...node.registry.resources.values()].filter((resource) =>
		resource.operations.has(entry.key),
	);
	const resourceProperty = node.nodeType.description.properties.find((p) => p.name === 'resource');
	return holders.length === 1 || resourceProperty?.default === entry.resource;
}

/**
 * Whether the docs page names the operation: on one line, its name emphasised (`*Name*`, `**Name**`, or
 * inside an emphasised "Resource: Name") and, for a node with several resources, the resource's name too.
 */
export function docsName(node: ActionNode, entry: OperationEntry): string | undefined {
	const page = readFileSync(join(ROOT, node.docsPage), 'utf8');
	const word = (text: string) =>
		new RegExp(`(^|[^\\w])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`);
	return page.split('\n').find((line) => {
		const emphasised = [...line.matchAll(/\*{1,2}([^*]+)\*{1,2}/g)].map((match) => match[1]);
		const named = emphasised.some((span) => word(entry.module.meta.name).test(span));
		const resourceNamed = node.registry.resources.size === 1 || word(entry.resourceName).test(line);
		return named && resourceNamed;
	});
}

/** Files under `nodes/` whose text matches `pattern`. */
export function nodeFilesMatching(pattern: RegExp): string[] {
	return filesUnder('nodes').filter((file) => pattern.test(readFileSync(join(ROOT, file), 'utf8')));
}
