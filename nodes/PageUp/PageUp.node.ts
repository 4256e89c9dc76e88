import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { allowAgentsProperty } from '../shared/agent';
import * as backgroundCheck from './actions/backgroundCheck';
import { router } from './actions/router';
import { operationSubtitle } from '../shared/subtitle';
import { credentialTest } from './methods';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Background Check', value: 'backgroundCheck' }],
		default: 'backgroundCheck',
	},
	...backgroundCheck.description,
	allowAgentsProperty('Change Statuses'),
];

export class PageUp implements INodeType {
	methods = { credentialTest };

	description: INodeTypeDescription = {
		displayName: 'PageUp',
		name: 'pageUp',
		icon: { light: 'file:../../icons/pageup.svg', dark: 'file:../../icons/pageup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Read and update background checks in PageUp',
		defaults: { name: 'PageUp' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pageUpApi', required: true, testedBy: 'pageUpApiTest' }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
