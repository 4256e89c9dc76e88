import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type NodeApiError,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, settlePool } from './helpers/drain';
import {
	accountKey,
	DEFAULT_LEASE_MINUTES,
	FINAL_STATUSES,
	leaseMemory,
	MAX_LEASE_ATTEMPTS,
	noteOf,
	PROVIDER_STATUSES,
	refusalSettles,
	type LeaseMemory,
} from './helpers/lease';
import { emittedMemory, unsettledMemory } from './helpers/memory';
import { claimFailureHint, nothingClaimedError } from './helpers/report';
import { CREDENTIAL_TYPE, putStatus, readPending, refusalPointsAtRequest } from './transport';
import { drainPending } from './transport/drain';
import { credentialTest } from './methods';

/** n8n's default poll budget, for versions that do not tell the node. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

interface TriggerOptions {
	maxChecksPerPoll?: number;
	concurrency?: number;
	skipEmitted?: boolean;
	leaseMinutes?: number;
	settledStatuses?: string[];
}

const STATUS_NAMES: Record<string, string> = {
	new: 'New',
	inprogress: 'In Progress',
	completed: 'Completed',
	failed: 'Failed',
	cancelled: 'Cancelled',
	expired: 'Expired',
};

/**
 * Checks emitted earlier and not settled within the lease: each is offered back to PageUp's pending list
 * (allowed only from `queued`, so it succeeds only for a check nothing was done with); PageUp refusing it
 * means the check moved on: settled if the refusal names only settled statuses, otherwise emitted again
 * (with only its id: PageUp cannot be read). Returns the checks to emit again now.
 */
async function expireLeases(
	this: IPollFunctions,
	leases: LeaseMemory,
	options: {
		leaseMs: number;
		settled: string[];
		account: string;
		now: number;
		retryDeadline: number;
	},
): Promise<INodeExecutionData[]> {
	// What the PageUp node did in this process since each emission settles the lease first.
	for (const id of leases.keys()) {
		const lease = leases.get(id)!;
		const note = noteOf(options.account, id);
		if (!note || note.at < lease.claimedAt) continue;
		if (options.settled.includes(note.status)) leases.delete(id);
		else if (note.status === 'pending' && !lease.back) leases.set(id, { ...lease, back: true });
	}
	if (options.leaseMs <= 0) return [];
	const due = leases.keys().filter((id) => {
		const lease = leases.get(id)!;
		return !lease.back && lease.claimedAt + options.leaseMs <= options.now;
	});
	const given: string[] = [];
	for (const id of due.filter((id) => leases.get(id)!.attempt >= MAX_LEASE_ATTEMPTS)) {
		this.logger.error(
			`PageUp Trigger: check ${id} was emitted ${leases.get(id)!.attempt} times and never settled; it is no longer emitted again. Look it up in PageUp.`,
		);
		leases.delete(id);
	}
	const open = due.filter((id) => leases.has(id));
	const outcomes = await settlePool(open, DEFAULT_CONCURRENCY, async (id) =>
		putStatus.call(this, id, { status: 'pending' }, { retry: { deadline: options.retryDeadline } }),
	);
	const again: INodeExecutionData[] = [];
	outcomes.forEach((outcome, index) => {
		const id = open[index];
		const lease = leases.get(id)!;
		if (outcome.ok) {
			// Back on the pending list: the drain below takes it again, as a repeat.
			leases.set(id, { ...lease, expired: true });
			given.push(id);
			return;
		}
		const error = outcome.error as NodeApiError;
		const code = Number(error.httpCode);
		if (code === 404) {
			this.logger.warn(`PageUp Trigger: check ${id} no longer exists in PageUp; forgotten`);
			leases.delete(id);
		} else if (code >= 400 && code < 500 && !refusalPointsAtRequest(code)) {
			const text = `${error.message ?? ''} ${error.description ?? ''}`;
			if (refusalSettles(text, options.settled)) leases.delete(id);
			else {
				again.push({
					json: { id, attempt: lease.attempt + 1, repeat: true, claim: 'leaseExpired' },
				});
			}
		}
		// Anything else (PageUp unreachable, 5xx, 401...): the lease stays and is tried on the next poll.
	});
	if (given.length + again.length > 0) {
		this.logger.warn(
			`PageUp Trigger: ${given.length + again.length} checks not settled within the lease are given back to the workflow: ${[
				...given,
				...again.map((item) => String(item.json.id)),
			].join(', ')}`,
		);
	}
	return again;
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
					'Each poll takes every pending check (sets it to queued in PageUp, so no other process gets it) and starts the workflow once with the checks it took. A claim whose answer was lost is settled on a later poll and emitted with claim "recovered" if it was applied. Each item has attempt (how many times this trigger emitted the check) and repeat (true when an earlier emission was not settled in time: the check may have been processed already). "Fetch Test Event" only reads up to five pending checks and does not take them: they stay pending.',
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
						displayName: 'Emit Each Claim Once',
						name: 'skipEmitted',
						type: 'boolean',
						default: true,
						description:
							'Whether to remember the last 1,000 checks this trigger emitted, so that a claim whose answer was lost and that is recovered on a later poll is not emitted if it already was. A check that comes back to pending (Return to Pending, Reset to Pending) is always taken and emitted again.',
					},
					{
						displayName: 'Give Back Unsettled Checks After (Minutes)',
						name: 'leaseMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_LEASE_MINUTES,
						description:
							'A check the workflow has not settled this long after it was emitted (n8n stopped during the execution, for example) is given back: returned to pending when PageUp still has it queued, otherwise emitted again with its ID only. Either way the item has repeat: true. Set it longer than your workflow can take. 0 turns this off.',
					},
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
						displayName: 'Settled Statuses',
						name: 'settledStatuses',
						type: 'multiOptions',
						options: PROVIDER_STATUSES.map((status) => ({
							name: STATUS_NAMES[status],
							value: status,
						})),
						default: ['completed', 'failed', 'cancelled', 'expired'],
						description:
							"The statuses after which this workflow's work on a check is done. Add New when a later workflow (a vendor's callback, for example) completes the check.",
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
		const leases = leaseMemory(staticData);
		const leaseMinutes = Number(options.leaseMinutes ?? DEFAULT_LEASE_MINUTES);
		const again = await expireLeases.call(this, leases, {
			leaseMs: Number.isFinite(leaseMinutes) ? Math.max(0, leaseMinutes) * 60_000 : 0,
			settled: options.settledStatuses ?? FINAL_STATUSES,
			account: accountKey(await this.getCredentials(CREDENTIAL_TYPE)),
			now: started,
			retryDeadline: started + budgetMs - margin / 2,
		});
		const result = await drainPending.call(this, {
			provider,
			readAll: true,
			maxChecks: Math.max(1, Math.floor(options.maxChecksPerPoll ?? 100)),
			concurrency: options.concurrency,
			readDeadline: started + budgetMs - margin,
			retryDeadline: started + budgetMs - margin / 2,
			unsettled: unsettledMemory(staticData),
			// Until the poll emits, n8n has saved nothing of these claims: if n8n stops now, this line is
			// how to find the checks left queued.
			onClaimed: (ids) => this.logger.info(`PageUp Trigger: claimed ${ids.join(', ')}`),
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
		// Each emission is counted; a check whose earlier emission ran out its lease is a repeat.
		const leased = (check: IDataObject) => {
			const lease = leases.get(String(check.id));
			return { attempt: (lease?.attempt ?? 0) + 1, repeat: lease?.expired === true };
		};
		const items: INodeExecutionData[] = [
			...result.claimed.map((check) => ({ json: { ...check, ...leased(check) } })),
			...recovered.map(({ check }) => ({
				json: { ...check, ...leased(check), claim: 'recovered' },
			})),
			...again.filter((item) => !result.claimed.some((check) => check.id === item.json.id)),
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
		for (const item of items) {
			const id = String(item.json.id);
			emitted.set(id, now);
			leases.set(id, { attempt: Number(item.json.attempt), claimedAt: now });
		}
		return [items];
	}
}
