import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { putStatus } from '../../transport';
import { checkIdProperty } from '../../descriptions/checkId';
import { getCheckId } from '../../helpers/checks';

export const meta: OperationMeta = {
	name: 'Reset to Pending',
	action: 'Reset a background check to pending',
	description: 'Put a check back on the pending list (integration testing only)',
	writes: true,
};

export const description: INodeProperties[] = [
	{
		displayName:
			'For integration testing only: puts a check back on the pending list so you can run your flow again. PageUp does not support this for real checks. It clears the reference number and results.',
		name: 'resetNotice',
		type: 'notice',
		default: '',
	},
	checkIdProperty,
];

/** PageUp only allows pending from queued, so this is two full-override PUTs: queued, then pending. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getCheckId.call(this, itemIndex);
	await putStatus.call(this, id, { status: 'queued' }, { itemIndex });
	let response: Awaited<ReturnType<typeof putStatus>>['answer'];
	try {
		response = (await putStatus.call(this, id, { status: 'pending' }, { itemIndex })).answer;
	} catch (error) {
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		nodeError.description = `Check ${id} was set to queued but not back to pending. Run Reset to Pending again to finish.${
			nodeError.description ? ` ${nodeError.description}` : ''
		}`;
		throw nodeError;
	}
	return [{ json: { id, status: 'pending', response }, pairedItem: { item: itemIndex } }];
}
