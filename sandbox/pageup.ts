import type { RequestContext, Route, SandboxEnv, VendorModule } from './context';
import { route } from './context';
import { fuzzySerialize } from './fuzzy';
import { HttpError, bearerToken, parseJsonBody, sendJson, settleSync } from './http';
import type {
	PageUpCheck,
	PageUpClient,
	PageUpResult,
	PageUpStatus,
	SeedChecksInput,
	StoredCheck,
} from './pageup-model';
import {
	FIRST,
	JOBS,
	LAST,
	MIDDLE,
	PAGE_LIMIT,
	PACKAGES,
	READ_SCOPE,
	WRITE_SCOPE,
	asStatus,
	seedChecksSchema,
} from './pageup-model';
import { repeatRefusalAnswer, validatePageUpPut, type RepeatRefusal } from './pageup-put';
import { issuePageUpToken } from './pageup-token';

export {
	PAGEUP_STATUSES,
	PAGE_LIMIT,
	READ_SCOPE,
	WRITE_SCOPE,
	pageUpClientSchema,
	seedChecksSchema,
} from './pageup-model';
export type {
	PageUpCheck,
	PageUpClient,
	PageUpResult,
	PageUpStatus,
	PutRecord,
	SeedChecksInput,
} from './pageup-model';

/**
 * PageUp Background Check API (seed 000): OAuth2 client-credentials with instanceId and scopes, the pending list
 * (at most 5), and the full-override PUT with the seed's status rules. Responses go through the fuzzy serializer.
 */
export class PageUpVendor implements VendorModule {
	readonly vendor = 'pageup' as const;
	readonly routes: Route[];
	fuzzy = true;
	/** PageUp does not say whether it accepts a PUT that repeats the current status: this switch refuses it. */
	rejectRepeatedStatus = false;
	/** The pending list as another reading of PageUp's docs would have it: the id field's name, a wrapper object. */
	listIdKey = 'id';
	listWrapper: string | null = null;
	/** How a refused repeat is worded (PageUp does not say): see `REPEAT_REFUSALS`. */
	repeatRefusal: RepeatRefusal = 'already';
	private tenants = new Set<string>();
	private clients = new Map<string, PageUpClient>();
	private checks = new Map<number, StoredCheck>();
	private nextId = 10001;

	constructor(private readonly env: SandboxEnv) {
		this.routes = [
			route('token', 'POST', /^\/connect\/token\/?$/, (ctx) => this.token(ctx)),
			route('list', 'GET', /^\/v3\/(?<tenantId>[^/]+)\/backgroundchecking\/?$/, (ctx) =>
				this.list(ctx),
			),
			route(
				'update',
				'PUT',
				/^\/v3\/(?<tenantId>[^/]+)\/backgroundchecking\/(?<id>[^/]+)\/?$/,
				(ctx) => this.update(ctx),
			),
		];
		this.reset();
	}

	reset(): void {
		const demo = this.env.credentials.pageUp;
		this.fuzzy = true;
		this.rejectRepeatedStatus = false;
		this.listIdKey = 'id';
		this.listWrapper = null;
		this.repeatRefusal = 'already';
		this.tenants = new Set([demo.tenantId]);
		this.clients = new Map([
			[
				demo.clientId,
				{
					clientId: demo.clientId,
					clientSecret: demo.clientSecret,
					instanceId: demo.instanceId,
					provider: demo.provider,
					scopes: demo.scope.split(/\s+/).filter(Boolean),
				},
			],
		]);
		this.checks = new Map();
		this.nextId = 10001;
	}

	addTenant(tenantId: string): void {
		this.tenants.add(tenantId);
	}

	addClient(client: PageUpClient): void {
		this.clients.set(client.clientId, client);
		this.tenants.add(client.instanceId);
	}

	/** Creates checks with deterministic generated people (PRNG stream "pageup-data"). */
	seedChecks(input: SeedChecksInput = {}): PageUpCheck[] {
		const parsed = seedChecksSchema.parse(input);
		const tenantId = parsed.tenantId ?? this.env.credentials.pageUp.tenantId;
		const provider = parsed.provider ?? this.env.credentials.pageUp.provider;
		this.tenants.add(tenantId);
		const rng = this.env.rng.stream('pageup-data');
		const created: PageUpCheck[] = [];
		for (let i = 0; i < parsed.count; i++) {
			const id = this.nextId++;
			const firstName = parsed.applicant?.firstName ?? rng.pick(FIRST);
			const lastName = parsed.applicant?.lastName ?? rng.pick(LAST);
			const pkg = parsed.packageCode
				? (PACKAGES.find((p) => p.code === parsed.packageCode) ?? {
						code: parsed.packageCode,
						name: parsed.packageCode,
					})
				: rng.pick(PACKAGES);
			const job = rng.pick(JOBS);
			const jobId = 4000 + rng.int(1, 999);
			const now = this.env.clock.iso();
			const check: PageUpCheck = {
				id,
				status: parsed.status,
				provider,
				package: { ...pkg },
				applicant: {
					id: 500000 + id,
					firstName,
					middleName: parsed.applicant?.middleName ?? rng.pick(MIDDLE),
					lastName,
					email:
						parsed.applicant?.email ?? `${firstName}.${lastName}.${id}@example.com`.toLowerCase(),
				},
				application: { id: 880000 + id, submittedDate: now },
				job: { id: jobId, reference: `JR-${jobId}`, title: job.title, location: job.location },
				referenceNumber: null,
				reasonForFail: null,
				results: [],
				createdDate: now,
				lastModifiedDate: now,
			};
			this.checks.set(id, { tenantId, check, history: [] });
			created.push(JSON.parse(JSON.stringify(check)) as PageUpCheck);
		}
		return created;
	}

	sendError(
		ctx: RequestContext,
		status: number,
		message: string,
		headers: Record<string, string> = {},
		body?: unknown,
	): void {
		if (ctx.path.startsWith('/connect/')) {
			sendJson(
				ctx.res,
				status,
				body ?? { error: 'server_error', error_description: message },
				headers,
			);
			return;
		}
		this.send(ctx, status, body ?? { message }, headers);
	}

	/** Every /v3 JSON answer (errors included) goes through the fuzzy serializer, as PageUp's formatter does. */
	private send(
		ctx: RequestContext,
		status: number,
		body: unknown,
		headers: Record<string, string> = {},
	): void {
		const out = this.fuzzy ? fuzzySerialize(body, this.env.rng.stream('pageup-fuzzy')) : body;
		sendJson(ctx.res, status, out, headers);
	}

	private async token(ctx: RequestContext): Promise<void> {
		await issuePageUpToken(ctx, this.env, this.clients);
	}

	/** 401 (token), 404 (tenant), then 403 (tenant binding, scope, partner claim). */
	private authorize(ctx: RequestContext, scope: string): { tenantId: string; partnerId: string } {
		const record = this.env.tokens.check('pageup', bearerToken(ctx.req.headers.authorization));
		if (!record) {
			throw new HttpError(401, 'Authorization has been denied for this request.', undefined, {
				'WWW-Authenticate': 'Bearer error="invalid_token"',
			});
		}
		const tenantId = ctx.params.tenantId;
		if (!this.tenants.has(tenantId)) throw new HttpError(404, `Tenant ${tenantId} not found`);
		if (record.claims.instanceId !== tenantId)
			throw new HttpError(403, `This client is not authorised for tenant ${tenantId}`);
		if (!record.scopes.includes(scope))
			throw new HttpError(403, `Insufficient scope: ${scope} is required`);
		if (!record.claims.partnerId) throw new HttpError(403, 'The token has no partner id claim');
		return { tenantId, partnerId: record.claims.partnerId };
	}

	private async list(ctx: RequestContext): Promise<void> {
		const { tenantId } = this.authorize(ctx, READ_SCOPE);
		// The API only exposes invitations waiting to be processed; a missing status means pending.
		const status = ctx.query.get('status') ?? 'pending';
		if (status.toLowerCase() !== 'pending') {
			throw new HttpError(400, `Only status=pending can be listed (got "${status}")`);
		}
		const provider = ctx.query.get('provider');
		const page = [...this.checks.values()]
			.filter((stored) => stored.tenantId === tenantId && stored.check.status === 'pending')
			.filter((stored) => !provider || stored.check.provider === provider)
			.sort((a, b) => a.check.id - b.check.id)
			.slice(0, PAGE_LIMIT)
			.map((stored) => stored.check)
			.map((check) => {
				if (this.listIdKey === 'id') return check;
				const { id, ...rest } = check;
				return { [this.listIdKey]: id, ...rest };
			});
		this.send(ctx, 200, this.listWrapper ? { [this.listWrapper]: page } : page);
	}

	private async update(ctx: RequestContext): Promise<void> {
		const { tenantId } = this.authorize(ctx, WRITE_SCOPE);
		const id = Number(ctx.params.id);
		const stored = Number.isInteger(id) ? this.checks.get(id) : undefined;
		if (!stored || stored.tenantId !== tenantId)
			throw new HttpError(404, `Background check ${ctx.params.id} not found`);
		const raw = await ctx.body();
		const before = stored.check.status;
		const record = (httpStatus: number, body: unknown, error?: string): void => {
			stored.history.push({
				at: this.env.clock.iso(),
				body,
				httpStatus,
				statusBefore: before,
				statusAfter: stored.check.status,
				error,
				...(ctx.answerDropped ? { answerLost: true as const } : {}),
			});
		};
		const parsed = settleSync(() => parseJsonBody(raw));
		if (!parsed.ok) {
			record(400, raw.toString('utf8'), (parsed.error as Error).message);
			throw parsed.error;
		}
		const body = parsed.value;
		const repeated =
			this.rejectRepeatedStatus &&
			body !== null &&
			typeof body === 'object' &&
			asStatus((body as Record<string, unknown>).status) === before;
		if (repeated && this.repeatRefusal !== 'already') {
			const refusal = repeatRefusalAnswer(this.repeatRefusal, before);
			record(refusal.status, body, `repeated status ${before} (${this.repeatRefusal})`);
			if (refusal.body === undefined) {
				ctx.res.writeHead(refusal.status, { 'Content-Length': '0' });
				ctx.res.end();
				return;
			}
			throw new HttpError(refusal.status, 'refused', refusal.body);
		}
		const errors = validatePageUpPut(body, before, this.rejectRepeatedStatus);
		if (errors.length > 0) {
			record(400, body, errors.join('; '));
			throw new HttpError(400, 'The request is invalid.', {
				message: 'The request is invalid.',
				errors,
			});
		}
		const input = body as Record<string, unknown>;
		// Full override: provider-writable fields become exactly what was sent; absent ones are cleared.
		// PageUp-owned fields (id, applicant, job, ...) are not writable and are ignored if sent.
		const check = stored.check;
		check.status = asStatus(input.status) as PageUpStatus;
		check.referenceNumber =
			typeof input.referenceNumber === 'string' ? input.referenceNumber : null;
		check.reasonForFail = typeof input.reasonForFail === 'string' ? input.reasonForFail : null;
		check.results = Array.isArray(input.results)
			? (input.results as Array<Record<string, unknown>>).map((result) => {
					const out: PageUpResult = { reportType: String(result.reportType) };
					if (typeof result.reportLink === 'string') out.reportLink = result.reportLink;
					if (typeof result.status === 'string') out.status = result.status;
					return out;
				})
			: [];
		check.lastModifiedDate = this.env.clock.iso();
		record(200, body);
		this.send(ctx, 200, check);
	}

	snapshot() {
		return {
			fuzzy: this.fuzzy,
			rejectRepeatedStatus: this.rejectRepeatedStatus,
			repeatRefusal: this.repeatRefusal,
			tenants: [...this.tenants],
			clients: [...this.clients.values()],
			checks: [...this.checks.values()].map((stored) => ({
				tenantId: stored.tenantId,
				...stored.check,
				history: stored.history,
			})),
		};
	}
}
