import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as order from './actions/order';
import * as packageResource from './actions/package';
import { router } from './actions/router';
import { operationSubtitle } from '../shared/subtitle';
import { allowAgentsProperty } from '../shared/agent';
import { credentialTest, loadOptions } from './methods';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Order', value: 'order' },
			{ name: 'Package', value: 'package' },
		],
		default: 'order',
	},
	...order.description,
	{
		...allowAgentsProperty('Place Orders'),
		displayOptions: { show: { resource: ['order'], operation: ['create', 'addToOrder'] } },
	},
	...packageResource.description,
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
		subtitle: operationSubtitle(properties),
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
		return await router.call(this);
	}
}
