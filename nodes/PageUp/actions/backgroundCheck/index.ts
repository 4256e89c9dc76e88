import type { INodeProperties } from 'n8n-workflow';

import * as getPending from './getPending.operation';
import * as resetToPending from './resetToPending.operation';
import * as returnToPending from './returnToPending.operation';
import * as updateStatus from './updateStatus.operation';

export { getPending, resetToPending, returnToPending, updateStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['backgroundCheck'] } },
		options: [
			{
				name: 'Get Pending',
				value: 'getPending',
				description: 'Read checks waiting for a provider, and optionally claim them',
				action: 'Get pending background checks',
			},
			{
				name: 'Reset to Pending',
				value: 'resetToPending',
				description: 'Put a check back on the pending list (integration testing only)',
				action: 'Reset a background check to pending',
			},
			{
				name: 'Return to Pending',
				value: 'returnToPending',
				description:
					'Give a claimed (queued) check back to the pending list, so the next poll takes it again',
				action: 'Return a background check to pending',
			},
			{
				name: 'Update Status',
				value: 'updateStatus',
				description: "Set a check's status, reference number and results",
				action: 'Update a background check status',
			},
		],
		default: 'getPending',
	},
	...getPending.description,
	...updateStatus.description,
	...resetToPending.description,
	...returnToPending.description,
];
