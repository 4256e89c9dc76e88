import type { OutboundCall } from './http';

export interface ClientAccount {
	accountId: string;
	apiSecret: string;
}

export interface PackageFetch {
	accountId: string;
	call: OutboundCall;
	body?: unknown;
	/** Where the provider's answer departs from the seed's package-list contract. */
	problems: string[];
}

export interface WebhookRecord {
	at: string;
	token: string;
	backgroundCheckId?: string;
	body: unknown;
	httpStatus: number;
	accepted: boolean;
	errors: string[];
}

export interface AtsOrder {
	accountId: string;
	backgroundCheckId: string;
	webhookToken: string;
	webhookUrl: string;
	payload: Record<string, unknown>;
	call: OutboundCall;
	responseBody?: unknown;
	/** The seed expects 201; anything else must carry error_message. */
	accepted: boolean;
	problems: string[];
	webhooks: WebhookRecord[];
}

export function tryJson(text: string | undefined): unknown {
	if (text === undefined || text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
