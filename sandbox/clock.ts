/**
 * Injectable clock: real time plus an offset that the admin API can push forward, so token expiry,
 * 5-minute report links and order completion are testable without waiting.
 */
export class Clock {
	private offsetMs = 0;

	now(): number {
		return Date.now() + this.offsetMs;
	}

	iso(): string {
		return new Date(this.now()).toISOString();
	}

	get offsetSeconds(): number {
		return this.offsetMs / 1000;
	}

	advance(seconds: number): void {
		this.offsetMs += seconds * 1000;
	}

	reset(): void {
		this.offsetMs = 0;
	}
}
