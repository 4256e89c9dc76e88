import type { IDataObject } from 'n8n-workflow';

import { forgetInProcessLedgers, InboundLedger } from '../../../nodes/shared/ledger';

afterEach(() => forgetInProcessLedgers());

const KEY = 'lastStatus';
const memoryAt = (
	staticData: IDataObject,
	at: { now: number },
	scope = 'wf:node:hook',
	limit?: number,
) => new InboundLedger(staticData, { key: KEY, scope, limit, now: () => at.now });

test('admits a status once per order, remembering it in static data as [order, { fingerprint, at }] pairs', () => {
	const clock = { now: 1_000_000 };
	const staticData: IDataObject = {};
	const memory = memoryAt(staticData, clock);
	expect(memory.admit('1', 'ready')).toBe(true);
	expect(memory.admit('1', 'ready')).toBe(false);
	expect(memory.admit('2', 'ready')).toBe(true);
	expect(memory.admit('1', 'complete')).toBe(true);
	expect(staticData[KEY]).toEqual([
		['2', { fingerprint: 'ready', at: 1_000_000 }],
		['1', { fingerprint: 'complete', at: 1_000_000 }],
	]);
	// A later request that loaded the saved static data (another process: no notes) sees the same.
	forgetInProcessLedgers();
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
	const third = memoryAt({ [KEY]: [['1', 'complete']] }, clock); // the older stored format
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
	expect((staticData[KEY] as unknown[][]).map(([id]) => id)).toEqual(['2', '3', '4']);
	// Order 1 is forgotten by both: a fresh request with this static data admits it again.
	expect(memoryAt(staticData, clock, 'bounded', 3).admit('1', 'ready')).toBe(true);
});

test('a window: an identical entry older than it no longer counts as a repeat', () => {
	const clock = { now: 1_000_000 };
	const staticData: IDataObject = {};
	expect(memoryAt(staticData, clock).admit('body:1', 'h', 60_000)).toBe(true);
	clock.now += 30_000;
	expect(memoryAt(staticData, clock).admit('body:1', 'h', 60_000)).toBe(false);
	clock.now += 120_000;
	forgetInProcessLedgers();
	expect(memoryAt(staticData, clock).admit('body:1', 'h', 60_000)).toBe(true);
});

test('never de-duplicates on an empty id or fingerprint', () => {
	const clock = { now: 1_000_000 };
	const memory = memoryAt({}, clock);
	expect(memory.admit('1', '')).toBe(true);
	expect(memory.admit('1', '')).toBe(true);
	expect(memory.admit('', 'x')).toBe(true);
	expect(memory.admit('', 'x')).toBe(true);
});

test('answers: the first one stays, a retry reads it from static data or this process; in flight, duplicates wait for it', async () => {
	const clock = { now: 1_000_000 };
	const staticData: IDataObject = {};
	const ledger = memoryAt(staticData, clock, 'answers');
	expect(ledger.answer('A/1', { statusCode: 201, body: { m: 'first' } }).body).toEqual({
		m: 'first',
	});
	expect(ledger.answer('A/1', { statusCode: 201, body: { m: 'second' } }).body).toEqual({
		m: 'first',
	});
	forgetInProcessLedgers();
	expect(memoryAt(staticData, clock, 'answers').answered('A/1')).toEqual({
		statusCode: 201,
		body: { m: 'first' },
	});
	const flying = memoryAt({}, clock, 'answers');
	const land = flying.takeOff('A/2');
	const waiting = memoryAt({}, clock, 'answers').inFlight('A/2');
	expect(waiting).toBeDefined();
	land({ statusCode: 400, body: { error_message: 'no' } });
	await expect(waiting).resolves.toEqual({ statusCode: 400, body: { error_message: 'no' } });
	expect(flying.inFlight('A/2')).toBeUndefined();
	// A flight never answered is forgotten when next asked for after five minutes.
	flying.takeOff('A/3');
	expect(flying.inFlight('A/3')).toBeDefined();
	clock.now += 5 * 60_000 + 1;
	expect(flying.inFlight('A/3')).toBeUndefined();
});
