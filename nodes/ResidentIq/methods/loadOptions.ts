import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listProducts } from '../transport/products';
import { listScoringModels } from '../transport/scoring';

export async function getProducts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const products = await listProducts.call(this);
	return products.map((name) => ({ name, value: name }));
}

type Band = { text?: string | null } | null;

/** The location's scoring models, each described by its score bands; "default" first. */
export async function getScoringModels(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const models = await listScoringModels.call(this);
	const options = models.map((model) => {
		const bands = model.bands as Record<string, Band>;
		const parts = [
			['Accept', bands.accept],
			['Conditional-High', bands.conditionalHigh],
			['Conditional-Low', bands.conditionalLow],
			['Decline', bands.decline],
		]
			.filter(([, band]) => (band as Band)?.text)
			.map(([label, band]) => `${label as string} ${(band as Band)?.text}`);
		return {
			name: String(model.name),
			value: String(model.name),
			description: parts.length ? `Score bands: ${parts.join(', ')}` : undefined,
		};
	});
	// RIQ always offers its standard model; keep it selectable even if a location's list omits it.
	if (!options.some((option) => option.value.toLowerCase() === 'default')) {
		options.unshift({
			name: 'default',
			value: 'default',
			description: "The location's standard scoring model",
		});
	}
	return options.sort((a, b) =>
		a.value.toLowerCase() === 'default' ? -1 : b.value.toLowerCase() === 'default' ? 1 : 0,
	);
}
