import type { IDataObject } from 'n8n-workflow';

import { ACCEPTED_ORDERS, orderKey } from '../../../nodes/AtsAnywhere/helpers/order';
import { InboundLedger } from '../../../nodes/shared/ledger';

const MEMORY_KEY = ACCEPTED_ORDERS.key;
const MEMORY_SIZE = ACCEPTED_ORDERS.limit;
const ledger = (data: IDataObject) => new InboundLedger(data, ACCEPTED_ORDERS);
const remember = (
	data: IDataObject,
	key: string,
	answer: { statusCode: number; body: IDataObject },
) => ledger(data).answer(key, answer);
const recall = (data: IDataObject, key: string) => ledger(data).answered(key);

describe('accepted-order memory', () => {
	test('recalls by account and background check', () => {
		const data: IDataObject = {};
		remember(data, orderKey('A', '1'), { statusCode: 201, body: { background_check_id: '1' } });
		expect(recall(data, orderKey('A', '1'))).toMatchObject({
			statusCode: 201,
			body: { background_check_id: '1' },
		});
		expect(recall(data, orderKey('B', '1'))).toBeUndefined();
		expect(recall(data, orderKey('A', '2'))).toBeUndefined();
	});

	test('keys cannot collide through separators', () => {
		expect(orderKey('A|B', 'C')).not.toBe(orderKey('A', 'B|C'));
	});

	test('the first answer stays: a later one for the same order does not replace it', () => {
		const data: IDataObject = {};
		remember(data, 'k', { statusCode: 201, body: { message: 'first' } });
		const kept = remember(data, 'k', { statusCode: 201, body: { message: 'second' } });
		expect(kept.body).toEqual({ message: 'first' });
		expect(data[MEMORY_KEY]).toHaveLength(1);
	});

	test('replaces the list on every write (so n8n notices the change) and keeps the newest 500', () => {
		const data: IDataObject = {};
		let previous: unknown;
		for (let i = 0; i < MEMORY_SIZE + 3; i++) {
			remember(data, `k${i}`, { statusCode: 201, body: {} });
			expect(data[MEMORY_KEY]).not.toBe(previous);
			previous = data[MEMORY_KEY];
		}
		expect(data[MEMORY_KEY]).toHaveLength(MEMORY_SIZE);
		expect(recall(data, 'k0')).toBeUndefined();
		expect(recall(data, `k${MEMORY_SIZE + 2}`)).toBeDefined();
	});

	test('tolerates damaged static data', () => {
		const data: IDataObject = {
			[MEMORY_KEY]: [
				null,
				'x',
				{ key: 'k' },
				{ key: 'ok', statusCode: 201, body: {} },
			] as unknown as IDataObject[],
		};
		expect(recall(data, 'ok')).toBeDefined();
		expect(recall(data, 'k')).toBeUndefined();
		expect(recall({ [MEMORY_KEY]: 'broken' }, 'ok')).toBeUndefined();
		remember(data, 'new', { statusCode: 201, body: {} });
		expect(data[MEMORY_KEY]).toHaveLength(2);
	});
});
