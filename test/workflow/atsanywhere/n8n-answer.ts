import type { INodeExecutionData, ITaskData } from 'n8n-workflow';

import { deliverWebhook, type WorkflowRun } from '../../../harness';

type Delivered = Awaited<ReturnType<typeof deliverWebhook>>;

interface Writable {
	status(code: number): unknown;
	json(body: unknown): unknown;
}

/** Whether the execution failed (n8n 2.x looks at the run's error and the last node's error). */
export function runFailed(run: WorkflowRun): boolean {
	const { error, runData } = run.run.data.resultData;
	return (
		error !== undefined ||
		Object.values(runData).some((tasks: ITaskData[]) => tasks.some((task) => task.error))
	);
}

/**
 * What n8n 2.x writes on a "responseNode" webhook's response once the execution has run
 * (`executeWebhook` in n8n's dist/webhooks/webhook-helpers.js): the first `sendResponse` (the
 * Answer step) as `res.status(code).json(body)`; when the execution failed before one, status 500
 * with `{ message: 'Error in workflow' }`; when it ended without one, the webhook's `responseCode`
 * (201 for this trigger) with no body.
 */
export function answerAsN8n(delivered: Delivered, run: WorkflowRun, responseCode = 201): void {
	const res = delivered.res as Writable;
	const first = run.responses[0];
	if (first) {
		res.status(Number(first.statusCode ?? 200));
		res.json(first.body);
	} else if (runFailed(run)) {
		res.status(500);
		res.json({ message: 'Error in workflow' });
	} else {
		res.status(responseCode);
		res.json(undefined);
	}
}

/**
 * Delivers a request and, when the trigger starts an execution and leaves the answer to the
 * workflow, runs it with `runWorkflow` and answers as n8n does.
 */
export async function deliverAndAnswer(
	deliver: () => Promise<Delivered>,
	runWorkflow: (items: INodeExecutionData[]) => Promise<WorkflowRun>,
): Promise<Delivered & { run?: WorkflowRun }> {
	const delivered = await deliver();
	if (!delivered.items) return delivered;
	const run = await runWorkflow(delivered.items);
	if (!delivered.response.ended) answerAsN8n(delivered, run);
	return { ...delivered, run };
}
