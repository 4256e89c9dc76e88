/**
 * Seeded pseudo-random numbers. Every random choice the sandbox makes (fuzzy keys, fault dice, generated
 * demo data) draws from a named stream derived from one seed, so a failing test can be rerun exactly.
 */

/** mulberry32: tiny, fast, good enough for test dice; not for secrets. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a, to turn "seed:stream-name" into a 32-bit stream seed. */
export function hashString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export class Rng {
	private readonly draw: () => number;

	constructor(seed: number) {
		this.draw = mulberry32(seed);
	}

	next(): number {
		return this.draw();
	}

	int(min: number, maxInclusive: number): number {
		return min + Math.floor(this.next() * (maxInclusive - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	hex(length: number): string {
		let out = '';
		for (let i = 0; i < length; i++) out += Math.floor(this.next() * 16).toString(16);
		return out;
	}

	/** RFC 4122 version-4 shaped GUID. */
	guid(): string {
		const variant = '89ab'[Math.floor(this.next() * 4)];
		return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
	}

	/** Fisher-Yates on a copy. */
	shuffle<T>(items: readonly T[]): T[] {
		const copy = items.slice();
		for (let i = copy.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[copy[i], copy[j]] = [copy[j], copy[i]];
		}
		return copy;
	}
}

/** Independent streams per purpose, so adding a fuzzy response does not shift the fault dice. */
export class RngStreams {
	private readonly streams = new Map<string, Rng>();

	constructor(private seedValue: number) {}

	get seed(): number {
		return this.seedValue;
	}

	stream(name: string): Rng {
		let rng = this.streams.get(name);
		if (!rng) {
			rng = this.fresh(name);
			this.streams.set(name, rng);
		}
		return rng;
	}

	/** A new generator for `name`, restarted from the beginning of its sequence. */
	fresh(name: string): Rng {
		return new Rng(hashString(`${this.seedValue}:${name}`));
	}

	reseed(seed: number): void {
		this.seedValue = seed;
		this.streams.clear();
	}
}
