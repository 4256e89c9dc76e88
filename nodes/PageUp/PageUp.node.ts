import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { allowAgentsProperty } from '../shared/agent';
import * as backgroundCheck from './actions/backgroundCheck';
import { router } from './actions/router';
import { credentialTest } from './methods';

function markFailedItem(context: IExecuteFunctions, item: INodeExecutionData): INodeExecutionData {
	const { error, description } = item.json;
	if (item.error || typeof error !== 'string' || !Object.keys(item.json).every((key) => key === 'error' || key === 'description')) {
		return item;
	}
	const itemIndex = typeof item.pairedItem === 'object' && !Array.isArray(item.pairedItem) ? item.pairedItem.item : undefined;
	return {
		...item,
		error: new NodeOperationError(context.getNode(), error, {
			itemIndex,
			description: typeof description === 'string' ? description : undefined,
		}),
	};
}

export class PageUp implements INodeType {
	methods = { credentialTest };

	description: INodeTypeDescription = {
		displayName: 'PageUp',
		name: 'pageUp',
		icon: { light: 'file:../../icons/pageup.svg', dark: 'file:../../icons/pageup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and update background checks in PageUp',
		defaults: { name: 'PageUp' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pageUpApi', required: true, testedBy: 'pageUpApiTest' }],
		properties: [
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
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const outputs = await router.call(this);
		// n8n sends an item to the error output ("On Error: Continue (using error output)") only when it carries
		// `error` or its json holds nothing but error/message/details; the shared router's items also hold a
		// description, so they are marked here (example 1 relies on it).
		return outputs.map((items) => items.map((item) => markFailedItem(this, item)));
	}
}
