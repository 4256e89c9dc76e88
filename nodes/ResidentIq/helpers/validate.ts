import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { invalidInputError, parseInput } from '../../shared/errors';
import { VENDOR } from '../transport';
import { decision, reportNumber } from './schemas';

export { DECISIONS, splitList, STATS_MAX_DAYS, type Decision } from './schemas';
export { parseDate } from '../../shared/validation';

/**
 * Checks user input with a zod schema before anything is sent (the shared path: one error for the item
 * naming every problem with its field, and the problems' hints in the description).
 */
export function validateInput<S extends z.ZodTypeAny>(
	context: IExecuteFunctions,
	itemIndex: number,
	schema: S,
	input: unknown,
): z.output<S> {
	return parseInput(context, schema, input, { itemIndex, vendor: VENDOR });
}

/** Refuses the item with one message (for rules that are not about a single field's value). */
export function refuseInput(context: IExecuteFunctions, itemIndex: number, message: string): never {
	throw invalidInputError(context.getNode(), [{ path: [], message }], {
		itemIndex,
		vendor: VENDOR,
	});
}

const orderIdSchema = z.object({ 'Report Number': reportNumber() });

/** The item's Report Number (the `orderId` parameter), checked. */
export function readOrderId(context: IExecuteFunctions, itemIndex: number): string {
	return validateInput(context, itemIndex, orderIdSchema, {
		'Report Number': context.getNodeParameter('orderId', itemIndex),
	})['Report Number'];
}

const decisionSchema = z.object({ Decision: decision() });

/** The item's Decision parameter, checked. */
export function readDecision(context: IExecuteFunctions, itemIndex: number) {
	return validateInput(context, itemIndex, decisionSchema, {
		Decision: context.getNodeParameter('decision', itemIndex),
	}).Decision;
}
