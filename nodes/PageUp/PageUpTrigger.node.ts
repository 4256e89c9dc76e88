import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { readPending } from './transport';
import { DEFAULT_CONCURRENCY, drainPending, MAX_CONCURRENCY } from './transport/claim';
import { claimFailureHint, nothingClaimedError } from './transport/report';
import { EmittedIds } from './trigger/emittedIds';

/** n8n's default poll budget, for versions that do not tell the node. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

interface TriggerOptions {
	maxChecksPerPoll?: number;
	concurrency?: number;
	skipEmitted?: boolean;
}

export class PageUpTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PageUp Trigger',
		name: 'pageUpTrigger',
		icon: { light: 'file:../../icons/pageup.svg', dark: 'file:../../icons/pageup.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["provider"] ? "Provider " + $parameter["provider"] : "All providers"}}',
		description: 'Starts the workflow with new background checks waiting in PageUp, taking each one for you',
		defaults: { name: 'PageUp Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pageUpApi', required: true }],
		properties: [
			{
				displayName:
					'Each poll takes every pending check (sets it to queued in PageUp, so no other process gets it) and starts the workflow once with the checks it took. "Fetch Test Event" only reads up to five pending checks and does not take them: they stay pending.',
				name: 'claimNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'string',
				default: '',
				placeholder: 'e.g. bg',
				description: 'Only checks for this provider code (optional). Leave empty for every check your credential can see.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Checks per Poll',
						name: 'maxChecksPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 100,
						description: 'The most checks one poll takes; the rest stay pending for the next poll',
					},
					{
						displayName: 'Parallel Claims',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
						default: DEFAULT_CONCURRENCY,
						description: 'How many checks to take at the same time',
					},
					{
						displayName: 'Skip Checks Already Emitted',
						name: 'skipEmitted',
						type: 'boolean',
						default: true,
						description:
							'Whether to remember the last 1,000 checks this trigger emitted and never emit one of them again (it is still taken off the pending list). Turn off while integration testing with Reset to Pending, which puts the same check back.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const provider = String(this.getNodeParameter('provider', '') ?? '').trim() || undefined;

		if (this.getMode() === 'manual') {
			// A test event must not take checks away from the live workflow: read one page, claim nothing.
			const checks = await readPending.call(this, provider);
			if (checks.length === 0) {
				throw new NodeOperationError(this.getNode(), 'No background check is pending in PageUp right now', {
					description:
						'To test, put a test check back on the list with the PageUp node\'s Reset to Pending operation (you need its ID), or ask PageUp to set up test checks for you.',
				});
			}
			return [checks.map((check) => ({ json: check }))];
		}

		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const budgetMs =
			typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
		const started = Date.now();
		// Stop starting reads with a margin left, and never start a retry past most of the budget.
		const margin = Math.min(30_000, budgetMs * 0.2);
		const result = await drainPending.call(this, {
			provider,
			readAll: true,
			maxChecks: Math.max(1, Math.floor(options.maxChecksPerPoll ?? 100)),
			concurrency: options.concurrency,
			readDeadline: started + budgetMs - margin,
			retryDeadline: started + budgetMs - margin / 2,
		});

		const failure = nothingClaimedError(this, result);
		if (failure) throw failure;
		const hint = claimFailureHint(result);
		if (hint) this.logger.warn(`PageUp Trigger: ${hint}`);

		const emitted = new EmittedIds(this.getWorkflowStaticData('node'));
		const skipEmitted = options.skipEmitted !== false;
		const fresh = skipEmitted ? result.claimed.filter((check) => !emitted.has(check.id)) : result.claimed;
		const repeated = result.claimed.length - fresh.length;
		this.logger.debug(
			`PageUp Trigger: ${result.reads} reads, ${result.claimed.length} claimed, ${result.failed.length} claims failed, ${repeated} already emitted, stopped: ${result.stopReason}`,
		);
		if (repeated > 0) {
			this.logger.info(`PageUp Trigger: ${repeated} claimed checks were emitted before and are not emitted again`);
		}
		if (fresh.length === 0) return null;
		emitted.remember(fresh.map((check) => check.id));
		return [fresh.map((check) => ({ json: check }))];
	}
}
