import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';

/**
 * True when the node runs as an AI agent's tool. n8n runs a `usableAsTool` node under its type name
 * with `Tool` appended (e.g. `...pageUpTool`) and, in the supply-data path, says so through
 * `isToolExecution()`; either one is enough.
 */
export function runsAsAgentTool(context: IExecuteFunctions): boolean {
	const flagged = typeof context.isToolExecution === 'function' && context.isToolExecution();
	return flagged || /Tool$/.test(context.getNode().type);
}

/** The option that lets an agent run operations with effects (ordering, deciding, changing a status). */
export const allowAgentsProperty = (what: string): INodeProperties => ({
	displayName: `Allow Agents to ${what}`,
	name: 'allowAgentActions',
	type: 'boolean',
	default: false,
	noDataExpression: true,
	description: `Whether an AI agent that uses this node as a tool may ${what.toLowerCase()}. Off: only reads are available to agents, so a person (or a deterministic workflow) decides what has effects.`,
});

/** Refuses an operation with effects when the node runs as an agent's tool and agents are not allowed. */
export function guardAgentAction(
	context: IExecuteFunctions,
	itemIndex: number,
	operationName: string,
): void {
	if (!runsAsAgentTool(context)) return;
	if (context.getNodeParameter('allowAgentActions', itemIndex, false) === true) return;
	throw inputError(
		context.getNode(),
		`${operationName} is not available to AI agents`,
		itemIndex,
		'This operation orders, decides or changes a status. Turn on the node\'s "Allow Agents to ..." option to let an agent run it; reads stay available.',
	);
}
