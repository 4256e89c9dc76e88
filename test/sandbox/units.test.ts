import { Faults } from '../../sandbox/faults';
import { fuzzySerialize, stripFuzz } from '../../sandbox/fuzzy';
import { Rng, RngStreams, mulberry32 } from '../../sandbox/rng';
import { isGuid, objectsIn } from './helpers';

describe('sandbox building blocks', () => {
	it('mulberry32 repeats under a seed and differs across seeds', () => {
		const a = mulberry32(123);
		const b = mulberry32(123);
		const c = mulberry32(124);
		const seqA = [a(), a(), a()];
		expect([b(), b(), b()]).toEqual(seqA);
		expect([c(), c(), c()]).not.toEqual(seqA);
		for (const value of seqA) expect(value).toBeGreaterThanOrEqual(0);
	});

	it('named streams are independent', () => {
		const streams = new RngStreams(1);
		const alone = new RngStreams(1).stream('faults').next();
		streams.stream('fuzzy').next();
		streams.stream('fuzzy').next();
		expect(streams.stream('faults').next()).toBe(alone);
	});

	it('fuzzySerialize adds one GUID pair per object, keeps the values, and stripFuzz undoes it', () => {
		const value = { a: 1, b: { c: [{ d: 'x' }, { e: null }] }, f: [1, 2] };
		const fuzzed = fuzzySerialize(value, new Rng(9));
		for (const object of objectsIn(fuzzed)) {
			const keys = Object.keys(object).filter(isGuid);
			expect(keys).toHaveLength(1);
			expect(isGuid(object[keys[0]])).toBe(true);
		}
		expect(stripFuzz(fuzzed)).toEqual(value);
		expect(fuzzySerialize([1, 'a', null], new Rng(9))).toEqual([1, 'a', null]);
	});

	it('fault dice repeat exactly when the rule is set again under the same seed', () => {
		const run = (seed: number) => {
			const faults = new Faults(new RngStreams(seed));
			faults.setRule({ vendor: 'riq', errorRate: 0.3, dropRate: 0.1 });
			return Array.from({ length: 50 }, () =>
				JSON.stringify(faults.decide('riq', 'status', '/api/partner/status').action),
			);
		};
		expect(run(3)).toEqual(run(3));
		expect(run(3)).not.toEqual(run(4));
	});
});
