import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/**
 * A node's resources and their operations, e.g. `{ backgroundCheck: 'getPending' | 'updateStatus' }`:
 * each node declares its own in `actions/node.type.ts`.
 */
export type NodeMap = Record<string, string>;

/** resource -> operation -> module exporting `execute`: what `actions/<resource>/index.ts` exports. */
export type ResourceOperations<M extends NodeMap> = {
	[R in keyof M]: { [O in M[R]]: { execute: OperationExecute } };
};

/** The `{ resource, operation }` pairs of a node map, for typing option values. */
export type AllEntities<M extends NodeMap> = {
	[R in keyof M]: { resource: R; operation: M[R] };
}[keyof M];

function executeOf(
	resources: Record<string, Record<string, unknown>>,
	resource: string,
	operation: string,
) {
	const candidate = resources[resource]?.[operation] as { execute?: OperationExecute } | undefined;
	return typeof candidate?.execute === 'function' ? candidate.execute : undefined;
}

/**
 * Runs the selected operation once per input item. A failing item stops the node with an error that
 * names the item, or, with "Continue On Fail", becomes an error item paired with its input.
 */
export async function routeItems<M extends NodeMap>(
	this: IExecuteFunctions,
	resources: ResourceOperations<M>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = executeOf(
		resources as Record<string, Record<string, unknown>>,
		resource,
		operation,
	);
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`Unsupported operation "${operation}" for "${resource}"`,
		);
	}
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			returnData.push(...(await execute.call(this, itemIndex)));
		} catch (error) {
			const nodeError =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (nodeError.context.itemIndex === undefined) nodeError.context.itemIndex = itemIndex;
			if (this.continueOnFail()) {
				returnData.push({
					json: {
						error: nodeError.message,
						...(nodeError.description ? { description: nodeError.description } : {}),
					},
					pairedItem: { item: itemIndex },
					// With "On Error: Continue (using error output)" n8n routes an item by this field.
					error: nodeError,
				});
				continue;
			}
			throw nodeError;
		}
	}
	return [returnData];
}
