import type { Logger } from 'n8n-workflow';

import { redactText } from './pii';
import { keyLabel } from './setupCheck';

/**
 * Inbound bodies whose shape a trigger did not expect, logged once per shape and trigger (field names only,
 * never values), so a user learns that their vendor writes something other than the package assumed.
 */

const MAX_REMEMBERED = 1000;
const logged = new Set<string>();

/** Field names of a body down to two levels (`order.id`), sorted; never values. */
export function shapeKey(body: unknown): string {
	const names: string[] = [];
	const visit = (value: unknown, prefix: string, depth: number) => {
		if (Array.isArray(value)) {
			names.push(`${prefix}[]`);
			if (value.length && depth < 2) visit(value[0], `${prefix}[]`, depth + 1);
			return;
		}
		if (!value || typeof value !== 'object') return;
		for (const [key, entry] of Object.entries(value)) {
			const name = prefix ? `${prefix}.${keyLabel(key)}` : keyLabel(key);
			names.push(name);
			if (depth < 2) visit(entry, name, depth + 1);
		}
	};
	if (body !== null && typeof body === 'object') visit(body, '', 0);
	else names.push(`(${body === null ? 'null' : typeof body})`);
	return redactText([...new Set(names)].sort().join(', ').slice(0, 2000));
}

/**
 * Logs at warning level that `trigger` received a body of a shape it did not expect (`what`: why, e.g. "no
 * order number"), once per trigger and shape in this n8n process. Returns whether it logged.
 */
export function logUnexpectedShape(
	logger: Pick<Logger, 'warn'> | undefined,
	trigger: string,
	what: string,
	body: unknown,
): boolean {
	const shape = shapeKey(body);
	const key = `${trigger}\n${what}\n${shape}`;
	if (logged.has(key)) return false;
	if (logged.size >= MAX_REMEMBERED) logged.clear();
	logged.add(key);
	logger?.warn(
		`${trigger}: a body of a shape not expected (${what}); its fields: ${shape || 'none'}`,
	);
	return true;
}

/** Forgets the shapes already logged (tests). */
export function forgetLoggedShapes(): void {
	logged.clear();
}
