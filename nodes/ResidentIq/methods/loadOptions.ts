import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listProducts } from '../transport/products';

export async function getProducts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const products = await listProducts.call(this);
	return products.map((name) => ({ name, value: name }));
}
