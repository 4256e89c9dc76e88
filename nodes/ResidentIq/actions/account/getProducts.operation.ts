import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { listProducts } from '../../transport/products';

export const meta: OperationMeta = {
	name: 'Get Products',
	action: 'Get products',
	description: 'List the products this client location can order',
	writes: false,
};

export const description: INodeProperties[] = [];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const products = await listProducts.call(this, itemIndex);
	return products.map((name) => ({ json: { name }, pairedItem: { item: itemIndex } }));
}
