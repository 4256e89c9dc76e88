import {
	forgetLoggedShapes,
	logUnexpectedShape,
	shapeKey,
} from '../../../nodes/shared/unexpectedShape';

describe('logUnexpectedShape', () => {
	beforeEach(() => forgetLoggedShapes());

	test('field names only, GUID and number keys as their kind, never values', () => {
		expect(
			shapeKey({
				order: { id: 5, ssn: '987-65-4321' },
				'609ca426-e9d1-44be-b115-879c76e53e0d': 'x',
				items: [{ status: 'Complete' }],
				'123': true,
			}),
		).toBe('items, items[], items[].status, order, order.id, order.ssn, {guid}, {n}');
		expect(shapeKey('text')).toBe('(string)');
	});

	test('once per trigger and shape: a second body of the same shape is not logged again', () => {
		const warn = jest.fn();
		const logger = { warn };
		expect(logUnexpectedShape(logger, 'T', 'no order number', { a: 1, b: { c: 'secret-1' } })).toBe(
			true,
		);
		expect(logUnexpectedShape(logger, 'T', 'no order number', { a: 2, b: { c: 'secret-2' } })).toBe(
			false,
		);
		expect(logUnexpectedShape(logger, 'T', 'no order number', { a: 2, d: 1 })).toBe(true);
		expect(logUnexpectedShape(logger, 'U', 'no order number', { a: 1, b: { c: 'x' } })).toBe(true);
		expect(warn).toHaveBeenCalledTimes(3);
		expect(warn.mock.calls[0][0]).toBe(
			'T: a body of a shape not expected (no order number); its fields: a, b, b.c',
		);
		expect(JSON.stringify(warn.mock.calls)).not.toMatch(/secret/);
	});
});
