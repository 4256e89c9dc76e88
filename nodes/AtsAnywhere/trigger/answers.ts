import type { IDataObject } from 'n8n-workflow';

import type { WebhookResponse } from '../../shared/webhook';

/** What the ATS was answered for one order. */
export interface OrderAnswer {
	statusCode: number;
	body: IDataObject;
}

/**
 * Answers of this n8n process, by order. n8n loads a workflow's static data afresh for every
 * request and saves it only when an execution ends (last write wins), so two identical orders that
 * arrive together both miss the static-data memory: these maps close that gap within one process.
 * - `inFlight`: orders whose first request is still waiting for its answer; a duplicate waits for
 *   that answer and gets the same one, and starts nothing.
 * - `answered`: accepted (201) orders, for retries that arrive before the static data is saved.
 */
const inFlight = new Map<
	string,
	{ promise: Promise<OrderAnswer | undefined>; startedAt: number }
>();
const answered = new Map<string, OrderAnswer>();
const ANSWERED_LIMIT = 2000;

export function flightKey(scope: string, accountId: string, backgroundCheckId: string): string {
	return JSON.stringify([scope, accountId, backgroundCheckId]);
}

export function answeredBefore(key: string): OrderAnswer | undefined {
	return answered.get(key);
}

/** How long an order stays "in progress" without an answer; the ATS has given up long before. */
const MAX_WAIT_MS = 5 * 60_000;

/**
 * The first request's answer for a duplicate to wait for. An order never answered within MAX_WAIT_MS
 * is forgotten when next asked for (no timer: node code may not use setTimeout), so that its
 * duplicates get a retryable error and the entry does not stay forever.
 */
export function pendingAnswer(key: string): Promise<OrderAnswer | undefined> | undefined {
	const flight = inFlight.get(key);
	if (flight && Date.now() - flight.startedAt > MAX_WAIT_MS) {
		inFlight.delete(key);
		return undefined;
	}
	return flight?.promise;
}

/** Waits for the first request's answer, or until this duplicate's own client hangs up (undefined). */
export function answerOrHangUp(
	pending: Promise<OrderAnswer | undefined>,
	res: WebhookResponse,
): Promise<OrderAnswer | undefined> {
	const closable = res as unknown as { once?: (event: 'close', listener: () => void) => unknown };
	if (typeof closable.once !== 'function') return pending;
	const hungUp = new Promise<undefined>((resolve) =>
		closable.once?.('close', () => resolve(undefined)),
	);
	return Promise.race([pending, hungUp]);
}

export function rememberInProcess(key: string, answer: OrderAnswer): void {
	if (answer.statusCode !== 201) return;
	answered.delete(key);
	answered.set(key, answer);
	for (const oldest of answered.keys()) {
		if (answered.size <= ANSWERED_LIMIT) break;
		answered.delete(oldest);
	}
}

/** What the ATS receives when n8n answers for a workflow that failed before its Answer step. */
export const FAILED_BEFORE_ANSWER =
	'The order could not be processed: the provider workflow failed before accepting it. Please send it again later.';

function asObject(body: unknown): IDataObject | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body))
		return body as IDataObject;
	if (typeof body !== 'string' && !Buffer.isBuffer(body)) return undefined;
	try {
		const parsed = JSON.parse(body.toString()) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * What the ATS must get for whatever is about to be written: 201 with a body naming the order, or
 * a non-201 whose JSON has `error_message` (n8n's own "Error in workflow" 500, sent when an
 * execution fails before answering, has only `message`).
 */
export function normaliseAnswer(
	statusCode: number,
	body: unknown,
	backgroundCheckId: string,
): OrderAnswer {
	const object = asObject(body);
	if (statusCode === 201) {
		return {
			statusCode,
			body:
				object && Object.keys(object).length
					? object
					: { background_check_id: backgroundCheckId, message: 'Order received' },
		};
	}
	if (object && typeof object.error_message === 'string' && object.error_message.trim())
		return { statusCode, body: object };
	return {
		statusCode: statusCode >= 400 ? statusCode : 500,
		body: { error_message: FAILED_BEFORE_ANSWER },
	};
}

/**
 * Starts tracking the first request of an order: every duplicate that arrives before it is answered
 * waits for this answer. The answer is read from the HTTP response itself, so it is the same
 * whichever path wrote it (the Answer step, n8n's failure answer, n8n's end-of-workflow answer).
 */
export function trackFirstAnswer(
	res: WebhookResponse,
	key: string,
	backgroundCheckId: string,
	onAnswer: (answer: OrderAnswer) => void = () => {},
): void {
	let settle: (answer: OrderAnswer | undefined) => void = () => {};
	const promise = new Promise<OrderAnswer | undefined>((resolve) => (settle = resolve));
	inFlight.set(key, { promise, startedAt: Date.now() });
	let settled = false;
	const finish = (answer: OrderAnswer | undefined) => {
		if (settled) return;
		settled = true;
		if (inFlight.get(key)?.promise === promise) inFlight.delete(key);
		if (answer) {
			rememberInProcess(key, answer);
			onAnswer(answer);
		}
		settle(answer);
	};

	const writable = res as unknown as {
		statusCode?: number;
		status: (code: number) => unknown;
		json: (body: unknown) => unknown;
		send: (body?: unknown) => unknown;
	};
	let statusCode = typeof writable.statusCode === 'number' ? writable.statusCode : 200;
	const status = writable.status.bind(res);
	const json = writable.json.bind(res);
	const send = writable.send.bind(res);
	writable.status = (code: number) => {
		statusCode = code;
		return status(code);
	};
	const answerWith = (body: unknown) => {
		const answer = normaliseAnswer(statusCode, body, backgroundCheckId);
		finish(answer);
		status(answer.statusCode);
		return json(answer.body);
	};
	// Express's json() calls send() with text: only the first write of either is the answer.
	writable.json = (body: unknown) => (settled ? json(body) : answerWith(body));
	// The ATS may hang up (its timeout) before n8n answers: n8n still writes the answer here, and it
	// is what the ATS's retry must get (an order never answered at all expires in pendingAnswer).
	writable.send = (body?: unknown) => (settled ? send(body) : answerWith(body));
}

/** Forgets this process's answers (tests that reuse order ids; n8n itself never calls it). */
export function forgetInProcessAnswers(): void {
	answered.clear();
	inFlight.clear();
}
