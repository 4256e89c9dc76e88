/**
 * Sends the abuse suite's requests and records, per endpoint and category, the status codes and the executions they
 * started; checks every answer for secrets and the test SSN; prints the table at the end.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

import type { Stack } from '../../scripts/runtime';
import type { Body } from './bodies';
import { TEST_SSN_FORMS, type Endpoint } from './targets';

/** A request is "not answered" after this long (n8n's wedged XML parser never answers). */
export const ANSWER_TIMEOUT_MS = 15_000;

export interface Answer {
	/** HTTP status, or 0 when there was no answer within ANSWER_TIMEOUT_MS / the connection failed / it was not sent. */
	status: number;
	text: string;
	label: string;
}

interface Row {
	endpoint: string;
	category: string;
	statuses: Map<string, number>;
	executions?: number;
	expectedExecutions?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Probe {
	readonly rows: Row[] = [];
	/** Problems found so far: each is one failed expectation, named. */
	readonly problems: string[] = [];
	private readonly secrets: string[];
	get secretCount(): number {
		return this.secrets.length;
	}
	/** Consecutive unanswered requests per endpoint: after two, its XML requests are recorded as not sent. */
	private readonly silent = new Map<string, number>();

	constructor(
		readonly stack: Stack,
		secrets: string[],
	) {
		this.secrets = secrets;
	}

	private row(endpoint: string, category: string): Row {
		let row = this.rows.find((r) => r.endpoint === endpoint && r.category === category);
		if (!row) {
			row = { endpoint, category, statuses: new Map() };
			this.rows.push(row);
		}
		return row;
	}

	/** Names what leaks in `text` (a secret, the whole test SSN); empty when nothing does. */
	leaksIn(text: string): string[] {
		const found: string[] = [];
		this.secrets.forEach((secret, i) => text.includes(secret) && found.push(`secret #${i + 1}`));
		if (TEST_SSN_FORMS.some((ssn) => text.includes(ssn))) found.push('the test SSN');
		return found;
	}

	/** One request to an endpoint; records its status and checks it for 5xx, silence and leaks. */
	async send(
		endpoint: Endpoint,
		category: string,
		body: Body,
		headers: Record<string, string> = {},
		{
			tolerateSilence = false,
			timeoutMs = ANSWER_TIMEOUT_MS,
		}: { tolerateSilence?: boolean; timeoutMs?: number } = {},
	): Promise<Answer> {
		const where = `${endpoint.name} / ${category} / ${body.label}`;
		const row = this.row(endpoint.name, category);
		// Keeps a run bounded once an endpoint hangs on XML (n8n's wedged parser): 15 s per request adds up.
		if (
			!tolerateSilence &&
			(this.silent.get(endpoint.name) ?? 0) >= 2 &&
			/xml/i.test(body.contentType ?? '')
		) {
			row.statuses.set('unsent', (row.statuses.get('unsent') ?? 0) + 1);
			this.problems.push(`${where}: not sent, ${endpoint.name} stopped answering XML requests`);
			return { status: 0, text: '', label: body.label };
		}
		const all: Record<string, string> = { ...headers };
		if (body.contentType) all['content-type'] = body.contentType;
		let status = 0;
		let text = '';
		try {
			const response = await fetch(endpoint.url, {
				method: endpoint.method,
				headers: all,
				body: endpoint.method === 'GET' ? undefined : (body.body ?? ''),
				signal: AbortSignal.timeout(timeoutMs),
			});
			status = response.status;
			text = `${[...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${await response.text()}`;
		} catch (error) {
			text = String((error as Error).message);
		}
		const key = status === 0 ? 'none' : String(status);
		row.statuses.set(key, (row.statuses.get(key) ?? 0) + 1);
		if (!tolerateSilence)
			this.silent.set(endpoint.name, status === 0 ? (this.silent.get(endpoint.name) ?? 0) + 1 : 0);
		if (status === 0 && !tolerateSilence)
			this.problems.push(`${where}: no answer within ${timeoutMs / 1000} s (${text.slice(0, 80)})`);
		if (status >= 500)
			this.problems.push(`${where}: HTTP ${status} ${text.split('\n\n')[1]?.slice(0, 120) ?? ''}`);
		const leaks = this.leaksIn(text);
		if (leaks.length) this.problems.push(`${where}: the answer contains ${leaks.join(', ')}`);
		return { status, text, label: body.label };
	}

	/**
	 * One request with a body of `bytes` zero-filled bytes, on any method (a GET too, which fetch cannot send), with
	 * its Content-Length; the answer may come before the body is sent whole. Recorded and checked as by `send`.
	 */
	async sendBytes(
		endpoint: Endpoint,
		category: string,
		label: string,
		bytes: number,
		headers: Record<string, string>,
	): Promise<Answer> {
		const row = this.row(endpoint.name, category);
		const answer = await new Promise<{ status: number; text: string }>((resolve) => {
			const req = http.request(
				endpoint.url,
				{
					method: endpoint.method,
					headers: { ...headers, 'content-length': String(bytes) },
					timeout: ANSWER_TIMEOUT_MS,
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () =>
						resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
					);
					res.on('error', () => resolve({ status: res.statusCode ?? 0, text: '' }));
				},
			);
			// Writing stops mattering once the server has answered (it may close the connection early).
			req.on('error', (error) => resolve({ status: 0, text: error.message }));
			req.on('timeout', () => req.destroy(new Error('timeout')));
			const chunk = Buffer.alloc(1024 * 1024, 0x20);
			let sent = 0;
			const pump = () => {
				while (sent < bytes) {
					const size = Math.min(chunk.length, bytes - sent);
					sent += size;
					if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
						req.once('drain', pump);
						return;
					}
				}
				req.end();
			};
			pump();
		});
		const key = answer.status === 0 ? 'none' : String(answer.status);
		row.statuses.set(key, (row.statuses.get(key) ?? 0) + 1);
		const where = `${endpoint.name} / ${category} / ${label}`;
		if (answer.status === 0)
			this.problems.push(`${where}: no answer (${answer.text.slice(0, 80)})`);
		if (answer.status >= 500)
			this.problems.push(`${where}: HTTP ${answer.status} ${answer.text.slice(0, 120)}`);
		const leaks = this.leaksIn(answer.text);
		if (leaks.length) this.problems.push(`${where}: the answer contains ${leaks.join(', ')}`);
		return { ...answer, label };
	}

	/** A request whose silence is n8n's own (its wedged XML parser): recorded, not a problem; 5 s at most. */
	async sendTolerant(
		endpoint: Endpoint,
		category: string,
		body: Body,
		headers: Record<string, string> = {},
	): Promise<Answer> {
		return this.send(endpoint, category, body, headers, {
			tolerateSilence: true,
			timeoutMs: 5_000,
		});
	}

	/** Expects the answer's status to be one of `allowed` (a number, or `4xx`). */
	expectStatus(
		endpoint: Endpoint,
		category: string,
		answer: Answer,
		allowed: Array<number | '2xx' | '4xx'>,
	): void {
		if (answer.status === 0 || answer.status >= 500) return; // already recorded
		const ok = allowed.some((a) =>
			a === '2xx'
				? answer.status >= 200 && answer.status < 300
				: a === '4xx'
					? answer.status >= 400 && answer.status < 500
					: a === answer.status,
		);
		if (!ok)
			this.problems.push(
				`${endpoint.name} / ${category} / ${answer.label}: HTTP ${answer.status}, expected ${allowed.join(' or ')}`,
			);
	}

	/** Ids of the executions of a workflow so far. */
	async executionIds(workflowId: string): Promise<Set<string>> {
		return this.stack.api.executionIds(workflowId);
	}

	/**
	 * Executions of the endpoint's workflow started since `before`, once the count has held still for 1.5 s
	 * (an execution is recorded as it starts; this also lets a slow start show up).
	 */
	async executionsSince(endpoint: Endpoint, before: Set<string>): Promise<number> {
		let last = -1;
		let stable = 0;
		for (let i = 0; i < 40 && stable < 3; i++) {
			await sleep(500);
			const now = [...(await this.executionIds(endpoint.workflowId))].filter(
				(id) => !before.has(id),
			).length;
			stable = now === last ? stable + 1 : 0;
			last = now;
		}
		return last;
	}

	/** Records and checks the executions one endpoint's requests of a category started. */
	async expectExecutions(
		endpoint: Endpoint,
		category: string,
		before: Set<string>,
		expected: number,
	): Promise<number> {
		const started = await this.executionsSince(endpoint, before);
		const row = this.row(endpoint.name, category);
		row.executions = (row.executions ?? 0) + started;
		row.expectedExecutions = (row.expectedExecutions ?? 0) + expected;
		if (started !== expected)
			this.problems.push(
				`${endpoint.name} / ${category}: ${started} execution(s) started, expected ${expected}`,
			);
		return started;
	}

	/** `/healthz` answers 200. */
	async expectHealthy(category: string): Promise<void> {
		try {
			const response = await fetch(`${this.stack.n8nUrl}/healthz`, {
				signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
			});
			if (response.status !== 200)
				this.problems.push(`after ${category}: /healthz answered ${response.status}`);
		} catch (error) {
			this.problems.push(
				`after ${category}: /healthz did not answer (${(error as Error).message})`,
			);
		}
	}

	/** Resident memory of the n8n process (kB), from /proc. */
	rssKb(): number {
		const status = fs.readFileSync(`/proc/${this.stack.n8nPid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
	}

	/** The table: one line per endpoint and category, status codes with their counts, executions (expected). */
	table(): string {
		const lines = [
			`${'endpoint'.padEnd(16)} ${'category'.padEnd(22)} ${'status codes (count)'.padEnd(44)} executions (expected)`,
			'-'.repeat(104),
		];
		for (const row of this.rows) {
			const statuses = [...row.statuses.entries()]
				.sort()
				.map(([code, n]) => `${code}×${n}`)
				.join(' ');
			const executions =
				row.executions === undefined ? '-' : `${row.executions} (${row.expectedExecutions})`;
			lines.push(
				`${row.endpoint.padEnd(16)} ${row.category.padEnd(22)} ${statuses.padEnd(44)} ${executions}`,
			);
		}
		lines.push(
			'(status "none": no answer within 15 s; "unsent": not sent, the endpoint had stopped answering XML)',
		);
		return lines.join('\n');
	}
}
