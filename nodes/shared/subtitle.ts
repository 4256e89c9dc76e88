import type { INodeProperties } from 'n8n-workflow';

/**
 * The node's subtitle on the canvas: the chosen operation's display name ("Update Status"), prefixed with the
 * resource's when the node has several ("Report: Create"), as n8n's own nodes show it. Built from the node's
 * properties, so a new operation needs no second place to name it.
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const resourceProperty = properties.find((p) => p.name === 'resource' && p.type === 'options');
	const resources = new Map<string, string>();
	for (const option of resourceProperty?.options ?? []) {
		if ('value' in option) resources.set(String(option.value), option.name);
	}
	const names: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		const shownFor = (property.displayOptions?.show?.resource as string[] | undefined) ?? [
			...resources.keys(),
		];
		for (const option of property.options ?? []) {
			if (!('value' in option)) continue;
			for (const resource of shownFor) {
				const prefix = resources.size > 1 ? `${resources.get(resource) ?? resource}: ` : '';
				names[`${resource}:${String(option.value)}`] = `${prefix}${option.name}`;
			}
		}
	}
	// An unknown pair (an operation added by a newer version) shows its raw value rather than nothing.
	const key = '$parameter["resource"] + ":" + $parameter["operation"]';
	return `={{ (${JSON.stringify(names)})[${key}] || $parameter["operation"] }}`;
}
