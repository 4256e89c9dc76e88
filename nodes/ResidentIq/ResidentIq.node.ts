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
import { credentialTest, loadOptions } from './methods';

const properties: INodeProperties[] = [
	...registry.properties,
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
		subtitle: operationSubtitle(registry),
		description: 'Order and manage ResidentIQ tenant screening reports',
		defaults: { name: 'ResidentIQ' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'residentIqApi', required: true, testedBy: 'residentIqApiTest' },
			{
				// What the order tells RIQ to send back with its postbacks (the ResidentIQ Trigger checks it).
				name: 'residentIqPostbackApi',
				required: true,
				testedBy: 'residentIqPostbackApiTest',
				displayOptions: {
					show: {
						resource: ['report'],
						operation: ['create'],
						postbackAuthentication: ['basicAuth', 'postbackPair'],
					},
				},
			},
		],
		properties,
	};

	methods = { loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, registry);
	}
}
