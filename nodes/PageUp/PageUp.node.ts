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
		subtitle: operationSubtitle(registry),
		description: 'Read and update background checks in PageUp',
		defaults: { name: 'PageUp' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pageUpApi', required: true, testedBy: 'pageUpApiTest' }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, registry);
	}
}
