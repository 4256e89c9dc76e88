import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/** A number option in an operation's Options collection that says how many items run at once. */
export type ParallelOption = INodeProperties & { type: 'number'; default: number };

/** What an operation is, declared once in its `<operation>.operation.ts` beside `description` and `execute`. */
export interface OperationMeta {
	/** The Operation option's name: the dropdown, the canvas subtitle and the vendor's docs page use it. */
	name: string;
	/** What n8n's node search and an AI agent's tool list show, e.g. "Create an order". */
	action: string;
	/** The option's one-line description. */
	description: string;
	/**
	 * Whether it orders, decides or changes something: the router then refuses it to an AI agent, before it
	 * runs, unless the node's "Allow Agents to ..." option is on. `when` narrows it to items whose parameters
	 * have one of the listed values (PageUp's Get Pending writes only when it claims).
	 */
	writes: boolean | { when: Record<string, unknown[]> };
	/** How the agent refusal names the operation ("<label> is not available to AI agents"); default `name`. */
	agentLabel?: string;
	/** Items may run at the same time, as many as this option says (read at the first item); default one by one. */
	parallel?: ParallelOption;
}

/** What every `<operation>.operation.ts` exports. */
export interface OperationModule {
	meta: OperationMeta;
	/** Its parameters; the registry shows them for its resource and operation only. */
	description: INodeProperties[];
	execute: OperationExecute;
}

export interface Resource {
	/** The Resource option's value. */
	value: string;
	/** The Resource option's name. */
	name: string;
	/** Operation modules by option value: the key IS the value, so no option can name a missing module. */
	operations: ReadonlyMap<string, OperationModule>;
	/**
	 * The Operation dropdown, built from the modules, then the resource's own parameters and each operation's,
	 * shown for that operation (its key) only.
	 */
	properties: INodeProperties[];
}

export interface NodeRegistry {
	resources: ReadonlyMap<string, Resource>;
	/** The Resource dropdown, then every resource's properties: a node's parameters start with these. */
	properties: INodeProperties[];
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** One resource: its Operation dropdown is built from `operations` (an option per module, value = key). */
export function defineResource(
	value: string,
	spec: {
		name: string;
		/** The operation selected when the node is added (default: the first one listed). */
		default?: string;
		operations: Record<string, OperationModule>;
		/** Parameters of the resource that belong to no single operation. */
		properties?: INodeProperties[];
	},
): Resource {
	const operations = new Map(Object.entries(spec.operations));
	const options: INodePropertyOptions[] = [...operations]
		.map(([key, module]) => ({
			name: module.meta.name,
			value: key,
			description: module.meta.description,
			action: module.meta.action,
		}))
		.sort(byName);
	const defaultOperation = spec.default ?? [...operations.keys()][0];
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [value] } },
		options,
		default: defaultOperation,
	};
	return {
		value,
		name: spec.name,
		operations,
		properties: [
			selector,
			...(spec.properties ?? []),
			...[...operations].flatMap(([key, module]) =>
				updateDisplayOptions({ show: { resource: [value], operation: [key] } }, module.description),
			),
		],
	};
}

/** A node's resources: the Resource dropdown and every resource's properties, and the map the router runs. */
export function defineNode(resources: Resource[], defaultResource: string): NodeRegistry {
	const selector: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map(({ name, value }) => ({ name, value })).sort(byName),
		default: defaultResource,
	};
	return {
		resources: new Map(resources.map((resource) => [resource.value, resource])),
		properties: [selector, ...resources.flatMap((resource) => resource.properties)],
	};
}

/** The module behind a resource and operation pair, if there is one. */
export function findOperation(
	registry: NodeRegistry,
	resource: string,
	operation: string,
): OperationModule | undefined {
	return registry.resources.get(resource)?.operations.get(operation);
}

/**
 * The node's subtitle on the canvas: the chosen operation's name ("Update Status"), prefixed with the
 * resource's when the node has several ("Report: Create"), as n8n's own nodes show it.
 */
export function operationSubtitle(registry: NodeRegistry): string {
	const names: Record<string, string> = {};
	for (const resource of registry.resources.values()) {
		const prefix = registry.resources.size > 1 ? `${resource.name}: ` : '';
		for (const [key, module] of resource.operations) {
			names[`${resource.value}:${key}`] = `${prefix}${module.meta.name}`;
		}
	}
	// An unknown pair (an operation added by a newer version) shows its raw value rather than nothing.
	const key = '$parameter["resource"] + ":" + $parameter["operation"]';
	return `={{ (${JSON.stringify(names)})[${key}] || $parameter["operation"] }}`;
}
