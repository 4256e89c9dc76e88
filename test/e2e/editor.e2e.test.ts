/**
 * The n8n editor in a real browser (Debian's Chromium through playwright-core; scripts/editor-browser.ts):
 * every node of the package is drawn with its own icon, its panel opens without the "install this node" banner and
 * without a front-end error, and the node search finds the package by the words screening teams use.
 */
import { PACKAGE_NAME, loadExampleWorkflows, type WorkflowInput } from '../../scripts/runtime';
import {
	canvasNodes,
	closeNodePanel,
	openEditor,
	openNodePanel,
	openWorkflow,
	panelSaysNotInstalled,
	searchNodes,
	type Editor,
} from '../../scripts/editor-browser';
import { startTestStack } from './helpers';

const NODE_TYPES = [
	'pageUp',
	'pageUpTrigger',
	'atsAnywhere',
	'atsAnywhereTrigger',
	'residentIq',
	'residentIqTrigger',
	'choiceScreening',
	'choiceScreeningTrigger',
];
const DISPLAY_NAMES = ['PageUp', 'ATS Anywhere', 'ResidentIQ', 'Choice Screening'];

/** One example workflow per node type: the first that uses it. */
function workflowsCovering(
	workflows: WorkflowInput[],
): Map<string, { workflow: WorkflowInput; nodeName: string }> {
	const out = new Map<string, { workflow: WorkflowInput; nodeName: string }>();
	for (const workflow of workflows) {
		for (const node of workflow.nodes) {
			const type = node.type.slice(PACKAGE_NAME.length + 1);
			if (node.type.startsWith(`${PACKAGE_NAME}.`) && !out.has(type))
				out.set(type, { workflow, nodeName: node.name });
		}
	}
	return out;
}

describe('the package in the n8n editor (Chromium)', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;
	let editor: Editor;

	beforeAll(async () => {
		stack = await startTestStack({ publish: 'none' });
		editor = await openEditor(stack.n8nUrl, stack.owner);
	}, 900_000);

	afterAll(async () => {
		await editor?.close();
		await stack?.cleanup();
	});

	it('the examples cover every node type of the package', () => {
		expect([...workflowsCovering(loadExampleWorkflows()).keys()].sort()).toEqual(
			[...NODE_TYPES].sort(),
		);
		// (n8n also lists an AI-tool variant, `<type>Tool`, of each action node usable as a tool.)
		expect(stack.nodeTypes.filter((t) => !t.endsWith('Tool')).sort()).toEqual(
			NODE_TYPES.map((t) => `${PACKAGE_NAME}.${t}`).sort(),
		);
	});

	it('draws every node with its own icon and opens each panel without the install banner or a front-end error', async () => {
		const covering = workflowsCovering(stack.workflows);
		const seen: string[] = [];
		for (const workflow of [...new Set([...covering.values()].map((c) => c.workflow))]) {
			await openWorkflow(editor.page, stack.n8nUrl, workflow.id ?? '');
			const drawn = await canvasNodes(editor.page, `${PACKAGE_NAME}.`);
			expect(drawn.map((n) => n.name).sort()).toEqual(
				workflow.nodes
					.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))
					.map((n) => n.name)
					.sort(),
			);
			for (const node of drawn) {
				// The package's SVG, served by n8n from the installed package and loaded: not the "?" of an unknown node.
				expect({
					node: node.name,
					icons: node.icons.map((i) => ({
						ours: i.src.includes(`/icons/${PACKAGE_NAME}/`),
						loaded: i.loaded,
					})),
				}).toEqual({
					node: node.name,
					icons: [{ ours: true, loaded: true }],
				});
			}
			for (const [type, { workflow: owner, nodeName }] of covering) {
				if (owner !== workflow) continue;
				const errorsBefore = editor.errors.length;
				await openNodePanel(editor.page, nodeName);
				expect({ type, notInstalled: await panelSaysNotInstalled(editor.page) }).toEqual({
					type,
					notInstalled: false,
				});
				await closeNodePanel(editor.page);
				expect({ type, errors: editor.errors.slice(errorsBefore) }).toEqual({ type, errors: [] });
				seen.push(type);
			}
		}
		expect(seen.sort()).toEqual([...NODE_TYPES].sort());
	}, 300_000);

	it.each(['background check', 'screening', 'tenant screening'])(
		'the node search finds the package by "%s"',
		async (query) => {
			await editor.page.goto(`${stack.n8nUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
			const found = await searchNodes(editor.page, query);
			// The first-step panel lists triggers ("PageUp Trigger"), the others actions ("PageUp"): either names the vendor.
			const vendors = [...new Set(found.map((name) => name.replace(/ Trigger$/, '')))];
			expect(vendors).toEqual(expect.arrayContaining(DISPLAY_NAMES));
		},
		120_000,
	);
});
