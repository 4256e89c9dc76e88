import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as backgroundCheck from './backgroundCheck';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, { execute: Operation }>> = {
	backgroundCheck: backgroundCheck as unknown as Record<string, { execute: Operation }>,
};

/** Runs the selected operation once per input item; failures become error items under continueOnFail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation]?.execute;
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (!run) throw new Error(`Unsupported operation "${resource}.${operation}"`);
			returnData.push(...(await run.call(this, itemIndex)));
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw error;
		}
	}
	return [returnData];
}
