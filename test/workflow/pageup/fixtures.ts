import { randomUUID } from 'node:crypto';
import nock from 'nock';

export const API = 'https://api.dc2.pageuppeople.com';
export const LOGIN = 'https://login.dc2.pageuppeople.com';
export const BASE_PATH = '/v3/218/backgroundchecking';

export const credentials = {
	pageUpApi: {
		environment: 'production',
		dataCentre: 'dc2',
		tenantId: '218',
		clientId: 'client-1',
		clientSecret: 'very-secret-value',
		instanceId: 'inst-9',
		scope: 'Public.BackgroundCheck.Read Public.BackgroundCheck.Write',
	},
};

/** What PageUp's fuzzy serializer does: a GUID-named property with a GUID value, keys shuffled. */
export function fuzz(value: unknown): nock.Body {
	return fuzzValue(value, { n: 0 }) as nock.Body;
}

function fuzzValue(value: unknown, seed: { n: number }): unknown {
	if (Array.isArray(value)) return value.map((entry) => fuzzValue(entry, seed));
	if (value === null || typeof value !== 'object') return value;
	const entries = Object.entries(value as Record<string, unknown>).map(
		([key, entry]) => [key, fuzzValue(entry, seed)] as [string, unknown],
	);
	entries.push([randomUUID(), randomUUID()]);
	// Deterministic shuffle: rotate, then reverse every other time.
	seed.n++;
	const rotated = entries
		.slice(seed.n % entries.length)
		.concat(entries.slice(0, seed.n % entries.length));
	return Object.fromEntries(seed.n % 2 ? rotated.reverse() : rotated);
}

export interface FakeCheck {
	id: number;
	status: string;
	provider: string;
	applicant: { firstName: string; lastName: string; email: string };
	referenceNumber: string | null;
	reasonForFail: string | null;
	results: unknown[];
}

export function makeCheck(id: number, provider = 'bg'): FakeCheck {
	return {
		id,
		status: 'pending',
		provider,
		applicant: { firstName: `First${id}`, lastName: `Last${id}`, email: `c${id}@example.com` },
		referenceNumber: null,
		reasonForFail: null,
		results: [],
	};
}

export interface LoggedRequest {
	method: 'GET' | 'PUT';
	id?: string;
	body?: Record<string, unknown>;
	/** GET: how many checks the answer held. PUT: the HTTP status answered. */
	count?: number;
	status?: number;
	authorization?: string;
	query?: Record<string, string>;
}

/**
 * A stateful stand-in for PageUp's background-check API on nock: GET lists at most five pending
 * checks (fuzzed), PUT overrides a check. `failPut(id, n, status)` makes the next n PUTs of a check fail.
 */
export class FakePageUp {
	readonly checks = new Map<string, FakeCheck>();

	readonly log: LoggedRequest[] = [];

	readonly tokenBodies: Array<Record<string, string>> = [];

	private readonly putFailures = new Map<
		string,
		{ remaining: number; status: number; body?: unknown; headers?: Record<string, string> }
	>();

	private tokenCount = 0;

	private readonly validTokens = new Set<string>();

	private requestCount = 0;

	/** When set, every token issued so far stops working as the Nth API request arrives (a token expiring mid-run). */
	expireTokensAtRequest?: number;

	constructor(count = 0, firstId = 1001) {
		for (let i = 0; i < count; i++) this.add(makeCheck(firstId + i));
	}

	add(check: FakeCheck) {
		this.checks.set(String(check.id), check);
	}

	failPut(
		id: number | string,
		remaining: number,
		status = 500,
		body?: unknown,
		headers?: Record<string, string>,
	) {
		this.putFailures.set(String(id), { remaining, status, body, headers });
	}

	claimsOf(id: number | string) {
		return this.log.filter(
			(r) =>
				r.method === 'PUT' &&
				r.id === String(id) &&
				r.body?.status === 'queued' &&
				r.status === 200,
		).length;
	}

	/** How many checks each successful read returned. */
	reads() {
		return this.log.filter((r) => r.method === 'GET' && r.status === 200).map((r) => r.count);
	}

	private countRequest() {
		this.requestCount++;
		if (this.requestCount === this.expireTokensAtRequest) this.validTokens.clear();
	}

	private authorized(header: unknown) {
		const token = /^Bearer (.+)$/.exec(String(header ?? ''))?.[1];
		return token !== undefined && this.validTokens.has(token);
	}

	private answerGet(uri: string, authorization: string): [number, nock.Body] {
		const query = Object.fromEntries(new URL(uri, API).searchParams);
		this.countRequest();
		if (!this.authorized(authorization)) {
			this.log.push({ method: 'GET', status: 401, query, authorization });
			return [401, { message: 'Authorization has been denied for this request.' }];
		}
		const page = [...this.checks.values()]
			.filter(
				(check) =>
					check.status === 'pending' && (!query.provider || check.provider === query.provider),
			)
			.sort((a, b) => a.id - b.id)
			.slice(0, 5);
		this.log.push({ method: 'GET', status: 200, count: page.length, query, authorization });
		return [200, fuzz(page)];
	}

	private answerPut(
		uri: string,
		requestBody: unknown,
		authorization: string,
	): [number, nock.Body, Record<string, string>?] {
		const id = decodeURIComponent(uri.split('/').pop() ?? '');
		const body = (
			typeof requestBody === 'string' ? JSON.parse(requestBody) : requestBody
		) as Record<string, unknown>;
		const entry: LoggedRequest = { method: 'PUT', id, body, authorization };
		this.log.push(entry);
		this.countRequest();
		if (!this.authorized(authorization)) {
			entry.status = 401;
			return [401, { message: 'Authorization has been denied for this request.' }];
		}
		const failure = this.putFailures.get(id);
		if (failure && failure.remaining > 0) {
			failure.remaining--;
			entry.status = failure.status;
			return [
				failure.status,
				fuzz(failure.body ?? { message: 'Internal error' }),
				failure.headers ?? {},
			];
		}
		const check = this.checks.get(id);
		if (!check) {
			entry.status = 404;
			return [404, { message: `Background check ${id} not found` }];
		}
		check.status = String(body.status);
		check.referenceNumber = typeof body.referenceNumber === 'string' ? body.referenceNumber : null;
		check.reasonForFail = typeof body.reasonForFail === 'string' ? body.reasonForFail : null;
		check.results = Array.isArray(body.results) ? body.results : [];
		entry.status = 200;
		return [200, fuzz(check)];
	}

	/** Installs persistent interceptors; call `nock.cleanAll()` after the test. */
	install() {
		nock(LOGIN)
			.persist()
			.post('/connect/token')
			.reply((_uri, body) => {
				this.tokenBodies.push(Object.fromEntries(new URLSearchParams(String(body))));
				this.tokenCount++;
				this.validTokens.add(`tok-${this.tokenCount}`);
				return [
					200,
					{ access_token: `tok-${this.tokenCount}`, token_type: 'Bearer', expires_in: 3600 },
				];
			});
		const onGet = (uri: string, authorization: string) => this.answerGet(uri, authorization);
		const onPut = (uri: string, body: unknown, authorization: string) =>
			this.answerPut(uri, body, authorization);
		nock(API)
			.persist()
			.get(BASE_PATH)
			.query(true)
			.reply(function (uri) {
				return onGet(uri, String(this.req.headers.authorization ?? ''));
			});
		nock(API)
			.persist()
			.put(new RegExp(`^${BASE_PATH}/[^/]+$`))
			.reply(function (uri, requestBody) {
				return onPut(uri, requestBody, String(this.req.headers.authorization ?? ''));
			});
		return this;
	}
}
