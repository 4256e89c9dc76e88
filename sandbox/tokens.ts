import { randomBytes } from 'node:crypto';

import type { Clock } from './clock';
import type { Faults, Vendor } from './faults';

export interface TokenRecord {
	token: string;
	vendor: Vendor;
	clientId: string;
	scopes: string[];
	claims: Record<string, string>;
	issuedAt: number;
	expiresAt: number;
	revoked: boolean;
}

/** Opaque bearer tokens for the OAuth2 client-credentials vendors (PageUp, Choice), timed on the sandbox clock. */
export class TokenStore {
	private tokens = new Map<string, TokenRecord>();

	constructor(
		private readonly clock: Clock,
		private readonly faults: Faults,
	) {}

	issue(
		vendor: Vendor,
		clientId: string,
		scopes: string[],
		claims: Record<string, string>,
		defaultTtlSeconds: number,
	): TokenRecord & { expiresIn: number } {
		const ttl = this.faults.tokenTtlSeconds(vendor) ?? defaultTtlSeconds;
		const now = this.clock.now();
		const record: TokenRecord = {
			// Opaque on purpose (not a JWT): clients must not read expiry from the token itself.
			token: randomBytes(24).toString('base64url'),
			vendor,
			clientId,
			scopes,
			claims,
			issuedAt: now,
			expiresAt: now + ttl * 1000,
			revoked: false,
		};
		this.tokens.set(record.token, record);
		return { ...record, expiresIn: ttl };
	}

	/** The live record for a token, or undefined when unknown, revoked, expired, or older than a current TTL fault. */
	check(vendor: Vendor, token: string | undefined): TokenRecord | undefined {
		if (!token) return undefined;
		const record = this.tokens.get(token);
		if (!record || record.vendor !== vendor || record.revoked) return undefined;
		const now = this.clock.now();
		if (now >= record.expiresAt) return undefined;
		const ttlOverride = this.faults.tokenTtlSeconds(vendor);
		if (ttlOverride !== undefined && now >= record.issuedAt + ttlOverride * 1000) return undefined;
		return record;
	}

	expireAll(vendor?: Vendor): number {
		let count = 0;
		for (const record of this.tokens.values()) {
			if (vendor && record.vendor !== vendor) continue;
			if (!record.revoked) count++;
			record.revoked = true;
		}
		return count;
	}

	snapshot(): Array<
		Omit<TokenRecord, 'issuedAt' | 'expiresAt'> & {
			issuedAt: string;
			expiresAt: string;
			live: boolean;
		}
	> {
		return [...this.tokens.values()].map((record) => ({
			...record,
			issuedAt: new Date(record.issuedAt).toISOString(),
			expiresAt: new Date(record.expiresAt).toISOString(),
			live: this.check(record.vendor, record.token) !== undefined,
		}));
	}

	reset(): void {
		this.tokens.clear();
	}
}
