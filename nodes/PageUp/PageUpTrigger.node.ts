import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './helpers/drain';
import { emittedMemory, unsettledMemory } from './helpers/memory';
import { claimFailureHint, nothingClaimedError } from './helpers/report';
import { readPending } from './transport';
import { drainPending } from './transport/drain';
import { credentialTest } from './methods';

/** n8n's default poll budget, for versions that do not tell the node. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

interface TriggerOptions {
	maxChecksPerPoll?: number;
	concurrency?: number;
	skipEmitted?: boolean;
}

export class PageUpTrigger implements INodeType {
	methods = { credentialTest };

	description: INodeTypeDescription = {
		displayName: 'PageUp Trigger',
		name: 'pageUpTrigger',
		icon: { light: 'file:../../icons/pageup.svg', dark: 'file:../../icons/pageup.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["provider"] ? "Provider " + $parameter["provider"] : "All providers"}}',
		description:
			'Starts the workflow with new background checks waiting in PageUp, taking each one for you',
		defaults: { name: 'PageUp Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pageUpApi', required: true, testedBy: 'pageUpApiTest' }],
		properties: [
			{
				displayName:
					'Each poll takes every pending check (sets it to queued in PageUp, so no other process gets it) and starts the workflow once with the checks it took. A claim whose answer was lost is settled on a later poll and emitted with claim "recovered" if it was applied. "Fetch Test Event" only reads up to five pending checks and does not take them: they stay pending.',
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
				description:
					'Only checks for this provider code (optional). Leave empty for every check your credential can see.',
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
						displayName: 'Emit Each Claim Once',
						name: 'skipEmitted',
						type: 'boolean',
						default: true,
						description:
							'Whether to remember the last 1,000 checks this trigger emitted, so that a claim whose answer was lost and that is recovered on a later poll is not emitted if it already was. A check that comes back to pending (Return to Pending, Reset to Pending) is always taken and emitted again.',
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
				throw new NodeOperationError(
					this.getNode(),
					'No background check is pending in PageUp right now',
					{
						description:
							"To test, put a test check back on the list with the PageUp node's Reset to Pending operation (you need its ID), or ask PageUp to set up test checks for you.",
					},
				);
			}
			return [checks.map((check) => ({ json: check }))];
		}

		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const budgetMs =
			typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
		const started = Date.now();
		// Stop starting reads with a margin left, and never start a retry past most of the budget.
		const margin = Math.min(30_000, budgetMs * 0.2);
		const staticData = this.getWorkflowStaticData('node');
		const result = await drainPending.call(this, {
			provider,
			readAll: true,
			maxChecks: Math.max(1, Math.floor(options.maxChecksPerPoll ?? 100)),
			concurrency: options.concurrency,
			readDeadline: started + budgetMs - margin,
			retryDeadline: started + budgetMs - margin / 2,
			unsettled: unsettledMemory(staticData),
		});

		const failure = nothingClaimedError(this.getNode(), result);
		if (failure) throw failure;
		const hint = claimFailureHint(result);
		if (hint) this.logger.warn(`PageUp Trigger: ${hint}`);

		// One claim is emitted once: a recovered claim is withheld if this trigger emitted the check after
		// that claim was sent. A check claimed from the pending list is always a new claim (it came back).
		const emitted = emittedMemory(staticData);
		const skipEmitted = options.skipEmitted !== false;
		const recovered = result.recovered.filter(({ check, since }) => {
			const at = emitted.get(check.id);
			return !skipEmitted || !(typeof at === 'number' && at >= since);
		});
		const repeated = result.recovered.length - recovered.length;
		this.logger.debug(
			`PageUp Trigger: ${result.reads} reads, ${result.claimed.length} claimed, ${result.recovered.length} recovered, ${result.failed.length} claims failed, ${result.unknown.length} unsettled, stopped: ${result.stopReason}`,
		);
		if (repeated > 0) {
			this.logger.info(
				`PageUp Trigger: ${repeated} recovered claims were emitted before and are not emitted again`,
			);
		}
		const items: INodeExecutionData[] = [
			...result.claimed.map((check) => ({ json: check })),
			...recovered.map(({ check }) => ({ json: { ...check, claim: 'recovered' } })),
		];
		if (items.length === 0) return null;
		// Ids only (no applicant data): if n8n discards this poll's result (the workflow was unpublished or saved
		// while the poll ran), these checks stay queued, and this line is how to find them for Reset to Pending.
		this.logger.info(
			`PageUp Trigger: emitting ${items.length} checks: ${items
				.slice(0, 200)
				.map((item) => String(item.json.id))
				.join(', ')}${items.length > 200 ? ' ...' : ''}`,
		);
		const now = Date.now();
		for (const item of items) emitted.set(String(item.json.id), now);
		return [items];
	}
}
