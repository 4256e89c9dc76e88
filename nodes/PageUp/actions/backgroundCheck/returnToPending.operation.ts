import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { putStatus } from '../../transport';
import { checkIdProperty } from '../../descriptions/checkId';
import { getCheckId } from '../../helpers/checks';

export const meta: OperationMeta = {
	name: 'Return to Pending',
	action: 'Return a background check to pending',
	description:
		'Give a claimed (queued) check back to the pending list, so the next poll takes it again',
	writes: true,
};

export const description: INodeProperties[] = [
	{
		displayName:
			'Gives a claimed (queued) check back: it returns to the pending list and the next poll of PageUp Trigger (or Get Pending with Claim) takes it again. Use it when processing a check failed before you reported New. PageUp allows pending only from queued.',
		name: 'returnNotice',
		type: 'notice',
		default: '',
	},
	checkIdProperty,
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.error.message }}',
		description:
			'Why the check goes back (optional). Not sent to PageUp (a pending check carries no reason); it is passed on in the output for logs and alerts.',
	},
];

/**
 * One full-override PUT of `pending` (PageUp's queued -> pending). Unlike Reset to Pending it does not set
 * queued first, so PageUp refuses it for a check that has gone further (new, in progress...).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = getCheckId.call(this, itemIndex);
	const reason = String(this.getNodeParameter('reason', itemIndex, '') ?? '').trim();
	const { answer, probablyApplied, refusal } = await putStatus.call(
		this,
		id,
		{ status: 'pending' },
		{ itemIndex },
	);
	return [
		{
			json: {
				id,
				status: 'pending',
				...(reason ? { reason } : {}),
				response: answer,
				...(probablyApplied ? { probablyApplied, refusal } : {}),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
