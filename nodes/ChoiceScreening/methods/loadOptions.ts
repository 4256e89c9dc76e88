import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { packageSummary } from '../helpers/response';
import { listPackages } from '../transport';

/** The packages offered for ordering, from Choice's packages endpoint. */
export async function getPackages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const packages = await listPackages.call(this);
	const options: INodePropertyOptions[] = [];
	for (const pkg of packages) {
		const { number, name, description } = packageSummary(pkg);
		if (!number) continue;
		options.push({
			name: name && name !== number ? `${name} (${number})` : number,
			value: number,
			...(description && description !== name ? { description } : {}),
		});
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
