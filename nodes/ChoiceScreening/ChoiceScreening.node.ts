import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { allowAgentsProperty } from '../shared/agent';
import { defineNode, operationSubtitle } from '../shared/registry';
import { routeItems } from '../shared/router';
import { order } from './actions/order';
import { packageResource } from './actions/package';
import { credentialTest, loadOptions } from './methods';

const registry = defineNode([order, packageResource], 'order');

const properties: INodeProperties[] = [
	...registry.properties,
	{
		...allowAgentsProperty('Place Orders'),
		displayOptions: { show: { resource: ['order'], operation: ['create', 'addToOrder'] } },
	},
];

export class ChoiceScreening implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Choice Screening',
		name: 'choiceScreening',
		icon: {
			light: 'file:../../icons/choicescreening.svg',
			dark: 'file:../../icons/choicescreening.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(registry),
		description: 'Order background checks from Choice Screening and read their status and reports',
		defaults: { name: 'Choice Screening' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'choiceScreeningApi', required: true, testedBy: 'choiceScreeningApiTest' },
		],
		properties,
	};

	methods = { loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, registry);
	}
}
