import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { listPackages } from '../../transport';

export const meta: OperationMeta = {
	name: 'Get Many',
	action: 'Get many packages',
	description: 'List the packages your account can order',
	writes: false,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const packages = await listPackages.call(this, itemIndex);
	const limit = returnAll
		? packages.length
		: (this.getNodeParameter('limit', itemIndex, 50) as number);
	return packages
		.slice(0, limit)
		.map((pkg) => ({ json: pkg as IDataObject, pairedItem: { item: itemIndex } }));
}
