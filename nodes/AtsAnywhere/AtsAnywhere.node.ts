import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { allowAgentsProperty } from '../shared/agent';
import * as account from './actions/account';
import * as order from './actions/order';
import { router } from './actions/router';
import { operationSubtitle } from '../shared/subtitle';
import * as statusUpdate from './actions/statusUpdate';
import { atsAnywhereApiTest } from './methods';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Order', value: 'order' },
			{ name: 'Status Update', value: 'statusUpdate' },
		],
		default: 'statusUpdate',
	},
	...account.description,
	...order.description,
	...statusUpdate.description,
	allowAgentsProperty('Answer Orders, Send Status Updates and Create Credentials'),
];

export class AtsAnywhere implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ATS Anywhere',
		name: 'atsAnywhere',
		icon: {
			light: 'file:../../icons/atsanywhere.svg',
			dark: 'file:../../icons/atsanywhere.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Send background-check results back to ATS Anywhere and answer its orders',
		defaults: { name: 'ATS Anywhere' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'atsAnywhereApi',
				required: true,
				testedBy: 'atsAnywhereApiTest',
				// Status updates signed as a client account, and every Account operation.
				displayOptions: { show: { authentication: ['basicAuth', 'accountCredential'] } },
			},
		],
		properties,
	};

	methods = { credentialTest: { atsAnywhereApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
