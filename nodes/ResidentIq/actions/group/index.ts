import type { INodeProperties } from 'n8n-workflow';

import * as getMembers from './getMembers.operation';
import * as link from './link.operation';
import * as setDecision from './setDecision.operation';
import * as unlink from './unlink.operation';

export { getMembers, link, setDecision, unlink };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{
				name: 'Get Members',
				value: 'getMembers',
				description: 'List the reports grouped with a report',
				action: 'Get the members of a group',
			},
			{
				name: 'Link',
				value: 'link',
				description: "Group a report with co-applicants' reports",
				action: 'Link reports into a group',
			},
			{
				name: 'Set Decision',
				value: 'setDecision',
				description: "Record the property's decision for every report of a group",
				action: 'Set the decision for a group',
			},
			{
				name: 'Unlink',
				value: 'unlink',
				description: 'Take one or more reports out of their group',
				action: 'Unlink reports from their group',
			},
		],
		default: 'link',
	},
	...getMembers.description,
	...link.description,
	...setDecision.description,
	...unlink.description,
];
