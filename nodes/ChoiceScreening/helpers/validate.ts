import { orderRules, type OrderOperation } from './validation/consentRules';
import { errorMap, type OrderProblem } from './validation/messages';
import { addToOrderShape, createOrderShape } from './validation/schema';

export type { OrderOperation } from './validation/consentRules';
export {
	describeProblems,
	formatPath,
	mergeProblems,
	type OrderProblem,
} from './validation/messages';

/** Every problem with the order (paths relative to the `order` object). Values never appear. */
export function validateOrder(order: unknown, operation: OrderOperation): OrderProblem[] {
	const issues = [
		operation === 'addToOrder' ? addToOrderShape : createOrderShape,
		orderRules(operation),
	].flatMap((schema) => {
		const result = schema.safeParse(order, { errorMap });
		return result.success ? [] : result.error.issues;
	});
	return issues.map((issue) => ({ path: issue.path, message: issue.message }));
}
