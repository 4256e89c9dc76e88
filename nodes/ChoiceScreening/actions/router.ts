import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { OperationExecute, ResourceOperations } from '../../shared/router';
import type { ChoiceScreeningMap } from './node.type';
import * as order from './order';
import * as packageResource from './package';

export const MAX_CONCURRENCY = 20;
/** Reads in flight at once by default; orders are sent one at a time unless the user opts in. */
export const DEFAULT_READ_CONCURRENCY = 5;
const READS = new Set(['getStatus', 'getReport']);

/** How many items run at once: the operation's option (read once per execution), 1 to 20. */
function concurrencyOf(this: IExecuteFunctions, operation: string): number {
	const fallback = READS.has(operation) ? DEFAULT_READ_CONCURRENCY : 1;
	if (!READS.has(operation) && operation !== 'create' && operation !== 'addToOrder') return 1;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const value = Number(options.concurrency ?? fallback);
	return Number.isFinite(value)
		? Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(value)))
		: fallback;
}

type Outcome = { items: INodeExecutionData[] } | { error: NodeApiError | NodeOperationError };

/**
 * Runs the selected operation for every input item, up to `concurrency` at once, and returns the
 * results in item order (each paired with its item). After a failure no new item starts; a failing item
 * stops the node with its error or, with "Continue On Fail", becomes an error item in its place.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resources: ResourceOperations<ChoiceScreeningMap> = { order, package: packageResource };
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const candidate = (
		resources as unknown as Record<string, Record<string, { execute?: OperationExecute }>>
	)[resource]?.[operation];
	const execute = candidate?.execute;
	if (typeof execute !== 'function') {
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
				outcomes[itemIndex] = { items: await execute.call(this, itemIndex) };
			} catch (error) {
				const nodeError =
					error instanceof NodeApiError || error instanceof NodeOperationError
						? error
						: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				if (nodeError.context.itemIndex === undefined) nodeError.context.itemIndex = itemIndex;
				outcomes[itemIndex] = { error: nodeError };
				if (!continueOnFail) stopped = true;
			}
		}
	};
	const workers = Math.min(concurrencyOf.call(this, operation), Math.max(count, 1));
	await Promise.all(Array.from({ length: workers }, worker));

	const returnData: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (!outcome) return;
		if ('items' in outcome) {
			returnData.push(...outcome.items);
			return;
		}
		if (!continueOnFail) throw outcome.error;
		returnData.push({
			json: {
				error: outcome.error.message,
				...(outcome.error.description ? { description: outcome.error.description } : {}),
			},
			pairedItem: { item: itemIndex },
		});
	});
	return [returnData];
}
