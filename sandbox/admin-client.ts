/**
 * The one client of the sandbox's admin API (admin.ts), for tests, benches and scripts. Bodies are typed by the
 * schemas the sandbox validates them with; answers by what the sandbox returns.
 */
import type { z } from 'zod';

import type {
	concurrentOrdersSchema,
	placeOrderSchema,
	providerConfigSchema,
} from './ats-contract';
import type { AtsVendor } from './ats';
import type { choiceSettingsSchema } from './choice-settings';
import type { ChoiceVendor } from './choice';
import type { OutboundCall } from './http';
import type { failNextSchema, faultRuleSchema, Faults, Vendor } from './faults';
import type { PageUpVendor, SeedChecksInput } from './pageup';
import type {
	PostbackRecord,
	RiqDecision,
	riqSettingsSchema,
	seedRiqOrderSchema,
} from './riq/state';
import type { RiqVendor } from './riq/vendor';
import type { RequestLogEntry, Sandbox } from './sandbox';

const ADMIN_PATH = '/_admin';

/** `GET /_admin/state`, as JSON. */
export type SandboxState = ReturnType<Sandbox['snapshot']>;

/** Any answer of the admin API, whatever its status (for tests of the admin API itself). */
export interface AdminAnswer<T = unknown> {
	status: number;
	headers: Headers;
	body: T;
}

export class SandboxAdmin {
	/** `url`: the sandbox's base URL (`http://127.0.0.1:4010`). */
	constructor(readonly url: string) {}

	/**
	 * Any admin route, any status: `request('POST', '/faults', rule)`. The body is loosely typed by default: the
	 * admin API's own tests read many shapes of answer, valid and invalid.
	 */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	async request<T = any>(method: string, route: string, body?: unknown): Promise<AdminAnswer<T>> {
		const response = await fetch(`${this.url}${ADMIN_PATH}${route}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text === '' ? undefined : JSON.parse(text);
		} catch {
			// not JSON: the text itself
		}
		return { status: response.status, headers: response.headers, body: parsed as T };
	}

	/**
	 * Any admin route; the JSON of a 2xx answer. A status in `allow` gives `undefined` (for example 409 "already
	 * complete"); any other status throws with the sandbox's answer.
	 */
	async call<T = unknown>(
		method: string,
		route: string,
		body?: unknown,
		allow: number[] = [],
	): Promise<T> {
		const answer = await this.request<T>(method, route, body);
		if (allow.includes(answer.status)) return undefined as T;
		if (answer.status < 200 || answer.status > 299) {
			const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
			throw new Error(
				`${method} ${ADMIN_PATH}${route}: HTTP ${answer.status} ${text.slice(0, 500)}`,
			);
		}
		return answer.body;
	}

	state(): Promise<SandboxState> {
		return this.call('GET', '/state');
	}

	requests(): Promise<RequestLogEntry[]> {
		return this.call('GET', '/requests');
	}

	reset(
		options: { seed?: number; demoData?: boolean } = {},
	): Promise<{ ok: true; seed: number; demoData: boolean }> {
		return this.call('POST', '/reset', options);
	}

	advanceClock(seconds: number): Promise<{ now: string; offsetSeconds: number }> {
		return this.call('POST', '/clock/advance', { seconds });
	}

	faults(): Promise<ReturnType<Faults['snapshot']>> {
		return this.call('GET', '/faults');
	}

	setFault(rule: z.input<typeof faultRuleSchema>): Promise<unknown> {
		return this.call('POST', '/faults', rule);
	}

	failNext(input: z.input<typeof failNextSchema>): Promise<ReturnType<Faults['snapshot']>> {
		return this.call('POST', '/faults/fail-next', input);
	}

	clearFaults(filter: { vendor?: Vendor; route?: string } = {}): Promise<{ removed: number }> {
		const query = new URLSearchParams(
			Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined),
		).toString();
		return this.call('DELETE', `/faults${query ? `?${query}` : ''}`);
	}

	expireTokens(vendor?: Vendor): Promise<{ expired: number }> {
		return this.call('POST', '/tokens/expire', vendor ? { vendor } : {});
	}

	seedPageUpChecks(
		input: SeedChecksInput = {},
	): Promise<{ checks: ReturnType<PageUpVendor['seedChecks']> }> {
		return this.call('POST', '/pageup/checks', input);
	}

	configureAtsProvider(
		input: z.input<typeof providerConfigSchema>,
	): Promise<AtsVendor['provider']> {
		return this.call('PUT', '/ats/provider', input);
	}

	placeAtsOrder(
		input: z.input<typeof placeOrderSchema> = {},
	): Promise<Awaited<ReturnType<AtsVendor['placeOrder']>>> {
		return this.call('POST', '/ats/orders', input);
	}

	placeConcurrentAtsOrders(
		input: z.input<typeof concurrentOrdersSchema> = {},
	): Promise<Awaited<ReturnType<AtsVendor['placeConcurrentOrders']>>> {
		return this.call('POST', '/ats/orders/concurrent', input);
	}

	seedRiqOrder(input: z.input<typeof seedRiqOrderSchema> = {}): Promise<{ orderId: string }> {
		return this.call('POST', '/riq/orders', input);
	}

	completeRiqOrder(orderId: string, decision?: RiqDecision): Promise<RiqCompletion> {
		return this.call('POST', `/riq/orders/${orderId}/complete`, decision ? { decision } : {});
	}

	configureRiq(
		input: z.input<typeof riqSettingsSchema>,
	): Promise<ReturnType<RiqVendor['configure']>> {
		return this.call('PUT', '/riq/settings', input);
	}

	completeChoiceOrder(orderId: number | string, result?: string): Promise<ChoiceCompletion> {
		return this.call('POST', `/choice/orders/${orderId}/complete`, result ? { result } : {});
	}

	configureChoice(
		input: z.input<typeof choiceSettingsSchema>,
	): Promise<ReturnType<ChoiceVendor['configure']>> {
		return this.call('PUT', '/choice/settings', input);
	}
}

export interface RiqCompletion {
	orderId: string;
	status: string;
	decision: string;
	postbacks: PostbackRecord[];
}

export interface ChoiceCompletion {
	order: ReturnType<ChoiceVendor['responseBody']>;
	callbacks: OutboundCall[];
}

/** The admin client of a sandbox: a base URL, or anything with `url` (a running sandbox). */
export function sandboxAdmin(target: string | { url: string }): SandboxAdmin {
	return new SandboxAdmin((typeof target === 'string' ? target : target.url).replace(/\/+$/, ''));
}
