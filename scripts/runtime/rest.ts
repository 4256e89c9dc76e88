/** n8n's public REST API and the owner's session on its internal one. */
import * as path from 'node:path';

import type { Owner } from './n8n-process';
import { readJson, sleep, writeJson } from './util';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
	startedAt: string;
	stoppedAt?: string | null;
	/** With `includeData`: `data.resultData.runData[<node>][<run>].data.main[<output>][<item>].json`, `...error`. */
	data?: {
		resultData?: {
			error?: { message?: string; [key: string]: unknown };
			lastNodeExecuted?: string;
			runData?: Record<
				string,
				Array<{
					error?: { message?: string };
					data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
				}>
			>;
		};
	};
	[key: string]: unknown;
}

/**
 * n8n's public REST API (`/api/v1`, header `X-N8N-API-KEY`), with helpers for reading executions.
 * `startStack` gives one (`stack.api`), logged in as the stack's owner.
 */
export class N8nApi {
	constructor(
		readonly baseUrl: string,
		readonly apiKey: string,
	) {}

	async request<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
			method,
			headers: {
				'X-N8N-API-KEY': this.apiKey,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`${method} /api/v1${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	async listWorkflows(
		query: { active?: boolean } = {},
	): Promise<Array<{ id: string; name: string; active: boolean }>> {
		const qs = query.active === undefined ? '' : `&active=${String(query.active)}`;
		const out: Array<{ id: string; name: string; active: boolean }> = [];
		let cursor: string | undefined;
		do {
			const page = await this.request<{
				data: Array<{ id: string; name: string; active: boolean }>;
				nextCursor?: string | null;
			}>(
				'GET',
				`/workflows?limit=250${qs}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			out.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return out;
	}

	async getWorkflow(
		id: string,
	): Promise<{ id: string; name: string; active: boolean; versionId?: string }> {
		return await this.request('GET', `/workflows/${encodeURIComponent(id)}`);
	}

	/** Publishes (activates) a workflow in the running n8n; throws with n8n's reason when it cannot. */
	async publishWorkflow(id: string): Promise<void> {
		// n8n 2.x publishes; n8n 1.x has no /publish and activates synchronously.
		try {
			await this.request('POST', `/workflows/${encodeURIComponent(id)}/publish`, {});
		} catch (error) {
			// (n8n 1.x answers 405 for the unknown /publish route.)
			if (!/: HTTP 40[45] /.test((error as Error).message)) throw error;
			await this.request('POST', `/workflows/${encodeURIComponent(id)}/activate`);
		}
	}

	async listExecutions(
		query: { workflowId?: string; status?: string; includeData?: boolean; limit?: number } = {},
	): Promise<ExecutionSummary[]> {
		const params = new URLSearchParams();
		if (query.workflowId) params.set('workflowId', query.workflowId);
		if (query.status) params.set('status', query.status);
		if (query.includeData) params.set('includeData', 'true');
		params.set('limit', String(query.limit ?? 100));
		const page = await this.request<{ data: ExecutionSummary[] }>(
			'GET',
			`/executions?${params.toString()}`,
		);
		return page.data;
	}

	async getExecution(id: string, includeData = true): Promise<ExecutionSummary> {
		return this.request<ExecutionSummary>(
			'GET',
			`/executions/${encodeURIComponent(id)}?includeData=${String(includeData)}`,
		);
	}

	/**
	 * Waits for an execution of `workflowId` that is done (not new/running/waiting) and satisfies `match`
	 * (default: any), newer than the execution ids in `after` (pass `await api.executionIds(workflowId)` taken
	 * before triggering). Returns it with its data.
	 */
	async waitForExecution(
		workflowId: string,
		options: {
			after?: Set<string>;
			timeoutMs?: number;
			match?: (e: ExecutionSummary) => boolean;
		} = {},
	): Promise<ExecutionSummary> {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		for (;;) {
			const executions = await this.listExecutions({ workflowId, includeData: true, limit: 20 });
			const found = executions.find(
				(e) =>
					!options.after?.has(e.id) &&
					!['new', 'running', 'waiting'].includes(e.status) &&
					(options.match ? options.match(e) : true),
			);
			if (found) return found;
			if (Date.now() > deadline) {
				throw new Error(
					`no finished execution of workflow ${workflowId} within ${options.timeoutMs ?? 30_000} ms (seen: ${executions.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'})`,
				);
			}
			await sleep(250);
		}
	}

	/** Ids of the executions of a workflow so far (to pass as `after` to `waitForExecution`). */
	async executionIds(workflowId: string): Promise<Set<string>> {
		return new Set((await this.listExecutions({ workflowId, limit: 250 })).map((e) => e.id));
	}
}

/** `json` of every item a node output in an execution (first run, output 0 unless given). */
export function nodeOutput(
	execution: ExecutionSummary,
	nodeName: string,
	options: { run?: number; output?: number } = {},
): Array<Record<string, unknown>> {
	const run = execution.data?.resultData?.runData?.[nodeName]?.[options.run ?? 0];
	const items = run?.data?.main?.[options.output ?? 0] ?? [];
	return items.map((item) => item.json);
}

/**
 * n8n 1.x has no owner-from-environment settings: the owner is set up once through the owner-setup call, as the
 * editor's first screen does (an answer of "already set up" on a reused user folder is fine).
 */
export async function setUpOwner(baseUrl: string, owner: Owner): Promise<void> {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			email: owner.email,
			firstName: owner.firstName,
			lastName: owner.lastName,
			password: owner.password,
		}),
	});
	const text = await response.text();
	if (!response.ok && !/already/i.test(text))
		throw new Error(`POST /rest/owner/setup: HTTP ${response.status} ${text.slice(0, 300)}`);
}

async function loginCookie(baseUrl: string, owner: Owner): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!response.ok)
		throw new Error(
			`POST /rest/login: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`,
		);
	const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie.includes('=')) throw new Error('POST /rest/login: no auth cookie in the answer');
	return cookie;
}

export interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

/** A session of the owner on n8n's internal REST API (`/rest`, cookie auth), for what the public API lacks. */
export class N8nSession {
	private constructor(
		readonly baseUrl: string,
		private readonly cookie: string,
	) {}

	static async login(baseUrl: string, owner: Owner): Promise<N8nSession> {
		return new N8nSession(baseUrl, await loginCookie(baseUrl, owner));
	}

	async fetch(route: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}${route}`, {
			method: init.method ?? 'GET',
			headers: { cookie: this.cookie, 'content-type': 'application/json' },
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`${init.method ?? 'GET'} ${route}: HTTP ${response.status} ${text.slice(0, 300)}`,
			);
		return text ? JSON.parse(text) : undefined;
	}

	/** `/rest/...` answers are `{ data }`. */
	async rest<T>(route: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
		return ((await this.fetch(`/rest${route}`, init)) as { data: T }).data;
	}

	/**
	 * n8n 2.x publishes through an outbox: `published` / `partial` / `failed` once its triggers are (or are not) live.
	 * n8n 1.x has no outbox (404 here): its activation is done when the activate call answers, so its `active` flag
	 * stands for the status.
	 */
	async publicationStatus(workflowId: string): Promise<PublicationStatus> {
		const id = encodeURIComponent(workflowId);
		try {
			return await this.rest<PublicationStatus>(`/workflows/${id}/publication-status`);
		} catch (error) {
			if (!/: HTTP 40[45] /.test((error as Error).message)) throw error;
			const workflow = await this.rest<{ active?: boolean; versionId?: string }>(
				`/workflows/${id}`,
			);
			const liveVersionId = workflow.active ? (workflow.versionId ?? null) : null;
			return {
				status: workflow.active ? 'published' : 'not_published',
				liveVersionId,
				pendingVersionId: null,
				triggers: [],
			};
		}
	}

	/**
	 * "Execute workflow" as the editor does it, from the trigger named `triggerName`; answers the execution id.
	 * n8n 1.x also wants the workflow itself in the body (2.x reads it from the database).
	 */
	async runManually(
		workflowId: string,
		triggerName: string,
		n8nMajor: number,
	): Promise<{ executionId?: string; waitingForWebhook?: boolean }> {
		const id = encodeURIComponent(workflowId);
		const workflowData =
			n8nMajor < 2 ? await this.rest<Record<string, unknown>>(`/workflows/${id}`) : undefined;
		return this.rest(`/workflows/${id}/run`, {
			method: 'POST',
			body: {
				triggerToStartFrom: { name: triggerName },
				...(workflowData ? { workflowData } : {}),
			},
		});
	}

	/**
	 * Waits until each workflow's publication has settled (its webhooks are registered, its pollers and triggers
	 * started, or they failed), up to `timeoutMs`; returns the last status of each.
	 */
	async waitForPublication(
		workflowIds: string[],
		timeoutMs = 60_000,
	): Promise<Map<string, PublicationStatus>> {
		const deadline = Date.now() + timeoutMs;
		const settled = new Map<string, PublicationStatus>();
		let pending = [...workflowIds];
		while (pending.length > 0) {
			for (const id of pending) {
				const status = await this.publicationStatus(id);
				if (['published', 'partial', 'failed'].includes(status.status) || Date.now() > deadline)
					settled.set(id, status);
			}
			pending = pending.filter((id) => !settled.has(id));
			if (pending.length > 0) await sleep(250);
		}
		return settled;
	}

	/** Node types n8n has loaded (`GET /types/nodes.json`), optionally only those whose name starts with `prefix`. */
	async nodeTypes(prefix = ''): Promise<string[]> {
		const types = (await this.fetch('/types/nodes.json')) as Array<{ name: string }>;
		return [...new Set(types.map((t) => t.name).filter((name) => name.startsWith(prefix)))].sort();
	}
}

/** An API key of the owner's: the one saved in the user folder if it still works, else a new one (saved). */
export async function ownerApiKey(session: N8nSession, userFolder: string): Promise<string> {
	const keyFile = path.join(userFolder, 'bgc-api-key.json');
	const saved = readJson<{ apiKey: string }>(keyFile);
	if (saved?.apiKey) {
		const probe = await fetch(`${session.baseUrl}/api/v1/workflows?limit=1`, {
			headers: { 'X-N8N-API-KEY': saved.apiKey },
		});
		if (probe.ok) return saved.apiKey;
	}
	const scopes = await session.rest<string[]>('/api-keys/scopes');
	const created = await session.rest<{ rawApiKey: string }>('/api-keys', {
		method: 'POST',
		body: { label: `bgc-runtime ${new Date().toISOString()}`, scopes, expiresAt: null },
	});
	writeJson(keyFile, { apiKey: created.rawApiKey });
	return created.rawApiKey;
}
