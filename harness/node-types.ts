import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
	NodeConnectionTypes,
	type ICredentialType,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-background-checks';
const ROOT = join(__dirname, '..');
/** Loads modules by the paths package.json lists, as n8n's own loader does. */
const loadModule = createRequire(__filename);

interface PackageJson {
	n8n: { nodes: string[]; credentials: string[] };
}

/** Maps `dist/nodes/X/X.node.js` (what n8n loads) to the TypeScript source jest can require. */
function sourceOf(distPath: string): string {
	return join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

/** Instantiates each listed class; entries whose source does not exist yet are skipped (see package tests). */
function loadClasses<T>(paths: string[]): T[] {
	return paths
		.filter((distPath) => existsSync(sourceOf(distPath)))
		.map((distPath) => {
			const exported = loadModule(sourceOf(distPath)) as Record<string, new () => T>;
			// As n8n's loader does: the class named like the file (a credential file also exports its URLs).
			const className = distPath.replace(/^.*\//, '').replace(/\..*$/, '');
			const Class = exported[className] ?? Object.values(exported)[0];
			return new Class();
		});
}

/** Starts a test workflow, emitting the items given to `executeWorkflow` (stands in for Manual Trigger). */
class HarnessStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Emits the test input items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

let cached:
	| { nodes: Map<string, INodeType>; credentials: Map<string, ICredentialType> }
	| undefined;

/** The package's real node and credential classes, registered under the names n8n gives them. */
export function loadPackage() {
	if (cached) return cached;
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
	const nodes = new Map<string, INodeType>();
	for (const node of loadClasses<INodeType>(pkg.n8n.nodes)) {
		nodes.set(`${PACKAGE_NAME}.${node.description.name}`, node);
	}
	nodes.set('harness.start', new HarnessStart());
	const credentials = new Map<string, ICredentialType>();
	for (const credential of loadClasses<ICredentialType>(pkg.n8n.credentials)) {
		credentials.set(credential.name, credential);
	}
	cached = { nodes, credentials };
	return cached;
}

export class HarnessNodeTypes implements INodeTypes {
	private readonly nodes = loadPackage().nodes;

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getOrThrow(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		return this.getOrThrow(nodeType);
	}

	getKnownTypes() {
		return {};
	}

	private getOrThrow(nodeType: string): INodeType {
		const node = this.nodes.get(nodeType);
		if (!node) throw new Error(`Unknown node type in test workflow: ${nodeType}`);
		return node;
	}
}
