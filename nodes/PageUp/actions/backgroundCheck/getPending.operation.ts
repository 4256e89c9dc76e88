import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readPending } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'string',
		default: '',
		placeholder: 'bg',
		description: 'Only checks for this provider code (optional)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['backgroundCheck'], operation: ['getPending'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const provider = (this.getNodeParameter('provider', itemIndex, '') as string).trim();
	const checks = await readPending.call(this, provider || undefined, { itemIndex });
	return checks.map((check) => ({ json: check, pairedItem: { item: itemIndex } }));
}
