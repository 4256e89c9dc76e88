/**
 * Personal data typed into a node never reaches a failed execution or n8n's log: example 3a with the applicant's
 * SSN and date of birth typed into Order Screening Report (instead of mapped), run in a real n8n at debug log level
 * while the sandbox answers RIQ's submit with 500, then drops the answer. n8n stores an error's node, parameters
 * included, in the execution and writes it to its debug log ("Workflow execution finished with error"): the
 * package's errors carry a masked copy of the node. n8n itself also puts the failed node back on its execution stack
 * (`executionData.nodeExecutionStack[].node`, parameters as typed, as the saved workflow holds them): that copy is
 * reported, not asserted away; mapping personal data with expressions (as the examples do) keeps it out.
 */
import * as fs from 'node:fs';

import {
	N8N_MAJOR,
	loadExampleWorkflows,
	type ExecutionSummary,
	type Stack,
	type WorkflowInput,
} from '../../scripts/runtime';
import { startTestStack } from './helpers';

const SSN = '987654321';
const DOB = '1961-04-23';
/** Every way these values could be written out. */
const FORMS = [SSN, '987-65-4321', '987 65 4321', DOB, '04/23/1961', '04-23-1961'];

/** Example 3a with the applicant typed into the order node; New Application only numbers the run. */
function typedExample(): WorkflowInput {
	const example = loadExampleWorkflows().find((w) => w.name.startsWith('3a.'));
	if (!example) throw new Error('no example 3a');
	const workflow = JSON.parse(JSON.stringify(example)) as WorkflowInput;
	workflow.id = 'PiiTypedExample3a';
	workflow.name = '3a (typed applicant). ResidentIQ order';
	for (const node of workflow.nodes) {
		if (node.name === 'New Application') {
			node.parameters = {
				mode: 'runOnceForEachItem',
				jsCode: "return { json: { referenceId: 'PII-3A-' + Date.now() } };",
			};
		}
		if (node.name === 'Order Screening Report') {
			node.parameters = {
				...(node.parameters as Record<string, unknown>),
				firstName: 'Hank',
				lastName: 'Mess',
				ssn: SSN,
				dateOfBirth: DOB,
				street: '2401 Mt Rushmore Rd, 311',
				city: 'Rapid City',
				state: 'SD',
				zip: '57701',
				email: 'hank.mess@example.com',
				phone: '8008675309',
				monthlyRent: 915,
				monthlyIncome: 8157,
			};
		}
	}
	return workflow;
}

function leaks(text: string): string[] {
	return FORMS.filter((form) => text.includes(form));
}

/** n8n's copy of the failed node on its execution stack (the workflow's node, parameters as typed). */
const N8N_STACK_NODE = /^\.executionData\.nodeExecutionStack\.\d+\.node\.parameters\./;

/** Where in `value` a leaked form sits. */
function pathsOf(value: unknown, path = ''): string[] {
	if (typeof value === 'string') return leaks(value).length ? [path] : [];
	if (value === null || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([key, entry]) => pathsOf(entry, `${path}.${key}`));
}

describe('typed SSN and date of birth in a failing RIQ order, in a real n8n (debug log)', () => {
	let stack: Stack & { cleanup(): Promise<void> };
	let workflow: WorkflowInput;

	beforeAll(async () => {
		workflow = typedExample();
		stack = await startTestStack({
			workflows: [workflow],
			publish: 'none',
			env: { N8N_LOG_LEVEL: 'debug' },
		});
	}, 900_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	async function runFailing(fault: number | 'drop'): Promise<ExecutionSummary> {
		await stack.admin.call('DELETE', '/faults');
		await stack.admin.call('POST', '/faults/fail-next', {
			vendor: 'riq',
			route: 'submit',
			count: 5,
			status: fault,
		});
		const manual = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
		const started = await stack.session.runManually(
			workflow.id ?? '',
			manual?.name ?? '',
			N8N_MAJOR,
		);
		const execution = await stack.api.waitForExecution(workflow.id ?? '', {
			match: (e) => String(e.id) === String(started.executionId),
			timeoutMs: 90_000,
		});
		await stack.admin.call('DELETE', '/faults');
		return execution;
	}

	it.each([
		['RIQ answers the submit with 500', 500 as const],
		['the answer to the submit is dropped', 'drop' as const],
	])(
		"%s: the execution fails; SSN and DOB are in no error, nowhere else in its data but n8n's own copy of the node, not in the log",
		async (_label, fault) => {
			const execution = await runFailing(fault);
			expect(execution.status).toBe('error');
			const result = execution.data?.resultData;
			expect(result?.lastNodeExecuted).toBe('Order Screening Report');
			const error = result?.error as
				| { message?: string; node?: { name?: string; parameters?: Record<string, unknown> } }
				| undefined;
			// The error keeps its node, with the typed fields masked and the others as typed.
			expect(error?.node?.name).toBe('Order Screening Report');
			expect(error?.node?.parameters?.firstName).toBe('Hank');
			expect(String(error?.node?.parameters?.ssn)).toMatch(/^\*+4321$/);
			expect(error?.node?.parameters?.dateOfBirth).toBe('**********');
			// RIQ was reached (the fault answered), not refused before sending.
			expect(error?.message).toMatch(/^ResidentIQ: /);
			expect(error?.message).not.toMatch(/Nothing was sent/);
			const data = JSON.stringify(execution.data);
			// n8n itself puts the failed node back on its execution stack (to resume it), as the workflow holds it:
			// its parameters as typed. That copy is n8n's, not an error's; every other place must be clean.
			const paths = pathsOf(execution.data);
			const n8nStack = paths.filter((p) => N8N_STACK_NODE.test(p));
			expect(paths.filter((p) => !N8N_STACK_NODE.test(p))).toEqual([]);
			const log = fs.readFileSync(stack.n8nLogFile, 'utf8');
			// Debug level is on and the failure was logged with its error.
			expect(log).toContain('Workflow execution finished with error');
			expect(leaks(log)).toEqual([]);
			process.stdout.write(
				`[e2e] pii ${String(fault)}: execution ${execution.id} ${execution.status}, error "${error?.message}"; ` +
					`data ${data.length} chars: typed values only in n8n's own stack copy of the node (${n8nStack.join(', ') || 'none'}); ` +
					`log ${log.length} chars (debug): ${leaks(log).length} leaked form(s)\n`,
			);
		},
	);
});
