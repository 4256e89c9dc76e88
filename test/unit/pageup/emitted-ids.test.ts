import type { IDataObject } from 'n8n-workflow';

import { EmittedIds } from '../../../nodes/PageUp/trigger/emittedIds';

describe('EmittedIds', () => {
	test('remembers ids in static data, newest last, without duplicates', () => {
		const staticData: IDataObject = {};
		const guard = new EmittedIds(staticData, 5);
		guard.remember(['1', '2', '2', '3']);
		expect(staticData.recentlyEmittedIds).toEqual(['1', '2', '3']);
		expect(guard.has('2')).toBe(true);
		expect(new EmittedIds(staticData, 5).has('3')).toBe(true);
	});

	test('forgets the oldest beyond its limit', () => {
		const staticData: IDataObject = {};
		const guard = new EmittedIds(staticData, 3);
		guard.remember(['1', '2', '3']);
		guard.remember(['4', '5']);
		expect(staticData.recentlyEmittedIds).toEqual(['3', '4', '5']);
		expect(guard.has('1')).toBe(false);
		expect(guard.has('5')).toBe(true);
	});

	test('ignores damaged static data', () => {
		const staticData: IDataObject = { recentlyEmittedIds: ['1', 2, null, '3'] as never };
		const guard = new EmittedIds(staticData);
		expect(guard.has('1')).toBe(true);
		expect(guard.has('2')).toBe(false);
		expect(new EmittedIds({ recentlyEmittedIds: 'x' }).has('x')).toBe(false);
	});
});
