import type { z } from 'zod';

import type { Problem } from '../../../shared/validation';

/** One problem: where (path inside the order) and what, never the value. */
export type OrderProblem = Problem;

/** Messages that never repeat the value (zod's defaults can, e.g. for enums). */
export const errorMap: z.ZodErrorMap = (issue) => {
	switch (issue.code) {
		case 'invalid_type':
			return {
				message:
					issue.received === 'undefined' || issue.received === 'null'
						? 'is required'
						: `must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`,
			};
		case 'invalid_enum_value':
			return {
				message: `must be one of: ${issue.options.map(String).join(', ')}`,
			};
		case 'invalid_literal':
			return { message: `must be ${JSON.stringify(issue.expected)}` };
		case 'too_small':
			return {
				message: issue.type === 'array' ? 'needs at least one entry' : 'must not be empty',
			};
		case 'invalid_union':
			return { message: 'has the wrong type' };
		default:
			return { message: 'is not valid' };
	}
};
