import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { allowAgentsProperty } from '../shared/agent';
import { operationSubtitle } from '../shared/registry';
import { routeItems } from '../shared/router';
import { registry } from './actions';
import { credentialTest } from './methods';

const properties: INodeProperties[] = [
	...registry.properties,
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
		subtitle: operationSubtitle(registry),
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

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, registry);
	}
}
