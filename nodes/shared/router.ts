import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { guardAgentAction } from './agent';
import { connectionCodeOf } from './errors';
import { maskErrorNode, redactText } from './pii';
import {
	findOperation,
	type NodeRegistry,
	type OperationMeta,
	type OperationModule,
} from './registry';

type ItemError = NodeApiError | NodeOperationError;
type Outcome = { items: INodeExecutionData[] } | { error: ItemError };

/**
 * Every error an item fails with, as a node error that names the item and carries a masked copy of the node
 * (n8n stores an error's node, parameters included, in the execution and its debug log: a user may have typed
 * an SSN into a parameter).
 */
function itemError(this: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(
					this.getNode(),
					redactText(error instanceof Error ? error.message : String(error)),
					{ itemIndex },
				);
	if (nodeError.context.itemIndex === undefined) nodeError.context.itemIndex = itemIndex;
	return maskErrorNode(nodeError);
}

/**
 * The item that takes a failed item's place under "Continue On Fail". n8n's "Continue (using error
 * output)" sends an item to the error output only when `error` is set (or its json holds nothing but
 * error, message and details), so `error` is always set. (n8n 2 then keeps only the message as the json;
 * the description stays on the error.) A message ending in `[temporary]` is an error that may pass.
 */
function errorItem(error: ItemError, itemIndex: number): INodeExecutionData {
	// The message is all a later node can read of the error, so one that may pass says so in it.
	if (mayPass(error) && !error.message.endsWith(TEMPORARY_TAG)) {
		error.message = `${error.message} ${TEMPORARY_TAG}`;
	}
	return {
		json: {
			error: error.message,
			...(error.description ? { description: error.description } : {}),
		},
		pairedItem: { item: itemIndex },
		error,
	};
}

/** Ends the message of an error item whose error may pass when tried again later. */
export const TEMPORARY_TAG = '[temporary]';

/**
 * True for a vendor error that may pass when the request is sent again later: 429, a 5xx other than 501,
 * or no answer at all (timeout, connection lost or refused).
 */
export function mayPass(error: unknown): boolean {
	const httpCode = Number((error as NodeApiError)?.httpCode);
	if (Number.isInteger(httpCode) && httpCode > 0) {
		return httpCode === 429 || (httpCode >= 500 && httpCode !== 501);
	}
	return connectionCodeOf(error) !== undefined;
}

function writes(this: IExecuteFunctions, meta: OperationMeta, itemIndex: number): boolean {
	if (typeof meta.writes === 'boolean') return meta.writes;
	return Object.entries(meta.writes.when).every(([name, values]) =>
		values.includes(this.getNodeParameter(name, itemIndex, undefined)),
	);
}

/** How many items run at once: the operation's parallel option, read at the first item, within its bounds. */
function widthOf(this: IExecuteFunctions, meta: OperationMeta): number {
	const option = meta.parallel;
	if (!option) return 1;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const value = Number(options[option.name] ?? option.default);
	const min = option.typeOptions?.minValue ?? 1;
	const max = option.typeOptions?.maxValue ?? option.default;
	return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : option.default;
}

async function runItem(
	this: IExecuteFunctions,
	module: OperationModule,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	if (writes.call(this, module.meta, itemIndex)) {
		guardAgentAction(this, itemIndex, module.meta.agentLabel ?? module.meta.name);
	}
	return await module.execute.call(this, itemIndex);
}

/**
 * Runs the selected operation for every input item and returns the results in item order, each paired
 * with its item. Operations that allow it run several items at once (a worker pool); after a failure no
 * new item starts. A failing item stops the node with an error that names the item or, with "Continue On
 * Fail", becomes an error item in its place. Write operations pass the agent guard first.
 */
export async function routeItems(
	this: IExecuteFunctions,
	registry: NodeRegistry,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = findOperation(registry, resource, operation);
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`Unsupported operation "${operation}" for "${resource}"`,
		);
	}
	const count = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const outcomes: Array<Outcome | undefined> = new Array(count);
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < count) {
			const itemIndex = next++;
			try {
				outcomes[itemIndex] = { items: await runItem.call(this, module, itemIndex) };
			} catch (error) {
				outcomes[itemIndex] = { error: itemError.call(this, error, itemIndex) };
				if (!continueOnFail) stopped = true;
			}
		}
	};
	const workers = Math.min(widthOf.call(this, module.meta), Math.max(count, 1));
	await Promise.all(Array.from({ length: workers }, worker));

	const returnData: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (!outcome) return;
		if ('items' in outcome) returnData.push(...outcome.items);
		else if (continueOnFail) returnData.push(errorItem(outcome.error, itemIndex));
		else throw outcome.error;
	});
	return [returnData];
}
