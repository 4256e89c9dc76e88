import { z } from 'zod';

import type { RequestContext, Route, SandboxEnv, VendorModule } from './context';
import { atsDemoAccounts } from './credentials';
import { route } from './context';
import { HttpError, basicHeader, callOut, sendJson } from './http';
import {
	concurrentOrdersSchema,
	packageListProblems,
	placeOrderSchema,
	providerConfigSchema,
	type fetchPackagesSchema,
	type PlaceOrderInput,
} from './ats-contract';
import {
	isRecord,
	tryJson,
	type AtsOrder,
	type ClientAccount,
	type PackageFetch,
	type WebhookRecord,
} from './ats-model';
import { validateAtsWebhook } from './ats-webhook';

export type { AtsOrder, ClientAccount, PackageFetch, WebhookRecord } from './ats-model';

/**
 * ATS Anywhere (seed 001): here the sandbox is the ATS. It calls the provider's package-list and order URLs with
 * HTTP Basic (account id + API secret) and the seed's payload, and receives the provider's webhooks.
 */
export class AtsVendor implements VendorModule {
	readonly vendor = 'ats' as const;
	readonly routes: Route[];
	provider: { packagesUrl?: string; ordersUrl?: string; accounts: ClientAccount[] };
	private packageFetches: PackageFetch[] = [];
	/** What each client account was last shown by the provider's package list. */
	private packageViews = new Map<string, unknown>();
	private orders = new Map<string, AtsOrder>();
	private ordersByToken = new Map<string, AtsOrder>();
	private webhooks: WebhookRecord[] = [];
	/**
	 * From the wall clock (milliseconds), so a restarted sandbox never repeats an id: the provider side remembers
	 * accepted orders across restarts, as it must for a real ATS, and would take a repeat for a retry.
	 */
	private nextCheckId = Date.now();

	constructor(private readonly env: SandboxEnv) {
		this.routes = [
			route('webhook', 'POST', /^\/webhooks\/(?<token>[^/]+)\/?$/, (ctx) => this.webhook(ctx)),
		];
		this.provider = this.defaultProvider();
	}

	private defaultProvider(): AtsVendor['provider'] {
		return { accounts: atsDemoAccounts(this.env.credentials) };
	}

	reset(): void {
		this.provider = this.defaultProvider();
		this.packageFetches = [];
		this.packageViews = new Map();
		this.orders = new Map();
		this.ordersByToken = new Map();
		this.webhooks = [];
		this.nextCheckId = Math.max(this.nextCheckId, Date.now());
	}

	configureProvider(input: z.infer<typeof providerConfigSchema>): AtsVendor['provider'] {
		const { accountId, apiSecret, accounts, addAccounts, ...urls } =
			providerConfigSchema.parse(input);
		let list = accounts
			? accounts.map((a) => ({ ...a }))
			: this.provider.accounts.map((a) => ({ ...a }));
		if (accountId !== undefined || apiSecret !== undefined) {
			const id = accountId ?? list[0].accountId;
			const secret = apiSecret ?? list.find((a) => a.accountId === id)?.apiSecret;
			if (!secret) throw new HttpError(400, `No apiSecret known for account ${id}`);
			list = [{ accountId: id, apiSecret: secret }, ...list.filter((a) => a.accountId !== id)];
		}
		for (const added of addAccounts ?? []) {
			const existing = list.find((a) => a.accountId === added.accountId);
			if (existing) existing.apiSecret = added.apiSecret;
			else list.push({ ...added });
		}
		this.provider = { ...this.provider, ...urls, accounts: list };
		return this.provider;
	}

	/** The client account that makes a call: the named one, or the default (first). */
	private account(accountId?: string): ClientAccount {
		const account =
			accountId === undefined
				? this.provider.accounts[0]
				: this.provider.accounts.find((a) => a.accountId === accountId);
		if (!account)
			throw new HttpError(
				404,
				`No client account ${accountId} (PUT /_admin/ats/provider with addAccounts)`,
			);
		return account;
	}

	private authHeaders(account: ClientAccount): Record<string, string> {
		return {
			Authorization: basicHeader(account.accountId, account.apiSecret),
			Accept: 'application/json',
		};
	}

	async fetchPackages(input: z.infer<typeof fetchPackagesSchema> = {}): Promise<PackageFetch> {
		if (!this.provider.packagesUrl)
			throw new HttpError(409, 'No provider packagesUrl configured (PUT /_admin/ats/provider)');
		const account = this.account(input.account_id);
		const call = await callOut(
			this.env.clock.iso(),
			'GET',
			this.provider.packagesUrl,
			this.authHeaders(account),
		);
		const body = tryJson(call.responseBody);
		const problems: string[] = [];
		if (call.error) problems.push(`no answer: ${call.error}`);
		else if (call.status !== 200) problems.push(`expected HTTP 200, got ${call.status}`);
		else problems.push(...packageListProblems(body));
		const record: PackageFetch = { accountId: account.accountId, call, body, problems };
		this.packageFetches.push(record);
		if (call.status === 200) this.packageViews.set(account.accountId, body);
		return record;
	}

	/** The seed's order payload, with a fresh background_check_id and a webhook_url pointing back here. */
	buildOrderPayload(input: PlaceOrderInput = {}): {
		payload: Record<string, unknown>;
		token: string;
	} {
		const backgroundCheckId = input.background_check_id ?? String(this.nextCheckId++);
		const token = `${backgroundCheckId}-${this.env.rng.stream('ats').hex(16)}`;
		const payload = {
			account_id: this.account(input.account_id).accountId,
			hiring_manager_user_id: input.hiring_manager_user_id ?? '67890',
			background_check_id: backgroundCheckId,
			package_id: input.package_id ?? 'PKG001',
			add_on_package_ids: input.add_on_package_ids ?? ['DRG02'],
			webhook_url: `${this.env.baseUrl()}/ats/webhooks/${token}`,
			hiring_manager: {
				id: '67890',
				first_name: 'Jill',
				last_name: 'Smith',
				email: 'jill.smith@example.com',
				...input.hiring_manager,
			},
			applicant: {
				id: '12345',
				first_name: 'John',
				last_name: 'Doe',
				phone: '888-555-1234',
				email: 'john.doe@example.com',
				address: '123 Main St.',
				address_2: 'Apt. 1',
				city: 'Springfield',
				state: 'IL',
				zip: '12345',
				...input.applicant,
			},
			job: { id: '12345', ...input.job },
		};
		return { payload, token };
	}

	async placeOrder(input: PlaceOrderInput = {}): Promise<AtsOrder> {
		return (await this.placeOrders(placeOrderSchema.parse(input), 1))[0];
	}

	/**
	 * The same order sent `count` times at the same instant (an ATS retrying after a timeout while
	 * the first is still open): one payload, one background_check_id, `count` concurrent POSTs.
	 */
	async placeConcurrentOrders(input: z.infer<typeof concurrentOrdersSchema>): Promise<AtsOrder[]> {
		const { count, ...order } = concurrentOrdersSchema.parse(input);
		return await this.placeOrders(order, count ?? 2);
	}

	private async placeOrders(input: PlaceOrderInput, count: number): Promise<AtsOrder[]> {
		if (!this.provider.ordersUrl)
			throw new HttpError(409, 'No provider ordersUrl configured (PUT /_admin/ats/provider)');
		const account = this.account(input.account_id);
		const { payload, token } = this.buildOrderPayload(input);
		const sends = Array.from({ length: count }, () => this.sendOrder(account, payload, token));
		return await Promise.all(sends);
	}

	private async sendOrder(
		account: ClientAccount,
		payload: Record<string, unknown>,
		token: string,
	): Promise<AtsOrder> {
		const ordersUrl = this.provider.ordersUrl ?? '';
		// Registered before calling out: a provider may post its status webhook before its 201 arrives here.
		const order: AtsOrder = {
			accountId: account.accountId,
			backgroundCheckId: String(payload.background_check_id),
			webhookToken: token,
			webhookUrl: String(payload.webhook_url),
			payload,
			call: { at: this.env.clock.iso(), method: 'POST', url: ordersUrl, requestHeaders: {} },
			accepted: false,
			problems: [],
			webhooks: [],
		};
		// A duplicate send keeps the first record (and its webhooks) as the order.
		if (!this.ordersByToken.has(token)) {
			this.orders.set(order.backgroundCheckId, order);
			this.ordersByToken.set(token, order);
		}
		const call = await callOut(
			this.env.clock.iso(),
			'POST',
			ordersUrl,
			{ ...this.authHeaders(account), 'Content-Type': 'application/json' },
			JSON.stringify(payload),
		);
		const responseBody = tryJson(call.responseBody);
		if (call.error) order.problems.push(`no answer: ${call.error}`);
		else if (call.status !== 201) {
			order.problems.push(`order not accepted: HTTP ${call.status}`);
			if (!isRecord(responseBody) || typeof responseBody.error_message !== 'string') {
				order.problems.push('a non-201 answer must be JSON with an error_message key');
			}
		}
		order.call = call;
		order.responseBody = responseBody;
		order.accepted = call.status === 201;
		return order;
	}

	sendError(
		ctx: RequestContext,
		status: number,
		message: string,
		headers: Record<string, string> = {},
		body?: unknown,
	): void {
		sendJson(ctx.res, status, body ?? { error_message: message }, headers);
	}

	private async webhook(ctx: RequestContext): Promise<void> {
		const token = ctx.params.token;
		const raw = (await ctx.body()).toString('utf8');
		let body: unknown = raw;
		const errors: string[] = [];
		try {
			body = JSON.parse(raw) as unknown;
		} catch {
			errors.push('body is not valid JSON');
		}
		const order = this.ordersByToken.get(token);
		let httpStatus = 200;
		if (!order) {
			httpStatus = 404;
			errors.push('unknown webhook url');
		} else if (errors.length === 0) {
			errors.push(...validateAtsWebhook(body, order));
			if (errors.length > 0) httpStatus = 400;
		} else {
			httpStatus = 400;
		}
		const record: WebhookRecord = {
			at: this.env.clock.iso(),
			token,
			backgroundCheckId: order?.backgroundCheckId,
			body,
			httpStatus,
			accepted: httpStatus === 200,
			errors,
		};
		this.webhooks.push(record);
		order?.webhooks.push(record);
		if (httpStatus === 200) sendJson(ctx.res, 200, { received: true });
		else sendJson(ctx.res, httpStatus, { error_message: errors.join('; '), errors });
	}

	snapshot() {
		return {
			provider: this.provider,
			packageFetches: this.packageFetches,
			packageViews: Object.fromEntries(this.packageViews),
			orders: [...this.orders.values()],
			webhooks: this.webhooks,
		};
	}
}
