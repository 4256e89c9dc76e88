import type { IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod';

import { inputError } from '../../shared/errors';
import { describeIssues } from '../../shared/validation';

export { DECISIONS, parseDate, splitList, STATS_MAX_DAYS, type Decision } from './schemas';

/**
 * Checks user input with a zod schema before anything is sent. A failure is one NodeOperationError
 * for the item naming every problem with its field ("; " between them); the first hint any problem
 * carries becomes the description.
 */
export function validateInput<S extends z.ZodTypeAny>(
	context: IExecuteFunctions,
	itemIndex: number,
	schema: S,
	input: unknown,
): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data as z.output<S>;
	const description = result.error.issues
		.map((issue) => (issue as { params?: { description?: string } }).params?.description)
		.find((hint): hint is string => typeof hint === 'string');
	throw inputError(
		context.getNode(),
		describeIssues(result.error).join('; '),
		itemIndex,
		description,
	);
}

/** Refuses the item with one message (for rules that are not about a single field's value). */
export function refuseInput(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): never {
	throw inputError(context.getNode(), message, itemIndex, description);
}
