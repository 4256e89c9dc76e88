import type { RequestContext } from '../../shared/http';
import { riqRequest } from './index';
import { child, children, rootElement, texts, type XmlNode } from './xml';

/** The packages request: an empty status package, as in RIQ's sample. */
export const PACKAGES_REQUEST = { BackgroundSearchPackage: { '@_action': 'status' } };

/** Product names from a /packages answer (inside a report package, or directly under the root). */
export function productsFrom(doc: Record<string, unknown>, packages: XmlNode[]): string[] {
	const holders = [...packages, rootElement(doc)?.node];
	const names = holders.flatMap((holder) => texts(child(holder, 'ProductsAvailable'), 'Product'));
	// Tolerate products written as elements with a Name child.
	for (const holder of holders) {
		for (const product of children(child(holder, 'ProductsAvailable'), 'Product')) {
			const nested = texts(product, 'Name');
			names.push(...nested);
		}
	}
	return [...new Set(names)];
}

/** The products this client location may order (POST /api/partner/packages). */
export async function listProducts(this: RequestContext, itemIndex?: number): Promise<string[]> {
	const { doc, packages } = await riqRequest.call(this, {
		route: 'packages',
		content: PACKAGES_REQUEST,
		itemIndex,
	});
	return productsFrom(doc, packages);
}
