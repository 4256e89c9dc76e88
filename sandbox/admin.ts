import type { IncomingMessage, ServerResponse } from 'node:http';

import { z } from 'zod';

import {
	concurrentOrdersSchema,
	fetchPackagesSchema,
	placeOrderSchema,
	providerConfigSchema,
} from './ats-contract';
import { choiceSettingsSchema } from './choice';
import { VENDORS, failNextSchema, faultRuleSchema } from './faults';
import { REPEAT_REFUSALS } from './pageup-put';
import { HttpError, parseJsonBody, readBody, sendJson, settle } from './http';
import { pageUpClientSchema, seedChecksSchema } from './pageup';
import { reportErrorSchema, RIQ_DECISIONS, riqSettingsSchema, seedRiqOrderSchema } from './riq';
import type { Sandbox } from './sandbox';

export const ADMIN_PREFIX = '/_admin';

const resetSchema = z
	.object({ seed: z.number().int().optional(), demoData: z.boolean().optional() })
	.strict();
const seedSchema = z.object({ seed: z.number().int() }).strict();
const advanceSchema = z.object({ seconds: z.number().min(0) }).strict();
const vendorSchema = z.object({ vendor: z.enum(VENDORS).optional() }).strict();
const tenantSchema = z.object({ tenantId: z.string().min(1) }).strict();
const pageUpSettingsSchema = z
	.object({
		fuzzy: z.boolean().optional(),
		rejectRepeatedStatus: z.boolean().optional(),
		listIdKey: z.enum(['id', 'ID', 'Id']).optional(),
		listWrapper: z.string().min(1).nullable().optional(),
		repeatRefusal: z.enum(REPEAT_REFUSALS).optional(),
	})
	.strict();
const riqCompleteSchema = z.object({ decision: z.enum(RIQ_DECISIONS).optional() }).strict();
const choiceCompleteSchema = z.object({ result: z.string().min(1).optional() }).strict();

interface AdminRoute {
	method: string;
	pattern: RegExp;
	summary: string;
	handle(
		sandbox: Sandbox,
		body: unknown,
		params: Record<string, string>,
		query: URLSearchParams,
	): Promise<unknown> | unknown;
}

const r = (
	method: string,
	path: string,
	summary: string,
	handle: AdminRoute['handle'],
): AdminRoute => ({
	method,
	pattern: new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}/?$`),
	summary: `${method} ${ADMIN_PREFIX}${path} - ${summary}`,
	handle,
});

/** Admin API (JSON in, JSON out) for tests, demos and fault injection. Not part of any vendor's surface. */
export const ADMIN_ROUTES: AdminRoute[] = [
	r('GET', '', 'this list', () => ({ routes: ADMIN_ROUTES.map((route) => route.summary) })),
	r('GET', '/state', 'full state of every vendor, faults, clock, tokens', (sb) => sb.snapshot()),
	r(
		'GET',
		'/requests',
		'request log (latest 1000): vendor, route id, status, injected fault',
		(sb) => sb.requestLog,
	),
	r(
		'POST',
		'/reset',
		'clear all state, faults, clock offset; body {seed?, demoData?}',
		async (sb, body) => {
			await sb.reset(resetSchema.parse(body ?? {}));
			return { ok: true, seed: sb.rng.seed, demoData: sb.demoData };
		},
	),
	r('POST', '/seed', 'restart every PRNG stream from {seed}', (sb, body) => {
		sb.rng.reseed(seedSchema.parse(body).seed);
		return { seed: sb.rng.seed };
	}),
	r('GET', '/clock', 'sandbox time', (sb) => ({
		now: sb.clock.iso(),
		offsetSeconds: sb.clock.offsetSeconds,
	})),
	r(
		'POST',
		'/clock/advance',
		'move sandbox time forward {seconds}; due orders complete before the answer',
		async (sb, body) => {
			await sb.advance(advanceSchema.parse(body).seconds);
			return { now: sb.clock.iso(), offsetSeconds: sb.clock.offsetSeconds };
		},
	),
	r('GET', '/faults', 'fault rules with hit counters, and pending fail-next entries', (sb) =>
		sb.faults.snapshot(),
	),
	r('POST', '/faults', 'set (upsert by vendor+route) a fault rule', (sb, body) =>
		sb.faults.setRule(faultRuleSchema.parse(body)),
	),
	r(
		'POST',
		'/faults/fail-next',
		'fail the next {count} requests of {vendor, route?} with {status} or "drop"',
		(sb, body) => {
			sb.faults.failNext(failNextSchema.parse(body));
			return sb.faults.snapshot();
		},
	),
	r(
		'DELETE',
		'/faults',
		'remove fault rules and fail-next entries (?vendor=&route= to narrow)',
		(sb, _body, _params, query) => {
			const vendor = query.get('vendor') ?? undefined;
			const parsed = vendorSchema.parse({ vendor });
			return { removed: sb.faults.clear(parsed.vendor, query.get('route') ?? undefined) };
		},
	),
	r(
		'POST',
		'/tokens/expire',
		'revoke every issued token now (optionally {vendor})',
		(sb, body) => ({
			expired: sb.tokens.expireAll(vendorSchema.parse(body ?? {}).vendor),
		}),
	),
	r(
		'POST',
		'/pageup/checks',
		'create checks {tenantId?, provider?, count?, status?, packageCode?, applicant?}',
		(sb, body) => ({
			checks: sb.pageUp.seedChecks(seedChecksSchema.parse(body ?? {})),
		}),
	),
	r('POST', '/pageup/tenants', 'register an (empty) tenant {tenantId}', (sb, body) => {
		sb.pageUp.addTenant(tenantSchema.parse(body).tenantId);
		return { ok: true };
	}),
	r(
		'POST',
		'/pageup/clients',
		'add an OAuth client {clientId, clientSecret, instanceId, provider?, scopes?}',
		(sb, body) => {
			const client = pageUpClientSchema.parse(body);
			sb.pageUp.addClient(client);
			return client;
		},
	),
	r(
		'PUT',
		'/pageup/settings',
		'switch the fuzzy serializer {fuzzy?}, refuse a PUT repeating the current status {rejectRepeatedStatus?}, worded {repeatRefusal?: already|bare400|emptyJson400|conflict409|unprocessable422|bothStatuses}, name the list id field {listIdKey?: id|ID|Id}, wrap the list {listWrapper?: name|null}',
		(sb, body) => {
			const settings = pageUpSettingsSchema.parse(body);
			if (settings.fuzzy !== undefined) sb.pageUp.fuzzy = settings.fuzzy;
			if (settings.rejectRepeatedStatus !== undefined)
				sb.pageUp.rejectRepeatedStatus = settings.rejectRepeatedStatus;
			if (settings.listIdKey !== undefined) sb.pageUp.listIdKey = settings.listIdKey;
			if (settings.listWrapper !== undefined) sb.pageUp.listWrapper = settings.listWrapper;
			if (settings.repeatRefusal !== undefined) sb.pageUp.repeatRefusal = settings.repeatRefusal;
			return {
				fuzzy: sb.pageUp.fuzzy,
				rejectRepeatedStatus: sb.pageUp.rejectRepeatedStatus,
				repeatRefusal: sb.pageUp.repeatRefusal,
				listIdKey: sb.pageUp.listIdKey,
				listWrapper: sb.pageUp.listWrapper,
			};
		},
	),
	r(
		'PUT',
		'/ats/provider',
		'configure the provider the ATS calls {packagesUrl?, ordersUrl?, accountId?, apiSecret?, accounts?, addAccounts?}',
		(sb, body) => sb.ats.configureProvider(providerConfigSchema.parse(body)),
	),
	r(
		'POST',
		'/ats/fetch-packages',
		"GET the provider's package list as a client account {account_id?} and record the answer",
		(sb, body) => sb.ats.fetchPackages(fetchPackagesSchema.parse(body ?? {})),
	),
	r(
		'POST',
		'/ats/orders',
		"POST the seed's order payload to the provider (overrides optional) and record the answer",
		(sb, body) => sb.ats.placeOrder(placeOrderSchema.parse(body ?? {})),
	),
	r(
		'POST',
		'/ats/orders/concurrent',
		'POST the same order {count?: 2, ...order} several times at the same instant; every answer',
		(sb, body) => sb.ats.placeConcurrentOrders(concurrentOrdersSchema.parse(body ?? {})),
	),
	r(
		'POST',
		'/riq/orders',
		'create an RIQ order directly {ssn?, product?, referenceId?, createdDaysAgo?, ready?, decision?, postbackUrl?, error?}',
		async (sb, body) => {
			const order = await sb.riq.seedOrder(seedRiqOrderSchema.parse(body ?? {}));
			return { orderId: order.orderId };
		},
	),
	r(
		'POST',
		'/riq/orders/{id}/complete',
		'pending -> ready now (postback sent before the answer) {decision?}',
		async (sb, body, params) => {
			const { decision } = riqCompleteSchema.parse(body ?? {});
			if (!sb.riq.getOrder(params.id)) throw new HttpError(404, `RIQ order ${params.id} not found`);
			const order = await sb.riq.complete(params.id, decision);
			if (!order) throw new HttpError(409, `RIQ order ${params.id} is already ready`);
			return {
				orderId: order.orderId,
				status: order.status,
				decision: order.recommendedDecision,
				postbacks: order.postbacks,
			};
		},
	),
	r(
		'POST',
		'/riq/orders/{id}/fail',
		'pending -> x:error now: the report failed in screening (postback sent) {code?, description?}',
		async (sb, body, params) => {
			const error = reportErrorSchema.parse(body ?? {});
			if (!sb.riq.getOrder(params.id)) throw new HttpError(404, `RIQ order ${params.id} not found`);
			const order = await sb.riq.fail(params.id, error);
			if (!order) throw new HttpError(409, `RIQ order ${params.id} is not pending`);
			return {
				orderId: order.orderId,
				status: order.status,
				error: order.error,
				postbacks: order.postbacks,
			};
		},
	),
	r(
		'PUT',
		'/riq/settings',
		'postbackFormat form|xml, postbackField, autoCompleteSeconds, reportUrlTtlSeconds, reportUrlMaxLoads, strictTestSsns, postbackUserinfo drop|basic, echoPostbackPair',
		(sb, body) => sb.riq.configure(riqSettingsSchema.parse(body)),
	),
	r(
		'POST',
		'/choice/orders/{id}/complete',
		'complete now (returnUrl POSTed before the answer) {result?}',
		async (sb, body, params) => {
			const { result } = choiceCompleteSchema.parse(body ?? {});
			const id = Number(params.id);
			if (!sb.choice.getOrder(id)) throw new HttpError(404, `Choice order ${params.id} not found`);
			const order = await sb.choice.complete(id, result);
			if (!order) throw new HttpError(409, `Choice order ${params.id} is already complete`);
			return { order: sb.choice.responseBody(order), callbacks: order.callbacks };
		},
	),
	r(
		'PUT',
		'/choice/settings',
		'autoCompleteSeconds (null = only on demand), paths {ping,packages,order,orderStatus,orderReport}, callbackAuth (basic|none|{header,value})',
		(sb, body) => sb.choice.configure(choiceSettingsSchema.parse(body)),
	),
];

export async function handleAdmin(
	sandbox: Sandbox,
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	query: URLSearchParams,
): Promise<void> {
	const rel = path.slice(ADMIN_PREFIX.length);
	const candidates = ADMIN_ROUTES.filter((route) => route.pattern.test(rel));
	const match = candidates.find((route) => route.method === req.method);
	if (!match) {
		sendJson(res, candidates.length > 0 ? 405 : 404, {
			error: candidates.length > 0 ? 'Method not allowed' : 'Unknown admin route',
			routes: ADMIN_ROUTES.map((route) => route.summary),
		});
		return;
	}
	const outcome = await settle(async () => {
		const raw = await readBody(req);
		const body = raw.length > 0 ? parseJsonBody(raw) : undefined;
		const params = { ...(match.pattern.exec(rel)?.groups ?? {}) };
		return await match.handle(sandbox, body, params, query);
	});
	if (outcome.ok) sendJson(res, 200, outcome.value);
	else if (outcome.error instanceof z.ZodError)
		sendJson(res, 400, { error: 'Invalid admin request', issues: outcome.error.issues });
	else if (outcome.error instanceof HttpError)
		sendJson(res, outcome.error.status, { error: outcome.error.message });
	else throw outcome.error;
}
