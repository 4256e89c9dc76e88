import type { INode } from 'n8n-workflow';

import { PACKAGE_NAME } from '../../harness';
import { readExample } from '../../harness/examples';

/**
 * What example 1 does: the PageUp Trigger's checks go through a Code stand-in to the New,
 * In Progress and Completed status updates. That it is importable and uses only parameters the
 * nodes define is checked for every example in test/workflow/examples.test.ts.
 */

const workflow = readExample('1-pageup-status-flow.json');

describe('examples/1-pageup-status-flow.json', () => {
	test('connects Trigger -> stand-in -> New -> In Progress -> Completed', () => {
		expect(workflow.name).toMatch(/PageUp/);
		const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
		const path: INode[] = [];
		let current = workflow.nodes.find((node) => node.type === `${PACKAGE_NAME}.pageUpTrigger`);
		while (current) {
			path.push(current);
			const next: string | undefined = workflow.connections[current.name]?.main[0]?.[0]?.node;
			current = next ? byName.get(next) : undefined;
		}
		expect(path.map((node) => [node.type.split('.')[1], node.parameters.status ?? null])).toEqual([
			['pageUpTrigger', null],
			['code', null],
			['pageUp', 'new'],
			['pageUp', 'inprogress'],
			['pageUp', 'completed'],
		]);
		const [, , ...updates] = path;
		for (const update of updates) {
			expect(update.parameters.referenceNumber).toMatch(/^=\{\{.+\}\}$/);
			expect(update.parameters.checkId).toBe('={{ $json.id }}');
		}
		const results = (path[4].parameters.results as { result: Array<{ reportLink: string }> }).result;
		expect(results[0].reportLink).toMatch(/^=https:\/\//);
	});
});
