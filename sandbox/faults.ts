import { z } from 'zod';

import type { Rng, RngStreams } from './rng';

export const VENDORS = ['pageup', 'ats', 'riq', 'choice'] as const;
export type Vendor = (typeof VENDORS)[number];

const DEFAULT_ERROR_STATUSES = [500, 502, 503];

export const faultRuleSchema = z
	.object({
		vendor: z.enum(VENDORS),
		/** A route id (see README) or a path prefix starting with "/" relative to the vendor prefix; omitted = whole vendor. */
		route: z.string().min(1).optional(),
		latencyMs: z.number().int().min(0).max(120000).optional(),
		errorRate: z.number().min(0).max(1).optional(),
		errorStatuses: z.array(z.number().int().min(400).max(599)).min(1).optional(),
		rateLimit: z
			.object({
				retryAfterSeconds: z.number().int().min(0),
				/** The next `count` matching requests get 429. */
				count: z.number().int().min(1).optional(),
				/** Each matching request gets 429 with this probability. */
				rate: z.number().min(0).max(1).optional(),
			})
			.strict()
			.refine((value) => value.count !== undefined || value.rate !== undefined, {
				message: 'rateLimit needs count or rate',
			})
			.optional(),
		dropRate: z.number().min(0).max(1).optional(),
		/** The request is processed (its effect applied), then the connection is closed without the answer. */
		applyThenDropRate: z.number().min(0).max(1).optional(),
		tokenTtlSeconds: z.number().int().min(0).optional(),
	})
	.strict();
export type FaultRuleInput = z.infer<typeof faultRuleSchema>;

export const failNextSchema = z
	.object({
		vendor: z.enum(VENDORS),
		route: z.string().min(1).optional(),
		count: z.number().int().min(1),
		/** An HTTP status, "drop" to close the connection without an answer, or "applyThenDrop" to process it first. */
		status: z.union([
			z.number().int().min(100).max(599),
			z.literal('drop'),
			z.literal('applyThenDrop'),
		]),
		retryAfterSeconds: z.number().int().min(0).optional(),
	})
	.strict();
export type FailNextInput = z.infer<typeof failNextSchema>;

export interface FaultStats {
	requests: number;
	dropped: number;
	/** Only on rules that set `applyThenDropRate`. */
	appliedThenDropped?: number;
	rateLimited: number;
	errors: number;
}

interface ActiveRule {
	key: string;
	input: FaultRuleInput;
	rng: Rng;
	rateLimitRemaining: number;
	stats: FaultStats;
}

interface ActiveFailNext {
	input: FailNextInput;
	remaining: number;
}

export type FaultAction =
	| { kind: 'none' }
	| { kind: 'drop' }
	| { kind: 'applyThenDrop' }
	| { kind: 'status'; status: number; retryAfterSeconds?: number; reason: string };

export interface FaultDecision {
	latencyMs: number;
	action: FaultAction;
}

function routeMatches(pattern: string | undefined, routeId: string, relPath: string): boolean {
	if (pattern === undefined || pattern === '*') return true;
	if (pattern.startsWith('/'))
		return (
			relPath === pattern || relPath.startsWith(pattern.endsWith('/') ? pattern : `${pattern}/`)
		);
	return pattern === routeId;
}

/**
 * Fault injection, per vendor and per route. Each rule owns a PRNG stream derived from the sandbox seed and its
 * key, restarted whenever the rule is (re)configured, so the same seed and request sequence give the same faults.
 */
export class Faults {
	private rules = new Map<string, ActiveRule>();
	private failNextQueue: ActiveFailNext[] = [];

	constructor(private readonly rng: RngStreams) {}

	setRule(input: FaultRuleInput): { key: string } {
		const key = `${input.vendor}:${input.route ?? '*'}`;
		this.rules.set(key, {
			key,
			input,
			rng: this.rng.fresh(`fault:${key}`),
			rateLimitRemaining: input.rateLimit?.count ?? 0,
			stats: {
				requests: 0,
				dropped: 0,
				rateLimited: 0,
				errors: 0,
				...(input.applyThenDropRate !== undefined ? { appliedThenDropped: 0 } : {}),
			},
		});
		return { key };
	}

	failNext(input: FailNextInput): void {
		this.failNextQueue.push({ input, remaining: input.count });
	}

	clear(vendor?: Vendor, route?: string): number {
		let removed = 0;
		for (const [key, rule] of this.rules) {
			if (vendor && rule.input.vendor !== vendor) continue;
			if (route !== undefined && rule.input.route !== route) continue;
			this.rules.delete(key);
			removed++;
		}
		const before = this.failNextQueue.length;
		this.failNextQueue = this.failNextQueue.filter(
			(entry) =>
				(vendor !== undefined && entry.input.vendor !== vendor) ||
				(route !== undefined && entry.input.route !== route),
		);
		return removed + before - this.failNextQueue.length;
	}

	/** Token lifetime override for a vendor (the most recently configured rule that sets one). */
	tokenTtlSeconds(vendor: Vendor): number | undefined {
		let ttl: number | undefined;
		for (const rule of this.rules.values()) {
			if (rule.input.vendor === vendor && rule.input.tokenTtlSeconds !== undefined)
				ttl = rule.input.tokenTtlSeconds;
		}
		return ttl;
	}

	decide(vendor: Vendor, routeId: string, relPath: string): FaultDecision {
		const matching = [...this.rules.values()]
			.filter(
				(rule) => rule.input.vendor === vendor && routeMatches(rule.input.route, routeId, relPath),
			)
			// Whole-vendor rules first, then route rules, so the dice order does not depend on insertion order.
			.sort((a, b) => Number(a.input.route !== undefined) - Number(b.input.route !== undefined));
		const latencyMs = matching.reduce((max, rule) => Math.max(max, rule.input.latencyMs ?? 0), 0);

		const queued = this.failNextQueue.find(
			(entry) =>
				entry.remaining > 0 &&
				entry.input.vendor === vendor &&
				routeMatches(entry.input.route, routeId, relPath),
		);
		if (queued) {
			queued.remaining--;
			if (queued.remaining === 0)
				this.failNextQueue = this.failNextQueue.filter((entry) => entry !== queued);
			if (queued.input.status === 'drop') return { latencyMs, action: { kind: 'drop' } };
			if (queued.input.status === 'applyThenDrop')
				return { latencyMs, action: { kind: 'applyThenDrop' } };
			return {
				latencyMs,
				action: {
					kind: 'status',
					status: queued.input.status,
					retryAfterSeconds: queued.input.retryAfterSeconds,
					reason: 'fail-next',
				},
			};
		}

		for (const rule of matching) {
			const action = this.roll(rule);
			if (action.kind !== 'none') return { latencyMs, action };
		}
		return { latencyMs, action: { kind: 'none' } };
	}

	private roll(rule: ActiveRule): FaultAction {
		const { input, rng, stats } = rule;
		stats.requests++;
		if (input.dropRate !== undefined && rng.next() < input.dropRate) {
			stats.dropped++;
			return { kind: 'drop' };
		}
		if (input.applyThenDropRate !== undefined && rng.next() < input.applyThenDropRate) {
			stats.appliedThenDropped = (stats.appliedThenDropped ?? 0) + 1;
			return { kind: 'applyThenDrop' };
		}
		if (input.rateLimit) {
			let limited = false;
			if (rule.rateLimitRemaining > 0) {
				rule.rateLimitRemaining--;
				limited = true;
			} else if (input.rateLimit.rate !== undefined && rng.next() < input.rateLimit.rate) {
				limited = true;
			}
			if (limited) {
				stats.rateLimited++;
				return {
					kind: 'status',
					status: 429,
					retryAfterSeconds: input.rateLimit.retryAfterSeconds,
					reason: 'rate-limit',
				};
			}
		}
		if (input.errorRate !== undefined && rng.next() < input.errorRate) {
			stats.errors++;
			return {
				kind: 'status',
				status: rng.pick(input.errorStatuses ?? DEFAULT_ERROR_STATUSES),
				reason: 'error-rate',
			};
		}
		return { kind: 'none' };
	}

	snapshot(): {
		rules: Array<FaultRuleInput & { key: string; stats: FaultStats }>;
		failNext: Array<FailNextInput & { remaining: number }>;
	} {
		return {
			rules: [...this.rules.values()].map((rule) => ({
				...rule.input,
				key: rule.key,
				stats: { ...rule.stats },
			})),
			failNext: this.failNextQueue.map((entry) => ({ ...entry.input, remaining: entry.remaining })),
		};
	}

	reset(): void {
		this.rules.clear();
		this.failNextQueue = [];
	}
}
