import type { INode } from 'n8n-workflow';

import { PACKAGE_NAME } from '../../../harness';
import { readExample } from '../../../harness/examples';

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
		const results = (path[4].parameters.results as { result: Array<{ reportLink: string }> })
			.result;
		expect(results[0].reportLink).toMatch(/^=https:\/\//);
	});

	test('each step routes failures: back to pending only while they may pass, else Set Failed with a reason; Set Failed has its own error path', () => {
		const errorTarget = (name: string) =>
			workflow.connections[name]?.main[1]?.map((link) => link.node);
		for (const name of [
			'Provider system (stand-in)',
			'Set New',
			'Set In Progress',
			'Set Completed',
			'Return to Pending',
			'Set Failed',
		]) {
			expect({ name, onError: workflow.nodes.find((node) => node.name === name)?.onError }).toEqual(
				{ name, onError: 'continueErrorOutput' },
			);
		}
		expect(errorTarget('Provider system (stand-in)')).toEqual(['Try again later?']);
		expect(errorTarget('Set New')).toEqual(['Try again later?']);
		const decide = workflow.connections['Try again later?'].main.map((links) =>
			links?.map((link) => link.node),
		);
		expect(decide).toEqual([['Return to Pending'], ['Set Failed']]);
		const condition = JSON.stringify(
			workflow.nodes.find((node) => node.name === 'Try again later?')?.parameters,
		);
		expect(condition).toContain("endsWith('[temporary]')");
		expect(condition).toContain('.attempt ?? 1) < 3');
		expect(errorTarget('Set In Progress')).toEqual(['Set Failed']);
		expect(errorTarget('Set Completed')).toEqual(['Set Failed']);
		expect(errorTarget('Return to Pending')).toEqual(['Set Failed']);
		expect(errorTarget('Set Failed')).toEqual(['Not recorded in PageUp (alert here)']);
		const failed = workflow.nodes.find((node) => node.name === 'Set Failed');
		expect(failed?.parameters).toMatchObject({ operation: 'updateStatus', status: 'failed' });
		expect(String(failed?.parameters.reasonForFail)).toContain('$json.error');
	});

	test('sticky notes overlap neither each other nor the nodes (a node is taken as 100 x 100)', () => {
		type Box = { name: string; x: number; y: number; w: number; h: number };
		const boxes: Box[] = workflow.nodes.map((node) => {
			const sticky = node.type === 'n8n-nodes-base.stickyNote';
			return {
				name: node.name,
				x: node.position[0],
				y: node.position[1],
				w: sticky ? Number(node.parameters.width) : 100,
				h: sticky ? Number(node.parameters.height) : 100,
			};
		});
		const overlaps = (a: Box, b: Box) =>
			a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
		const notes = boxes.filter(
			(box) =>
				workflow.nodes.find((node) => node.name === box.name)?.type === 'n8n-nodes-base.stickyNote',
		);
		const found: string[] = [];
		for (const note of notes) {
			for (const other of boxes)
				if (other !== note && overlaps(note, other)) found.push(`${note.name} / ${other.name}`);
		}
		expect(found).toEqual([]);
	});
});
