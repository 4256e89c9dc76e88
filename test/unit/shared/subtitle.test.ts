import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	Workflow,
	type INode,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { AtsAnywhere } from '../../../nodes/AtsAnywhere/AtsAnywhere.node';
import { ChoiceScreening } from '../../../nodes/ChoiceScreening/ChoiceScreening.node';
import { PageUp } from '../../../nodes/PageUp/PageUp.node';
import { ResidentIq } from '../../../nodes/ResidentIq/ResidentIq.node';

const ROOT = join(__dirname, '..', '..', '..');

/** The subtitle as the editor computes it: the node type's `subtitle` expression over the node's parameters. */
function subtitleOf(nodeType: INodeType, parameters: Record<string, string>): unknown {
	const node: INode = {
		id: '1',
		name: 'Node',
		type: `n8n-nodes-background-checks.${nodeType.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType as INodeType | IVersionedNodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		nodeType.description.subtitle ?? '',
		'internal',
		{},
	);
}

describe('node subtitles show display names, not raw values', () => {
	test.each([
		[
			new PageUp(),
			{ resource: 'backgroundCheck', operation: 'updateStatus' },
			'Background Check: Update Status',
		],
		[
			new PageUp(),
			{ resource: 'backgroundCheck', operation: 'getPending' },
			'Background Check: Get Pending',
		],
		[new ResidentIq(), { resource: 'report', operation: 'create' }, 'Report: Create'],
		[new ResidentIq(), { resource: 'group', operation: 'link' }, 'Group: Link'],
		[new ChoiceScreening(), { resource: 'order', operation: 'getStatus' }, 'Order: Get Status'],
		[new AtsAnywhere(), { resource: 'statusUpdate', operation: 'send' }, 'Status Update: Send'],
	])('%s %j', (nodeType, parameters, expected) => {
		expect(subtitleOf(nodeType, parameters)).toBe(expected);
	});

	test('an unknown operation shows its raw value', () => {
		expect(
			subtitleOf(new PageUp(), {
				resource: 'backgroundCheck',
				operation: 'later',
			}),
		).toBe('later');
	});

	test('every operation of every action node has a display-name subtitle', () => {
		for (const nodeType of [
			new PageUp(),
			new ResidentIq(),
			new ChoiceScreening(),
			new AtsAnywhere(),
		]) {
			const { properties } = nodeType.description;
			for (const property of properties.filter((p) => p.name === 'operation')) {
				const resources = (property.displayOptions?.show?.resource as string[]) ?? [];
				for (const option of property.options ?? []) {
					if (!('value' in option)) continue;
					const shown = subtitleOf(nodeType, {
						resource: resources[0],
						operation: String(option.value),
					});
					expect(shown).toContain(option.name);
				}
			}
		}
	});
});

describe('codex files', () => {
	const nodes = [
		'PageUp/PageUp',
		'PageUp/PageUpTrigger',
		'AtsAnywhere/AtsAnywhere',
		'AtsAnywhere/AtsAnywhereTrigger',
		'ResidentIq/ResidentIq',
		'ResidentIq/ResidentIqTrigger',
		'ChoiceScreening/ChoiceScreening',
		'ChoiceScreening/ChoiceScreeningTrigger',
	];
	const docsPage: Record<string, string> = {
		PageUp: 'pageup',
		AtsAnywhere: 'ats-anywhere',
		ResidentIq: 'residentiq',
		ChoiceScreening: 'choice-screening',
	};

	test.each(nodes)('%s links its docs page and carries the screening aliases', (node) => {
		const codex = JSON.parse(readFileSync(join(ROOT, 'nodes', `${node}.node.json`), 'utf8'));
		const page = docsPage[node.split('/')[0]];
		expect(codex.resources.primaryDocumentation[0].url).toMatch(new RegExp(`/docs/${page}\\.md$`));
		expect(codex.resources.credentialDocumentation[0].url).toMatch(
			new RegExp(`/docs/${page}\\.md#`),
		);
		expect(readFileSync(join(ROOT, 'docs', `${page}.md`), 'utf8').length).toBeGreaterThan(0);
		expect(codex.alias).toEqual(
			expect.arrayContaining(['background check', 'screening', 'tenant screening']),
		);
		expect(codex.categories).toEqual(expect.arrayContaining(['Productivity']));
	});
});

describe("the triggers' output schemas (n8n's schema preview before a first run)", () => {
	test.each(['PageUp', 'AtsAnywhere', 'ResidentIq', 'ChoiceScreening'])(
		'%s ships __schema__/v1.0.0.json',
		(vendor) => {
			const schema = JSON.parse(
				readFileSync(join(ROOT, 'nodes', vendor, '__schema__', 'v1.0.0.json'), 'utf8'),
			);
			expect(schema.type).toBe('object');
			expect(Object.keys(schema.properties).length).toBeGreaterThan(0);
			// npm test builds first: the build copied it beside the compiled trigger.
			expect(existsSync(join(ROOT, 'dist', 'nodes', vendor, '__schema__', 'v1.0.0.json'))).toBe(
				true,
			);
		},
	);
});
