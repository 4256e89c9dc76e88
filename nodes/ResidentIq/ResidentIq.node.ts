import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as account from './actions/account';
import * as group from './actions/group';
import * as report from './actions/report';
import { router } from './actions/router';
import { operationSubtitle } from '../shared/subtitle';
import { allowAgentsProperty } from '../shared/agent';
import { getProducts, getScoringModels, residentIqApiTest } from './methods';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Group', value: 'group' },
			{ name: 'Report', value: 'report' },
		],
		default: 'report',
	},
	...report.description,
	...group.description,
	...account.description,
	allowAgentsProperty('Order, Decide and Change Groups'),
];

export class ResidentIq implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ResidentIQ',
		name: 'residentIq',
		icon: {
			light: 'file:../../icons/residentiq.svg',
			dark: 'file:../../icons/residentiq.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Order and manage ResidentIQ tenant screening reports',
		defaults: { name: 'ResidentIQ' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'residentIqApi', required: true, testedBy: 'residentIqApiTest' },
			{
				// The ResidentIQ Trigger's Basic Auth (n8n's own type), put into the Postback URL of an order.
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
				name: 'httpBasicAuth',
				required: true,
				displayOptions: {
					show: {
						resource: ['report'],
						operation: ['create'],
						postbackAuthentication: ['basicAuth'],
					},
				},
			},
		],
		properties,
	};

	methods = {
		loadOptions: { getProducts, getScoringModels },
		credentialTest: { residentIqApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
