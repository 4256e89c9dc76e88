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
