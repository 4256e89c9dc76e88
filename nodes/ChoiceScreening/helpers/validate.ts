import { problemsOf } from '../../shared/validation';
import { orderRules, type OrderOperation } from './validation/consentRules';
import { errorMap, type OrderProblem } from './validation/messages';
import { addToOrderShape, createOrderShape } from './validation/schema';

export type { OrderOperation } from './validation/consentRules';
export type { OrderProblem } from './validation/messages';

/** Every problem with the order (paths relative to the `order` object). Values never appear. */
export function validateOrder(order: unknown, operation: OrderOperation): OrderProblem[] {
	return [
		operation === 'addToOrder' ? addToOrderShape : createOrderShape,
		orderRules(operation),
	].flatMap((schema) => {
		const result = schema.safeParse(order, { errorMap });
		return result.success ? [] : problemsOf(result.error);
	});
}
