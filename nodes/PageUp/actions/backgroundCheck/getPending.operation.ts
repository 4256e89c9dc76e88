import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../helpers/drain';
import { transientUnsettled } from '../../helpers/memory';
import { claimFailureHint, nothingClaimedError } from '../../helpers/report';
import { readPending } from '../../transport';
import { drainPending } from '../../transport/drain';

export const meta: OperationMeta = {
	name: 'Get Pending',
	action: 'Get pending background checks',
	description: 'Read checks waiting for a provider, and optionally claim them',
	writes: { when: { claim: [true] } },
	agentLabel: 'Get Pending with Claim',
};

export const description: INodeProperties[] = [
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
		displayName: 'Claim',
		name: 'claim',
		type: 'boolean',
		default: false,
		description:
			'Whether to set each returned check to queued, so it leaves the pending list and no other process picks it up. Turn on when this workflow is going to process the checks.',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: 'PageUp lists at most five checks at a time; more are read by claiming each page, so this needs Claim',
		displayOptions: { show: { claim: [true] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		hint: 'Checks beyond the limit are not claimed and stay pending',
		displayOptions: { show: { claim: [true], returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { claim: [true] } },
		options: [
			{
				displayName: 'Parallel Claims',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
				default: DEFAULT_CONCURRENCY,
				description: 'How many checks to claim at the same time',
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const provider =
		String(this.getNodeParameter('provider', itemIndex, '') ?? '').trim() || undefined;
	const claim = this.getNodeParameter('claim', itemIndex, false) as boolean;
	if (!claim) {
		const checks = await readPending.call(this, provider, { itemIndex });
		return checks.map((check) => ({ json: check, pairedItem: { item: itemIndex } }));
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const options = this.getNodeParameter('options', itemIndex, {}) as { concurrency?: number };
	const result = await drainPending.call(this, {
		provider,
		readAll: true,
		maxChecks: returnAll
			? undefined
			: Math.max(1, Math.floor(this.getNodeParameter('limit', itemIndex, 50) as number)),
		concurrency: options.concurrency,
		itemIndex,
		// Settled within this call only: a claim without a clear answer is recovered if the list is read to its end.
		unsettled: transientUnsettled(),
	});
	const failure = nothingClaimedError(this.getNode(), result, itemIndex, 'notRemembered');
	if (failure) throw failure;
	const hint = claimFailureHint(result, 'notRemembered');
	if (hint) {
		this.logger.warn(`PageUp Get Pending: ${hint}`);
		this.addExecutionHints({ message: hint, type: 'warning', location: 'outputPane' });
	}
	return [
		...result.claimed.map((check) => ({ json: check, pairedItem: { item: itemIndex } })),
		...result.recovered.map(({ check }) => ({
			json: { ...check, claim: 'recovered' },
			pairedItem: { item: itemIndex },
		})),
	];
}
