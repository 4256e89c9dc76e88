/**
 * The sandbox's state and request dispatch. The admin API and the demo data are plugged in by server.ts
 * (`SandboxExtensions`), so that admin.ts and demo.ts can use this class without a circle of imports.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { AtsVendor } from './ats';
import { ChoiceVendor } from './choice';
import { Clock } from './clock';
import type { RequestContext, SandboxEnv, VendorModule } from './context';
import { demoCredentials } from './credentials';
import { Faults } from './faults';
import { HttpError, delay, readBody, sendJson, settle } from './http';
import { statusPage } from './page';
import { PageUpVendor } from './pageup';
import { RiqVendor } from './riq';
import { RngStreams } from './rng';
import { TokenStore } from './tokens';

export const HOST = '127.0.0.1';
export const DEFAULT_PORT = 4010;
export const DEFAULT_SEED = 1;
const REQUEST_LOG_LIMIT = 1000;

/** What server.ts plugs in. */
export interface SandboxExtensions {
	/** The admin API under its own path prefix. */
	admin?: {
		prefix: string;
		handle(
			sandbox: Sandbox,
			req: IncomingMessage,
			res: ServerResponse,
			path: string,
			query: URLSearchParams,
		): Promise<void>;
	};
	/** Demo data applied at each reset when demo data is on. */
	applyDemoData?(sandbox: Sandbox): Promise<void>;
}

export interface RequestLogEntry {
	at: string;
	method: string;
	path: string;
	vendor: string;
	route: string;
	status?: number;
	fault?: string;
	latencyMs?: number;
}

/** Vendor path prefixes, all on one port. */
export const VENDOR_PREFIXES = {
	pageup: '/pageup',
	ats: '/ats',
	riq: '/riq',
	choice: '/choice',
} as const;

export class Sandbox {
	readonly clock = new Clock();
	readonly rng: RngStreams;
	readonly faults: Faults;
	readonly tokens: TokenStore;
	readonly pageUp: PageUpVendor;
	readonly ats: AtsVendor;
	readonly riq: RiqVendor;
	readonly choice: ChoiceVendor;
	readonly vendors: Array<{ prefix: string; module: VendorModule }>;
	demoData: boolean;
	requestLog: RequestLogEntry[] = [];
	/** Failures of background work (auto-completion), kept visible instead of lost. */
	backgroundErrors: string[] = [];
	private base = `http://${HOST}:${DEFAULT_PORT}`;
	private ticking: Promise<void> | undefined;

	private readonly extensions: SandboxExtensions;

	constructor(options: { seed?: number; demoData?: boolean; extensions?: SandboxExtensions } = {}) {
		this.extensions = options.extensions ?? {};
		this.rng = new RngStreams(options.seed ?? DEFAULT_SEED);
		this.demoData = options.demoData ?? true;
		this.faults = new Faults(this.rng);
		this.tokens = new TokenStore(this.clock, this.faults);
		const env: SandboxEnv = {
			clock: this.clock,
			rng: this.rng,
			faults: this.faults,
			tokens: this.tokens,
			credentials: demoCredentials,
			baseUrl: () => this.base,
		};
		this.pageUp = new PageUpVendor(env);
		this.ats = new AtsVendor(env);
		this.riq = new RiqVendor(env);
		this.choice = new ChoiceVendor(env);
		this.vendors = [
			{ prefix: VENDOR_PREFIXES.pageup, module: this.pageUp },
			{ prefix: VENDOR_PREFIXES.ats, module: this.ats },
			{ prefix: VENDOR_PREFIXES.riq, module: this.riq },
			{ prefix: VENDOR_PREFIXES.choice, module: this.choice },
		];
	}

	get url(): string {
		return this.base;
	}

	setBaseUrl(url: string): void {
		this.base = url;
	}

	/** Back to a fresh start: state, faults, tokens, clock offset, PRNG streams; demo data again if enabled. */
	async reset(options: { seed?: number; demoData?: boolean } = {}): Promise<void> {
		// Let a running tick finish first; its failure, if any, was already reported to whoever awaited it.
		await settle(async () => await this.ticking);
		if (options.demoData !== undefined) this.demoData = options.demoData;
		this.rng.reseed(options.seed ?? this.rng.seed);
		this.clock.reset();
		this.faults.reset();
		this.tokens.reset();
		for (const { module } of this.vendors) module.reset();
		this.requestLog = [];
		this.backgroundErrors = [];
		if (this.demoData) await this.extensions.applyDemoData?.(this);
	}

	async advance(seconds: number): Promise<void> {
		this.clock.advance(seconds);
		await this.tick();
	}

	/** Completes due RIQ and Choice orders; serialised so a timer tick and an admin advance never overlap. */
	tick(): Promise<void> {
		const run = async () => {
			await this.riq.tick();
			await this.choice.tick();
		};
		const next = (this.ticking ?? Promise.resolve()).then(run, run);
		this.ticking = next;
		return next;
	}

	snapshot() {
		return {
			url: this.base,
			seed: this.rng.seed,
			demoData: this.demoData,
			clock: { now: this.clock.iso(), offsetSeconds: this.clock.offsetSeconds },
			faults: this.faults.snapshot(),
			tokens: this.tokens.snapshot(),
			pageUp: this.pageUp.snapshot(),
			ats: this.ats.snapshot(),
			riq: this.riq.snapshot(),
			choice: this.choice.snapshot(),
			backgroundErrors: this.backgroundErrors,
		};
	}

	async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.base);
		const path = url.pathname;
		const admin = this.extensions.admin;
		if (admin && (path === admin.prefix || path.startsWith(`${admin.prefix}/`))) {
			await admin.handle(this, req, res, path, url.searchParams);
			return;
		}
		const vendor = this.vendors.find(
			({ prefix }) => path === prefix || path.startsWith(`${prefix}/`),
		);
		if (!vendor) {
			// People (a browser) get the status page; programs the JSON index.
			if (path === '/' && (req.headers.accept ?? '').includes('text/html')) {
				res.writeHead(200, {
					'Content-Type': 'text/html; charset=utf-8',
					'Cache-Control': 'no-store',
				});
				res.end(statusPage(this));
				return;
			}
			sendJson(res, path === '/' ? 200 : 404, this.index());
			return;
		}
		const { module } = vendor;
		const rel = path.slice(vendor.prefix.length) || '/';
		let body: Promise<Buffer> | undefined;
		const ctx: RequestContext = {
			req,
			res,
			method: req.method ?? 'GET',
			path: rel,
			query: url.searchParams,
			params: {},
			body: () => (body ??= readBody(req)),
		};
		const candidates = module.routes.filter((route) => route.pattern.test(rel));
		const match = candidates.find((route) => route.method === ctx.method);
		const routeId = match?.id ?? (candidates.length > 0 ? 'method-not-allowed' : 'not-found');

		const entry: RequestLogEntry = {
			at: this.clock.iso(),
			method: ctx.method,
			path,
			vendor: module.vendor,
			route: routeId,
		};
		this.requestLog.push(entry);
		if (this.requestLog.length > REQUEST_LOG_LIMIT) this.requestLog.shift();
		res.on('finish', () => {
			entry.status = res.statusCode;
		});

		const decision = this.faults.decide(module.vendor, routeId, rel);
		if (decision.latencyMs > 0) {
			entry.latencyMs = decision.latencyMs;
			await delay(decision.latencyMs);
		}
		if (decision.action.kind === 'drop') {
			entry.fault = 'drop';
			req.socket.destroy();
			return;
		}
		if (decision.action.kind === 'status') {
			const { status, retryAfterSeconds, reason } = decision.action;
			entry.fault = reason;
			const headers: Record<string, string> = { 'X-Sandbox-Fault': reason };
			if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
			module.sendError(
				ctx,
				status,
				status === 429 ? 'Too many requests' : `Injected fault: HTTP ${status}`,
				headers,
			);
			return;
		}
		if (decision.action.kind === 'applyThenDrop') {
			// The handler runs (its effect is kept), but its answer is never written: the client sees a reset.
			entry.fault = 'apply-then-drop';
			ctx.answerDropped = true;
			const drop = () => {
				req.socket.destroy();
				return res;
			};
			res.writeHead = drop as unknown as typeof res.writeHead;
			res.end = drop as unknown as typeof res.end;
			res.write = (() => true) as unknown as typeof res.write;
			res.setHeader = (() => res) as unknown as typeof res.setHeader;
		}
		if (!match) {
			module.sendError(
				ctx,
				candidates.length > 0 ? 405 : 404,
				candidates.length > 0 ? 'Method not allowed' : `No route ${ctx.method} ${path}`,
			);
			return;
		}
		ctx.params = { ...(match.pattern.exec(rel)?.groups ?? {}) };
		const outcome = await settle(() => match.handle(ctx));
		if (outcome.ok) return;
		const error = outcome.error;
		if (error instanceof HttpError)
			module.sendError(ctx, error.status, error.message, error.headers, error.body);
		else throw error;
	}

	private index(): Record<string, unknown> {
		return {
			name: 'n8n-nodes-background-checks sandbox',
			vendors: Object.fromEntries(
				Object.entries(VENDOR_PREFIXES).map(([vendor, prefix]) => [
					vendor,
					`${this.base}${prefix}`,
				]),
			),
			...(this.extensions.admin ? { admin: `${this.base}${this.extensions.admin.prefix}` } : {}),
		};
	}
}
