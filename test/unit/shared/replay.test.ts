import type { IDataObject } from 'n8n-workflow';

import { forgetInProcessReplays, ReplayMemory } from '../../../nodes/shared/replay';

afterEach(() => forgetInProcessReplays());

const KEY = 'lastStatus';
const memoryAt = (
	staticData: IDataObject,
	at: { now: number },
	scope = 'wf:node:hook',
	limit?: number,
) => new ReplayMemory(staticData, { key: KEY, scope, limit, now: () => at.now });

test('admits a status once per order, remembering it in static data as [order, fingerprint] pairs', () => {
	const clock = { now: 1_000_000 };
	const staticData: IDataObject = {};
	const memory = memoryAt(staticData, clock);
	expect(memory.admit('1', 'ready')).toBe(true);
	expect(memory.admit('1', 'ready')).toBe(false);
	expect(memory.admit('2', 'ready')).toBe(true);
	expect(memory.admit('1', 'complete')).toBe(true);
	expect(staticData[KEY]).toEqual([
		['2', 'ready'],
		['1', 'complete'],
	]);
	// A later request that loaded the saved static data (another process: no notes) sees the same.
	forgetInProcessReplays();
	const later = memoryAt(staticData, clock);
	expect(later.isReplay('1', 'complete')).toBe(true);
	expect(later.isReplay('1', 'ready')).toBe(false);
});

test("requests with their own (unsaved) static data see this process's emissions while they run", () => {
	const clock = { now: 1_000_000 };
	const first = memoryAt({}, clock);
	const second = memoryAt({}, clock);
	clock.now += 20_000; // both confirm with the vendor meanwhile
	expect(first.admit('1', 'ready')).toBe(true);
	expect(second.admit('1', 'ready')).toBe(false);
	// The newest emission counts, not an older one in the loaded static data.
	const third = memoryAt({ [KEY]: [['1', 'complete']] }, clock);
	expect(third.isReplay('1', 'complete')).toBe(false);
	expect(third.isReplay('1', 'ready')).toBe(true);
});

test('emissions long before a request began are left to the static data it loaded (the authority)', () => {
	const clock = { now: 1_000_000 };
	expect(memoryAt({}, clock).admit('1', 'ready')).toBe(true);
	clock.now += 5 * 60_000;
	// Its static data no longer holds the order (trimmed, or reset): the old note does not decide.
	expect(memoryAt({}, clock).admit('1', 'ready')).toBe(true);
});

test('scopes (workflow, node, webhook) do not share notes', () => {
	const clock = { now: 1_000_000 };
	expect(memoryAt({}, clock, 'a').admit('1', 'ready')).toBe(true);
	expect(memoryAt({}, clock, 'b').admit('1', 'ready')).toBe(true);
	expect(memoryAt({}, clock, 'a').admit('1', 'ready')).toBe(false);
});

test('static data and notes stay bounded: the oldest orders are forgotten first', () => {
	const clock = { now: 1_000_000 };
	const staticData: IDataObject = {};
	const memory = memoryAt(staticData, clock, 'bounded', 3);
	for (const id of ['1', '2', '3', '4']) expect(memory.admit(id, 'ready')).toBe(true);
	expect(staticData[KEY]).toEqual([
		['2', 'ready'],
		['3', 'ready'],
		['4', 'ready'],
	]);
	// Order 1 is forgotten by both: a fresh request with this static data admits it again.
	expect(memoryAt(staticData, clock, 'bounded', 3).admit('1', 'ready')).toBe(true);
});
