import type { z } from 'zod';

import type { RequestContext, Route, SandboxEnv, VendorModule } from '../context';
import { route } from '../context';
import { callOut, escapeHtml, sendText, settle, settleSync } from '../http';
import type { XmlNode } from '../xml';
import { attr, buildXml, child, parseXml, rootOf, text } from '../xml';
import { RiqRoutes } from './routes';
import {
	outcomeFor,
	RIQ_ERRORS,
	RIQ_PRODUCTS,
	RiqError,
	RiqState,
	seedRiqOrderSchema,
	type reportErrorSchema,
	type RiqDecision,
	type RiqOrder,
	type RiqSettings,
	type riqSettingsSchema,
	type RiqStats,
} from './state';
import { errorPackage, statusPackage, type RiqCall } from './xml';

/**
 * ResidentIQ Partner API (seed 003 and RIQ's newer api-spec): XML in and out over POST, credentials
 * in the root element (echoed back), errors as x:error inside HTTP 200, groups, decisions, letters,
 * statistics, uploads, scoring models, transient report URLs and postbacks when an order becomes
 * ready or fails.
 */
export class RiqVendor implements VendorModule {
	readonly vendor = 'riq' as const;
	readonly routes: Route[];
	private readonly state: RiqState;
	private readonly api: RiqRoutes;

	constructor(private readonly env: SandboxEnv) {
		this.state = new RiqState(env);
		this.api = new RiqRoutes(this.state, env);
		const op = (id: string, path: string, handler: (call: RiqCall) => XmlNode | Promise<XmlNode>) =>
			route(id, 'POST', new RegExp(`^/api/partner${path}/?$`), (ctx) => this.handle(ctx, handler));
		const api = this.api;
		this.routes = [
			op('submit', '', (call) => api.submit(call)),
			op('status', '/status', (call) => api.status(call)),
			op('link', '/link', (call) => api.link(call)),
			op('unlink', '/unlink', (call) => api.unlink(call)),
			op('group-data', '/group-data', (call) => api.groupData(call)),
			op('document/aal', '/document/aal', (call) => api.letters(call)),
			op('packages', '/packages', (call) => api.packages(call)),
			op('decision', '/decision', (call) => api.decision(call)),
			op('decision/group', '/decision/group', (call) => api.groupDecision(call)),
			op('statistics', '/statistics', (call) => api.statistics(call)),
			op('document/upload', '/document/upload', (call) => api.upload(call)),
			op('scoring/models', '/scoring/models', (call) => api.scoringModels(call)),
			route('report', 'GET', /^\/reports\/(?<token>[^/]+)\/?$/, (ctx) => this.report(ctx)),
		];
	}

	get settings(): RiqSettings {
		return this.state.settings;
	}

	reset(): void {
		this.state.reset();
	}

	configure(input: z.infer<typeof riqSettingsSchema>): RiqSettings {
		return this.state.configure(input);
	}

	/** The location's hooks: the sandbox's RIQ answers with the credentials echoed and every outcome as HTTP 200. */
	groupDecision(order: RiqOrder): RiqDecision | null {
		return this.state.groupDecision(order);
	}

	sendError(
		ctx: RequestContext,
		status: number,
		message: string,
		headers: Record<string, string> = {},
	): void {
		sendText(ctx.res, status, message, 'text/plain; charset=utf-8', headers);
	}

	private async handle(
		ctx: RequestContext,
		handler: (call: RiqCall) => XmlNode | Promise<XmlNode>,
	): Promise<void> {
		const raw = (await ctx.body()).toString('utf8');
		const echo: Record<string, string> = {};
		let referenceId: string | undefined;
		const outcome = await settle(async () => {
			const parsed = settleSync(() => parseXml(raw));
			if (!parsed.ok)
				throw new RiqError(
					RIQ_ERRORS.invalidRequest,
					`The request is not valid XML: ${(parsed.error as Error).message}`,
				);
			const root = rootOf(parsed.value);
			if (!root)
				throw new RiqError(RIQ_ERRORS.invalidRequest, 'The request has no XML root element');
			const userId = attr(root.node, 'userId');
			const password = attr(root.node, 'password');
			// RIQ echoes the credentials back on the response root; so do we (clients must strip them).
			if (userId !== undefined) echo['@_userId'] = userId;
			if (password !== undefined) echo['@_password'] = password;
			const pkg = child(root.node, 'BackgroundSearchPackage');
			referenceId = text(pkg, 'ReferenceId');
			const location = userId === undefined ? undefined : this.state.locations.get(userId);
			if (!location || location.password !== password) {
				throw new RiqError(
					RIQ_ERRORS.authentication,
					'Unable to identify the client location: invalid userId or password',
				);
			}
			return await handler({ rootNode: root.node, pkg, userId: userId as string });
		});
		let content: XmlNode;
		if (outcome.ok) content = outcome.value;
		else if (!(outcome.error instanceof RiqError)) throw outcome.error;
		else content = errorPackage(outcome.error, referenceId);
		// Success and failure alike are HTTP 200; the outcome is in the body.
		sendText(
			ctx.res,
			200,
			buildXml({ BackgroundReports: { ...echo, ...content } }),
			'application/xml; charset=utf-8',
		);
	}

	/** The browser page behind a ReportURL: lives reportUrlTtlSeconds (5 min) and reportUrlMaxLoads (2) loads. */
	private async report(ctx: RequestContext): Promise<void> {
		const link = this.state.links.get(ctx.params.token);
		const html = (title: string, body: string) =>
			`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
		if (!link)
			return sendText(ctx.res, 404, html('Report not found', ''), 'text/html; charset=utf-8');
		if (
			this.env.clock.now() >= link.expiresAt ||
			link.loads >= this.state.settings.reportUrlMaxLoads
		) {
			return sendText(
				ctx.res,
				410,
				html(
					'This report link has expired',
					'<p>Request a fresh ReportURL from /api/partner/status.</p>',
				),
				'text/html; charset=utf-8',
			);
		}
		link.loads++;
		const order = this.state.orders.get(link.orderId) as RiqOrder;
		const stats = order.stats as RiqStats;
		const rows = [
			['Report number', order.orderId],
			['Reference', order.referenceId],
			['Applicant', `${order.applicant.givenName} ${order.applicant.familyName}`],
			['SSN', `***-**-${order.ssn.slice(5)}`],
			['Product', order.product],
			['Scoring model', order.scoringModel],
			['Recommended decision', this.state.groupDecision(order) ?? ''],
			['Credit score', stats?.creditScore ?? ''],
			['Evictions', stats?.evictions.length ?? 0],
			['Bankruptcies', stats?.bankruptcies.length ?? 0],
		];
		const table = `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
		sendText(
			ctx.res,
			200,
			html('ResidentIQ Sandbox Screening Report', table),
			'text/html; charset=utf-8',
			{ 'Cache-Control': 'no-store' },
		);
	}

	/** Completes due orders (auto-complete timer on the sandbox clock). */
	async tick(): Promise<void> {
		const now = this.env.clock.now();
		const due = [...this.state.orders.values()].filter(
			(order) => order.status === 'pending' && order.dueAt !== null && order.dueAt <= now,
		);
		await Promise.all(due.map((order) => this.complete(order.orderId)));
	}

	/** pending -> ready, then the postback (awaited, so callers see it recorded). */
	async complete(orderId: string, decision?: RiqDecision): Promise<RiqOrder | undefined> {
		const order = this.state.orders.get(orderId);
		if (!order || order.status !== 'pending') return undefined;
		const outcome = outcomeFor(order.ssn);
		order.status = 'ready';
		order.dueAt = null;
		order.readyAt = this.env.clock.now();
		order.recommendedDecision = decision ?? outcome.decision;
		order.stats = outcome.stats;
		await this.postback(order);
		return order;
	}

	/** pending -> error (x:error with the report's OrderId and an ErrorReport), then the postback. */
	async fail(
		orderId: string,
		error: z.output<typeof reportErrorSchema>,
	): Promise<RiqOrder | undefined> {
		const order = this.state.orders.get(orderId);
		if (!order || order.status !== 'pending') return undefined;
		order.status = 'error';
		order.dueAt = null;
		order.error = { code: error.code, description: error.description };
		await this.postback(order);
		return order;
	}

	private async postback(order: RiqOrder): Promise<void> {
		if (!order.postbackUrl) return;
		// No client-location credentials in the postback: it goes to a partner URL. The order's own postback pair is
		// echoed back (TazWorks style) unless turned off.
		const pkg = statusPackage(this.state, order, 'full');
		const settings = this.state.settings;
		const pair = ['x:postback_userId', 'x:postback_password'].flatMap((type) =>
			(order.additionalItems[type] ?? [])
				.slice(0, 1)
				.map((value) => ({ '@_type': type, Text: value })),
		);
		if (settings.echoPostbackPair && pair.length) pkg.AdditionalItems = pair;
		const xml = buildXml({ BackgroundReports: { BackgroundReportPackage: pkg } });
		const format = settings.postbackFormat;
		const body =
			format === 'form' ? new URLSearchParams({ [settings.postbackField]: xml }).toString() : xml;
		const contentType =
			format === 'form' ? 'application/x-www-form-urlencoded' : 'application/xml; charset=utf-8';
		// A postback URL may carry user:password@. By default it is dropped, as an HTTP client that does not turn it
		// into a header would; with postbackUserinfo "basic" it is sent as HTTP Basic.
		const target = new URL(order.postbackUrl);
		const headers: Record<string, string> = { 'Content-Type': contentType };
		if ((target.username || target.password) && settings.postbackUserinfo === 'basic') {
			const user = decodeURIComponent(target.username);
			const password = decodeURIComponent(target.password);
			headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
		}
		target.username = '';
		target.password = '';
		const call = await callOut(this.env.clock.iso(), 'POST', target.toString(), headers, body);
		order.postbacks.push({ ...call, format, orderStatus: `x:${order.status}` });
	}

	/** Admin/demo: an order without the XML round trip, optionally back-dated and already ready (or failed). */
	async seedOrder(input: z.input<typeof seedRiqOrderSchema>): Promise<RiqOrder> {
		const parsed = seedRiqOrderSchema.parse(input);
		const demo = this.env.credentials.residentIq;
		const order = this.state.createOrder({
			userId: demo.userId,
			referenceId: parsed.referenceId ?? `SANDBOX-${this.state.nextOrderId}`,
			product: parsed.product ?? RIQ_PRODUCTS[1],
			ssn: parsed.ssn,
			applicant: {
				givenName: parsed.givenName,
				middleName: '',
				familyName: parsed.familyName,
				dateOfBirth: null,
			},
			postbackUrl: parsed.postbackUrl ?? null,
			additionalItems: {},
			documents: [],
			createdAt: this.env.clock.now() - parsed.createdDaysAgo * 86400000,
		});
		if (parsed.error) await this.fail(order.orderId, parsed.error);
		else if (parsed.ready) await this.complete(order.orderId, parsed.decision);
		return order;
	}

	getOrder(orderId: string): RiqOrder | undefined {
		return this.state.orders.get(orderId);
	}

	snapshot() {
		const state = this.state;
		return {
			settings: state.settings,
			products: Object.fromEntries(
				[...state.locations].map(([userId, location]) => [userId, location.products]),
			),
			orders: [...state.orders.values()].map((order) => ({
				...order,
				// The full SSN stays inside the sandbox; the state dump shows the last four like a report would.
				ssn: `*****${order.ssn.slice(5)}`,
				createdAt: new Date(order.createdAt).toISOString(),
				dueAt: order.dueAt === null ? null : new Date(order.dueAt).toISOString(),
				readyAt: order.readyAt === null ? null : new Date(order.readyAt).toISOString(),
				groupDecision: state.groupDecision(order),
				letters: order.letters.map((letter) => ({
					name: letter.name,
					bytes: Buffer.from(letter.content, 'base64').length,
				})),
			})),
			groups: Object.fromEntries([...state.groups].map(([id, members]) => [id, [...members]])),
		};
	}
}
