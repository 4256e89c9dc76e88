import { z } from 'zod';

import { choiceAuthenticate, choiceToken } from './choice-auth';
import { packageList } from './choice-catalog';
import { orderItemsOf, type ChoiceOrder, type ChoiceOrderItem } from './choice-model';
import { NOT_FOUND_PAGE, consentPage, reportPage } from './choice-pages';
import {
	CHOICE_DEFAULT_PATHS,
	choiceSettingsSchema,
	pathPattern,
	type CallbackAuth,
	type ChoicePaths,
} from './choice-settings';
import { validateOrder } from './choice-validation';
import type { RequestContext, Route, SandboxEnv, VendorModule } from './context';
import { route } from './context';
import { HttpError, callOut, parseJsonBody, sendJson, sendText } from './http';

export { CHOICE_DEFAULT_PATHS, choiceSettingsSchema, type ChoicePaths } from './choice-settings';

export { CHOICE_TOKEN_TTL_SECONDS } from './choice-settings';

export type { ChoiceOrder, ChoiceOrderItem, ChoiceStatus } from './choice-model';

/**
 * Choice Screening (seed 004 + public docs): OAuth2 client credentials or an API key header, ping, packages,
 * order with the seed's validation, status, HTML report, and the order response POSTed to returnUrl on completion.
 * Paths are our assumptions (not public); see README.
 */
export class ChoiceVendor implements VendorModule {
	readonly vendor = 'choice' as const;
	routes: Route[] = [];
	autoCompleteSeconds: number | null = 30;
	paths: ChoicePaths = { ...CHOICE_DEFAULT_PATHS };
	callbackAuth: CallbackAuth = 'basic';
	statusField = 'status';
	private orders = new Map<number, ChoiceOrder>();
	private nextId = 1000001;

	constructor(private readonly env: SandboxEnv) {
		this.buildRoutes();
	}

	/** The routes for the current paths (the token and consent pages are not part of the API paths). */
	private buildRoutes(): void {
		const p = this.paths;
		this.routes = [
			route('token', 'POST', /^\/connect\/token\/?$/, (ctx) => choiceToken(this.env, ctx)),
			route('ping', 'GET', pathPattern(p.ping), (ctx) => this.ping(ctx)),
			route('packages', 'GET', pathPattern(p.packages), (ctx) => this.packages(ctx)),
			route('order', 'POST', pathPattern(p.order), (ctx) => this.order(ctx)),
			route('order-status', 'GET', pathPattern(p.orderStatus), (ctx) => this.orderStatus(ctx)),
			route('report', 'GET', pathPattern(p.orderReport), (ctx) => this.report(ctx)),
			route('consent', 'GET', /^\/consent\/(?<id>[^/]+)\/?$/, (ctx) => this.consentPage(ctx)),
		];
	}

	reset(): void {
		this.autoCompleteSeconds = 30;
		this.paths = { ...CHOICE_DEFAULT_PATHS };
		this.callbackAuth = 'basic';
		this.statusField = 'status';
		this.buildRoutes();
		this.orders = new Map();
		this.nextId = 1000001;
	}

	configure(input: z.infer<typeof choiceSettingsSchema>): {
		autoCompleteSeconds: number | null;
		paths: ChoicePaths;
		callbackAuth: CallbackAuth;
	} {
		const parsed = choiceSettingsSchema.parse(input);
		if (parsed.autoCompleteSeconds !== undefined)
			this.autoCompleteSeconds = parsed.autoCompleteSeconds;
		if (parsed.paths) {
			this.paths = {
				...this.paths,
				...(Object.fromEntries(
					Object.entries(parsed.paths).filter(([, v]) => v),
				) as Partial<ChoicePaths>),
			};
			this.buildRoutes();
		}
		if (parsed.callbackAuth !== undefined) this.callbackAuth = parsed.callbackAuth;
		if (parsed.statusField !== undefined) this.statusField = parsed.statusField;
		return {
			autoCompleteSeconds: this.autoCompleteSeconds,
			paths: this.paths,
			callbackAuth: this.callbackAuth,
		};
	}

	/** The headers that authenticate a callback, as arranged with the client. */
	private callbackHeaders(): Record<string, string> {
		const demo = this.env.credentials.choiceScreening;
		if (this.callbackAuth === 'none') return {};
		if (this.callbackAuth === 'basic') {
			const token = Buffer.from(`${demo.callbackUser}:${demo.callbackPassword}`).toString('base64');
			return { Authorization: `Basic ${token}` };
		}
		return { [this.callbackAuth.header]: this.callbackAuth.value };
	}

	sendError(
		ctx: RequestContext,
		status: number,
		message: string,
		headers: Record<string, string> = {},
		body?: unknown,
	): void {
		// A path the API does not have gets the web server's HTML page (as an IIS-hosted API answers), not an API error.
		if (status === 404 && body === undefined && message.startsWith('No route')) {
			sendText(ctx.res, 404, NOT_FOUND_PAGE, 'text/html; charset=utf-8', headers);
			return;
		}
		sendJson(
			ctx.res,
			status,
			body ??
				(ctx.path.startsWith('/connect/')
					? { error: 'server_error', error_description: message }
					: { message }),
			headers,
		);
	}

	private async ping(ctx: RequestContext): Promise<void> {
		const via = choiceAuthenticate(this.env, ctx);
		sendJson(ctx.res, 200, {
			message: 'pong',
			authenticatedBy: via,
			serverTime: this.env.clock.iso(),
		});
	}

	private async packages(ctx: RequestContext): Promise<void> {
		choiceAuthenticate(this.env, ctx);
		sendJson(ctx.res, 200, packageList());
	}

	private async order(ctx: RequestContext): Promise<void> {
		choiceAuthenticate(this.env, ctx);
		const body = parseJsonBody(await ctx.body());
		const { errors, value } = validateOrder(body, (id) => this.orders.has(id));
		if (!value)
			throw new HttpError(400, 'The order request is invalid.', {
				message: 'The order request is invalid.',
				errors,
			});
		const input = value.order;
		const items: ChoiceOrderItem[] = orderItemsOf(input);
		const verificationTypes = [...new Set(value.products.flatMap((p) => p.verifications))];
		let order: ChoiceOrder;
		if (input.isNew === false) {
			order = this.orders.get(input.id as number) as ChoiceOrder;
			if (order.status === 'Complete') {
				throw new HttpError(400, 'The order request is invalid.', {
					message: 'The order request is invalid.',
					errors: [{ field: 'order.id', message: `order ${order.id} is already complete` }],
				});
			}
			order.items.push(...items);
			order.verificationTypes = [...new Set([...order.verificationTypes, ...verificationTypes])];
			order.requests.push(body);
		} else {
			const applicant = input.applicant as Record<string, unknown>;
			const id = this.nextId++;
			order = {
				id,
				trackingId:
					typeof input.trackingId === 'string' && input.trackingId !== ''
						? input.trackingId
						: `CS-${id}`,
				status: input.isConsent ? 'Awaiting Applicant' : 'In Progress',
				result: null,
				isConsent: input.isConsent as boolean,
				isNotifyOnComplete: input.isNotifyOnComplete === true,
				returnUrl:
					typeof input.returnUrl === 'string' && input.returnUrl !== '' ? input.returnUrl : null,
				applicant: {
					firstName: String(applicant.firstName),
					middleName: typeof applicant.middleName === 'string' ? applicant.middleName : '',
					lastName: String(applicant.lastName),
				},
				items,
				verificationTypes,
				createdAt: this.env.clock.now(),
				completedAt: null,
				dueAt:
					this.autoCompleteSeconds === null
						? null
						: this.env.clock.now() + this.autoCompleteSeconds * 1000,
				requests: [body],
				callbacks: [],
			};
			this.orders.set(id, order);
		}
		sendJson(ctx.res, 200, this.responseBody(order));
	}

	private find(ctx: RequestContext): ChoiceOrder {
		const order = this.orders.get(Number(ctx.params.id));
		if (!order) throw new HttpError(404, `Order ${ctx.params.id} was not found`);
		return order;
	}

	private async orderStatus(ctx: RequestContext): Promise<void> {
		choiceAuthenticate(this.env, ctx);
		sendJson(ctx.res, 200, this.responseBody(this.find(ctx)));
	}

	private async report(ctx: RequestContext): Promise<void> {
		choiceAuthenticate(this.env, ctx);
		sendText(ctx.res, 200, reportPage(this.find(ctx)), 'text/html; charset=utf-8');
	}

	/** Stand-in for Choice's hosted consent form (isConsent: true); completing the order is done via the admin API. */
	private async consentPage(ctx: RequestContext): Promise<void> {
		sendText(ctx.res, 200, consentPage(this.find(ctx)), 'text/html; charset=utf-8');
	}

	/** The "order response body": what POST/GET order return and what returnUrl receives. */
	responseBody(order: ChoiceOrder): Record<string, unknown> {
		return {
			id: order.id,
			trackingId: order.trackingId,
			[this.statusField]: order.status,
			result: order.result,
			isConsent: order.isConsent,
			isNotifyOnComplete: order.isNotifyOnComplete,
			consentUrl: order.isConsent ? `${this.env.baseUrl()}/choice/consent/${order.id}` : null,
			returnUrl: order.returnUrl,
			applicant: order.applicant,
			items: order.items,
			reportUrl: `${this.env.baseUrl()}/choice${this.paths.orderReport.replace('{id}', String(order.id))}`,
			createdDate: new Date(order.createdAt).toISOString(),
			completedDate: order.completedAt === null ? null : new Date(order.completedAt).toISOString(),
		};
	}

	async tick(): Promise<void> {
		const now = this.env.clock.now();
		const due = [...this.orders.values()].filter(
			(order) => order.status !== 'Complete' && order.dueAt !== null && order.dueAt <= now,
		);
		await Promise.all(due.map((order) => this.complete(order.id)));
	}

	/** Completes an order (all items get `result`) and POSTs the order response body to returnUrl, awaited. */
	async complete(id: number, result = 'Clear'): Promise<ChoiceOrder | undefined> {
		const order = this.orders.get(id);
		if (!order || order.status === 'Complete') return undefined;
		order.status = 'Complete';
		order.result = result;
		order.completedAt = this.env.clock.now();
		order.dueAt = null;
		for (const item of order.items) {
			item.status = 'Complete';
			item.result = result;
		}
		if (order.returnUrl) {
			const call = await callOut(
				this.env.clock.iso(),
				'POST',
				order.returnUrl,
				{ 'Content-Type': 'application/json', ...this.callbackHeaders() },
				JSON.stringify(this.responseBody(order)),
			);
			order.callbacks.push(call);
		}
		return order;
	}

	getOrder(id: number): ChoiceOrder | undefined {
		return this.orders.get(id);
	}

	snapshot() {
		return {
			settings: {
				autoCompleteSeconds: this.autoCompleteSeconds,
				paths: this.paths,
				callbackAuth: this.callbackAuth,
			},
			orders: [...this.orders.values()].map((order) => ({
				...this.responseBody(order),
				verificationTypes: order.verificationTypes,
				dueAt: order.dueAt === null ? null : new Date(order.dueAt).toISOString(),
				requests: order.requests,
				callbacks: order.callbacks,
			})),
		};
	}
}
