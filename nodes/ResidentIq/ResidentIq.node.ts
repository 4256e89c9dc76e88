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

	methods = { loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, registry);
	}
}
