import type { IDataObject } from 'n8n-workflow';

import { emittedMemory, unsettledMemory } from '../../../nodes/PageUp/helpers/memory';

const keys = (staticData: IDataObject) =>
	(staticData.recentlyEmittedIds as Array<[string, unknown]>).map(([id]) => id);

describe('emitted ids (BoundedMemory in static data)', () => {
	test('remembers ids in static data, newest last, without duplicates', () => {
		const staticData: IDataObject = {};
		const memory = emittedMemory(staticData, 5);
		for (const id of ['1', '2', '2', '3']) memory.set(id, 100);
		expect(keys(staticData)).toEqual(['1', '2', '3']);
		expect(memory.has('2')).toBe(true);
		expect(emittedMemory(staticData, 5).has('3')).toBe(true);
	});

	test('forgets the oldest beyond its limit', () => {
		const staticData: IDataObject = {};
		const memory = emittedMemory(staticData, 3);
		for (const id of ['1', '2', '3', '4', '5']) memory.set(id, 1);
		expect(keys(staticData)).toEqual(['3', '4', '5']);
		expect(memory.has('1')).toBe(false);
		expect(memory.has('5')).toBe(true);
	});

	test('reads the older list of bare ids and ignores damaged static data', () => {
		const staticData: IDataObject = { recentlyEmittedIds: ['1', 2, null, '3'] as never };
		const memory = emittedMemory(staticData);
		expect(memory.has('1')).toBe(true);
		expect(memory.get('1')).toBe(true);
		expect(memory.has('2')).toBe(false);
		expect(emittedMemory({ recentlyEmittedIds: 'x' }).has('x')).toBe(false);
	});
});

describe('unsettled claims', () => {
	test('keep the check as read and survive a reload of static data; damaged entries are dropped', () => {
		const staticData: IDataObject = {};
		unsettledMemory(staticData).set('7', {
			check: { id: '7', status: 'pending' },
			since: 5,
			provider: 'bg',
		});
		(staticData.unsettledClaims as unknown[]).push(['8', { since: 'x' }]);
		const reloaded = unsettledMemory(staticData);
		expect(reloaded.keys()).toEqual(['7']);
		expect(reloaded.get('7')).toEqual({
			check: { id: '7', status: 'pending' },
			since: 5,
			provider: 'bg',
		});
	});
});
