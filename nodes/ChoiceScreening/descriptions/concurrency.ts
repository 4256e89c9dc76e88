import type { ParallelOption } from '../../shared/registry';

/** Reads: how many orders are read at once across the input items (item order is kept). */
export const readConcurrencyOption: ParallelOption = {
	displayName: 'Requests in Parallel',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 5,
	description:
		'How many items are read from Choice at once (1 to 20). The output keeps the order of the input items.',
};

/** Orders: one at a time unless the user opts in, since an order must never be sent twice. */
export const orderConcurrencyOption: ParallelOption = {
	displayName: 'Orders in Parallel',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 1,
	description:
		'How many orders are sent at once (1 to 20). Default 1: items are ordered one after another, and the first failure stops the rest before they are sent. With more, orders already in flight when one fails are still sent.',
};
