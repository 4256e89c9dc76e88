/**
 * Every webhook trigger reads its own raw body: n8n skips its body parser (its size limit, its shared XML parser)
 * only for a version-1 webhook node whose `options.binaryData` is true, so new nodes and the examples' triggers
 * must be version 1 and carry it, whatever the user sets in their visible options.
 */
import { Workflow, type INode } from 'n8n-workflow';

import { makeNode, PACKAGE_NAME } from '../../harness';
import { exampleFiles, readExample } from '../../harness/examples';
import { HarnessNodeTypes } from '../../harness/node-types';

const TRIGGERS = {
	residentIqTrigger: { postbackOptions: { formField: 'request', skipRepeats: false } },
	choiceScreeningTrigger: { callbackOptions: { maxBodyMb: 3, skipRepeats: false } },
	atsAnywhereTrigger: { requestOptions: { maskPersonalData: false, maxBodyMb: 1 } },
};

/** What n8n's webhook-helpers parseRequestBody checks before it parses a body itself. */
function n8nLeavesTheBody(node: INode): boolean {
	const workflow = new Workflow({
		id: 'w',
		nodes: [node],
		connections: {},
		nodeTypes: new HarnessNodeTypes(),
		active: true,
	});
	const binaryData = workflow.expression.getSimpleParameterValue(
		workflow.getNode(node.name)!,
		'={{$parameter["options"]["binaryData"]}}',
		'webhook',
		{},
		undefined,
		false,
	);
	return node.typeVersion === 1 && binaryData === true;
}

test.each(Object.entries(TRIGGERS))('a new %s, with or without options set', (type, options) => {
	expect(n8nLeavesTheBody(makeNode({ type }))).toBe(true);
	expect(n8nLeavesTheBody(makeNode({ type, parameters: options }))).toBe(true);
});

test("every example's webhook trigger", () => {
	const checked: string[] = [];
	for (const file of exampleFiles()) {
		for (const node of readExample(file).nodes) {
			if (!Object.keys(TRIGGERS).some((type) => node.type === `${PACKAGE_NAME}.${type}`)) continue;
			expect([file, node.name, n8nLeavesTheBody(node as INode)]).toEqual([file, node.name, true]);
			checked.push(file);
		}
	}
	expect(new Set(checked).size).toBe(5);
});
