import { z } from 'zod';

import type { RequestContext, Route, SandboxEnv, VendorModule } from './context';
import { route } from './context';
import { fuzzySerialize } from './fuzzy';
import {
	HttpError,
	basicCredentials,
	bearerToken,
	isForm,
	parseJsonBody,
	sendJson,
	settleSync,
} from './http';

export const READ_SCOPE = 'Public.BackgroundCheck.Read';
export const WRITE_SCOPE = 'Public.BackgroundCheck.Write';
export const PAGEUP_STATUSES = [
	'new',
	'inprogress',
	'completed',
	'cancelled',
	'failed',
	'expired',
	'queued',
	'pending',
] as const;
export type PageUpStatus = (typeof PAGEUP_STATUSES)[number];

/** The seed: "a maximum of 5 background check invitations" per GET. */
export const PAGE_LIMIT = 5;
const TOKEN_TTL_SECONDS = 3600;

export interface PageUpResult {
	reportLink?: string;
	reportType: string;
	status?: string;
}

/** A check as PageUp hands it to a provider (our chosen shape; see README). */
export interface PageUpCheck {
	id: number;
	status: PageUpStatus;
	provider: string;
	package: { code: string; name: string };
	applicant: { id: number; firstName: string; middleName: string; lastName: string; email: string };
	application: { id: number; submittedDate: string };
	job: { id: number; reference: string; title: string; location: string };
	referenceNumber: string | null;
	reasonForFail: string | null;
	results: PageUpResult[];
	createdDate: string;
	lastModifiedDate: string;
}

export interface PutRecord {
	at: string;
	body: unknown;
	httpStatus: number;
	statusBefore: PageUpStatus;
	statusAfter: PageUpStatus;
	error?: string;
	/** The answer never reached the client (an injected "apply then drop" fault). */
	answerLost?: true;
}

interface StoredCheck {
	tenantId: string;
	check: PageUpCheck;
	history: PutRecord[];
}

export interface PageUpClient {
	clientId: string;
	clientSecret: string;
	instanceId: string;
	/** The partner id claim; without it GET/PUT answer 403, as the seed's FAQ describes. */
	provider?: string;
	scopes: string[];
}

export const pageUpClientSchema = z
	.object({
		clientId: z.string().min(1),
		clientSecret: z.string().min(1),
		instanceId: z.string().min(1),
		provider: z.string().min(1).optional(),
		scopes: z.array(z.string().min(1)).default([READ_SCOPE, WRITE_SCOPE]),
	})
	.strict();

export const seedChecksSchema = z
	.object({
		tenantId: z.string().min(1).optional(),
		provider: z.string().min(1).optional(),
		count: z.number().int().min(1).max(1000).default(1),
		status: z.enum(PAGEUP_STATUSES).default('pending'),
		packageCode: z.string().min(1).optional(),
		applicant: z
			.object({
				firstName: z.string(),
				middleName: z.string(),
				lastName: z.string(),
				email: z.string(),
			})
			.partial()
			.optional(),
	})
	.strict();
export type SeedChecksInput = z.input<typeof seedChecksSchema>;

const PACKAGES = [
	{ code: 'BGC-STD', name: 'Standard criminal history check' },
	{ code: 'BGC-PLUS', name: 'Criminal history + employment verification' },
	{ code: 'BGC-EXEC', name: 'Executive screening (criminal, credit, education)' },
];
const FIRST = [
	'Olivia',
	'Liam',
	'Charlotte',
	'Noah',
	'Amelia',
	'Jack',
	'Isla',
	'William',
	'Mia',
	'Oliver',
];
const MIDDLE = ['Rose', 'James', 'Grace', 'Thomas', 'Jane', 'Lee', ''];
const LAST = [
	'Nguyen',
	'Smith',
	'Patel',
	'Williams',
	'Brown',
	'Wilson',
	'Taylor',
	'Chen',
	'Martin',
	'Kelly',
];
const JOBS = [
	{ title: 'Store Manager', location: 'Melbourne' },
	{ title: 'Registered Nurse', location: 'Sydney' },
	{ title: 'Warehouse Supervisor', location: 'Brisbane' },
	{ title: 'Payroll Officer', location: 'Perth' },
];

function oauthError(ctx: RequestContext, error: string, description: string): void {
	sendJson(
		ctx.res,
		400,
		{ error, error_description: description },
		{ 'Cache-Control': 'no-store' },
	);
}

function asStatus(value: unknown): PageUpStatus | undefined {
	if (typeof value !== 'string') return undefined;
	const lower = value.toLowerCase();
	return (PAGEUP_STATUSES as readonly string[]).includes(lower)
		? (lower as PageUpStatus)
		: undefined;
}

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
		if (!isForm(ctx.req)) {
			oauthError(ctx, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
			return;
		}
		const form = new URLSearchParams((await ctx.body()).toString('utf8'));
		const grantType = form.get('grant_type');
		if (!grantType) return oauthError(ctx, 'invalid_request', 'grant_type is missing');
		// Client authentication by form fields or by Basic header, as IdentityServer accepts both.
		const basic = basicCredentials(ctx.req.headers.authorization);
		const clientId = form.get('client_id') ?? basic?.user;
		const clientSecret = form.get('client_secret') ?? basic?.pass;
		const client = clientId ? this.clients.get(clientId) : undefined;
		if (!client || client.clientSecret !== clientSecret)
			return oauthError(ctx, 'invalid_client', 'Unknown client or wrong secret');
		if (grantType !== 'client_credentials') {
			return oauthError(ctx, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
		}
		const instanceId = form.get('instanceId');
		if (!instanceId) return oauthError(ctx, 'invalid_request', 'instanceId is missing');
		if (instanceId !== client.instanceId)
			return oauthError(ctx, 'invalid_request', 'instanceId is not valid for this client');
		const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
		const scopes = requested.length > 0 ? requested : client.scopes;
		const denied = scopes.filter((scope) => !client.scopes.includes(scope));
		if (denied.length > 0)
			return oauthError(ctx, 'invalid_scope', `Scope not allowed: ${denied.join(' ')}`);
		const claims: Record<string, string> = { instanceId: client.instanceId };
		if (client.provider) claims.partnerId = client.provider;
		const issued = this.env.tokens.issue(
			'pageup',
			client.clientId,
			scopes,
			claims,
			TOKEN_TTL_SECONDS,
		);
		sendJson(
			ctx.res,
			200,
			{
				access_token: issued.token,
				token_type: 'Bearer',
				expires_in: issued.expiresIn,
				scope: scopes.join(' '),
			},
			{ 'Cache-Control': 'no-store' },
		);
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
			.map((stored) => stored.check);
		this.send(ctx, 200, page);
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
		const errors = this.validatePut(body, before);
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

	private validatePut(body: unknown, current: PageUpStatus): string[] {
		if (body === null || typeof body !== 'object' || Array.isArray(body))
			return ['The body must be a JSON object'];
		const input = body as Record<string, unknown>;
		const errors: string[] = [];
		const status = asStatus(input.status);
		if (input.status === undefined) errors.push('status is required');
		else if (!status) errors.push(`status must be one of ${PAGEUP_STATUSES.join(', ')}`);
		else if (this.rejectRepeatedStatus && status === current) {
			errors.push(`The background check is already ${current}`);
		} else if (status === 'pending' && current !== 'queued') {
			errors.push(`status can only be set to pending from queued (current status is ${current})`);
		}
		for (const key of ['referenceNumber', 'reasonForFail'] as const) {
			if (input[key] !== undefined && input[key] !== null && typeof input[key] !== 'string')
				errors.push(`${key} must be a string`);
		}
		if (
			status === 'failed' &&
			(typeof input.reasonForFail !== 'string' || input.reasonForFail.trim() === '')
		) {
			errors.push('reasonForFail is required when status is failed');
		}
		if (input.results !== undefined && input.results !== null) {
			if (!Array.isArray(input.results)) errors.push('results must be an array');
			else {
				input.results.forEach((result: unknown, index: number) => {
					if (result === null || typeof result !== 'object') {
						errors.push(`results[${index}] must be an object`);
						return;
					}
					const entry = result as Record<string, unknown>;
					if (typeof entry.reportType !== 'string' || entry.reportType.trim() === '') {
						errors.push(`results[${index}].reportType is required`);
					}
					for (const key of ['reportLink', 'status']) {
						if (entry[key] !== undefined && entry[key] !== null && typeof entry[key] !== 'string') {
							errors.push(`results[${index}].${key} must be a string`);
						}
					}
				});
			}
		}
		return errors;
	}

	snapshot(): unknown {
		return {
			fuzzy: this.fuzzy,
			rejectRepeatedStatus: this.rejectRepeatedStatus,
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
