import { createHash } from 'node:crypto';

import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { InboundAnswer, InboundLedger } from './ledger';
import { sendJson, type WebhookRequest, type WebhookResponse } from './webhook';

/**
 * The inbound pipeline every webhook trigger runs: authenticate -> read the raw body under the size limit ->
 * parse -> identify the delivery -> (a repeat of an answered or in-flight delivery gets that answer) -> confirm
 * with the vendor -> de-duplicate -> answer -> emit. The vendor supplies how to authenticate, parse, identify,
 * confirm and fingerprint; refusals (only unauthenticated, unparsable or too big, and what the vendor says it
 * does not know) are answered 4xx in the vendor's error shape and logged at warn with their reason, never a body
 * value. n8n's body parser is never in the path: each trigger reads its own raw bytes.
 */

/** A request refused: its status, what the sender reads, and the reason logged. */
export interface Refusal {
	refused: number;
	message: string;
	reason: string;
	headers?: Record<string, string>;
}

export function refusal(
	refused: number,
	message: string,
	reason: string,
	headers?: Record<string, string>,
): Refusal {
	return { refused, message, reason, ...(headers ? { headers } : {}) };
}

export const isRefusal = (value: unknown): value is Refusal =>
	!!value && typeof value === 'object' && typeof (value as Refusal).refused === 'number';

/** What the trigger answers and emits for an accepted delivery. */
export interface Delivery {
	/** The answer; `workflow` when the workflow writes it (ATS Anywhere orders answered by the workflow). */
	answer: InboundAnswer | 'workflow';
	items: INodeExecutionData[];
	/**
	 * Remember the answer if it accepts the delivery (2xx), so a retry gets it again and starts nothing. A refused
	 * or failed delivery is not remembered: its retry is handled again.
	 */
	remember?: boolean;
}

export interface InboundSpec<Parsed> {
	/** The trigger, as logs name it. */
	trigger: string;
	/** The vendor's error body for a refusal (`{ error }`, or ATS Anywhere's `{ error_message }`). */
	errorBody: (message: string) => IDataObject;
	ledger: InboundLedger;
	maxBytes: number;
	/** Checks the request's headers; a refusal, or nothing. */
	authenticate: () => Promise<Refusal | undefined>;
	/** Reads the body (and anything authenticated inside it). */
	parse: (
		raw: Buffer,
		contentType: string | undefined,
	) => Promise<Parsed | Refusal> | Parsed | Refusal;
	/** Identical deliveries share this key: one of them is handled, the others get its answer. */
	deliveryKey: (parsed: Parsed) => string | undefined;
	/** Confirms, de-duplicates and builds the answer and items. */
	handle: (parsed: Parsed) => Promise<Delivery | Refusal>;
	/** What is recorded of an answer the workflow wrote (ATS Anywhere: always an `error_message` on failures). */
	normalise?: (answer: InboundAnswer) => InboundAnswer;
	/** The answer for a duplicate whose first delivery was never answered. */
	stillInFlight?: string;
}

/** Runs the pipeline for one request. */
export async function runInbound<Parsed>(
	context: IWebhookFunctions,
	spec: InboundSpec<Parsed>,
): Promise<IWebhookResponseData> {
	const req = context.getRequestObject();
	const res = context.getResponseObject();
	const refuse = (refused: Refusal) => {
		context.logger.warn(
			`${spec.trigger} "${context.getNode().name}" refused a request (${refused.refused}): ${refused.reason}`,
		);
		sendJson(res, refused.refused, spec.errorBody(refused.message), refused.headers);
		return { noWebhookResponse: true };
	};

	const unauthenticated = await spec.authenticate();
	if (unauthenticated) return refuse(unauthenticated);
	const raw = await readRawBody(req, spec.maxBytes);
	if (isRefusal(raw)) return refuse(raw);
	const parsed = await spec.parse(raw, req.headers['content-type']);
	if (isRefusal(parsed)) return refuse(parsed);

	// Checked and marked in one synchronous step, so identical requests arriving together see each other.
	const key = spec.deliveryKey(parsed);
	const earlier = key === undefined ? undefined : spec.ledger.answered(key);
	const pending = key === undefined || earlier ? undefined : spec.ledger.inFlight(key);
	const land = key === undefined || earlier || pending ? undefined : spec.ledger.takeOff(key);
	if (!land && key !== undefined) {
		const answer = earlier ?? (await waitForFlight(pending, res));
		if (!answer)
			return refuse(
				refusal(
					503,
					spec.stillInFlight ?? 'Still processing the same request',
					'a duplicate gave up waiting',
				),
			);
		context.logger.info(
			`${spec.trigger} "${context.getNode().name}": a repeated delivery was answered as before, nothing started`,
		);
		sendJson(res, answer.statusCode, answer.body);
		return { noWebhookResponse: true };
	}
	const landed = (answer?: InboundAnswer) => land?.(answer);

	let delivery: Delivery | Refusal | undefined;
	try {
		delivery = await spec.handle(parsed);
	} finally {
		// A failure of the trigger itself: duplicates waiting for this answer are told to retry.
		if (delivery === undefined) landed();
	}
	if (isRefusal(delivery)) {
		landed({ statusCode: delivery.refused, body: spec.errorBody(delivery.message) });
		return refuse(delivery);
	}
	const { answer, items, remember } = delivery;
	if (answer === 'workflow') {
		captureAnswer(res, (written) => {
			const kept = spec.normalise ? spec.normalise(written) : written;
			if (key !== undefined && remember && accepts(kept)) spec.ledger.noteAnswer(key, kept);
			landed(kept);
			return kept;
		});
		return { workflowData: [items] };
	}
	const kept =
		key !== undefined && remember && accepts(answer) ? spec.ledger.answer(key, answer) : answer;
	landed(kept);
	sendJson(res, kept.statusCode, kept.body);
	return items.length
		? { noWebhookResponse: true, workflowData: [items] }
		: { noWebhookResponse: true };
}

/** The answer of an identical delivery in flight; undefined when this request's own client hangs up first. */
async function waitForFlight(
	pending: Promise<InboundAnswer | undefined> | undefined,
	res: WebhookResponse,
): Promise<InboundAnswer | undefined> {
	if (!pending) return undefined;
	const closable = res as unknown as { once?: (event: 'close', listener: () => void) => unknown };
	if (typeof closable.once !== 'function') return await pending;
	const hungUp = new Promise<undefined>((resolve) =>
		closable.once?.('close', () => resolve(undefined)),
	);
	return await Promise.race([pending, hungUp]);
}

const accepts = (answer: InboundAnswer) => answer.statusCode >= 200 && answer.statusCode < 300;

/**
 * Calls `onAnswer` with the first answer written on the response, whichever path writes it (an answer step,
 * n8n's failure answer, n8n's end-of-workflow answer), and writes what it returns instead.
 */
export function captureAnswer(
	res: WebhookResponse,
	onAnswer: (answer: InboundAnswer) => InboundAnswer,
): void {
	const writable = res as unknown as {
		statusCode?: number;
		status: (code: number) => unknown;
		json: (body: unknown) => unknown;
		send: (body?: unknown) => unknown;
	};
	let statusCode = typeof writable.statusCode === 'number' ? writable.statusCode : 200;
	let answered = false;
	const status = writable.status.bind(res);
	const json = writable.json.bind(res);
	const send = writable.send.bind(res);
	writable.status = (code: number) => {
		statusCode = code;
		return status(code);
	};
	const answerWith = (body: unknown) => {
		answered = true;
		const kept = onAnswer({ statusCode, body: asObject(body) ?? {} });
		status(kept.statusCode);
		return json(kept.body);
	};
	// Express's json() calls send() with text: only the first write of either is the answer.
	writable.json = (body: unknown) => (answered ? json(body) : answerWith(body));
	writable.send = (body?: unknown) => (answered ? send(body) : answerWith(body));
}

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

/** The largest body n8n reads at all (its N8N_PAYLOAD_SIZE_MAX default), in MB. */
const N8N_MAX_MB = 16;

/** Every trigger's "Max Body Size (MB)" option: larger bodies are answered 413 and start nothing. */
export function maxBodyOption(defaultMb: number, sender: string): INodeProperties {
	return {
		displayName: 'Max Body Size (MB)',
		name: 'maxBodyMb',
		type: 'number',
		typeOptions: { minValue: 0.01, maxValue: N8N_MAX_MB, numberPrecision: 2 },
		default: defaultMb,
		description: `Larger requests are answered 413 and start nothing (${sender} documents no size). n8n itself reads at most N8N_PAYLOAD_SIZE_MAX (16 MB by default); anything larger is answered 413 too.`,
	};
}

/** The limit in bytes from the option, within n8n's own limit. */
export function maxBodyBytes(options: IDataObject, defaultMb: number): number {
	const value =
		typeof options.maxBodyMb === 'number' && options.maxBodyMb > 0 ? options.maxBodyMb : defaultMb;
	return Math.round(Math.min(value, N8N_MAX_MB) * 1024 * 1024);
}

const tooLarge = (bytes: number | string, maxBytes: number) =>
	refusal(
		413,
		`Request too large: at most ${maxBytes} bytes are accepted`,
		`a body of ${bytes} bytes is over the limit of ${maxBytes}`,
	);

/**
 * The request's raw bytes, read by the trigger itself (n8n's raw reader, which also inflates gzip and stops at
 * n8n's own limit), or a refusal: 413 over `maxBytes` (declared or read), 400 when the body cannot be read.
 */
export async function readRawBody(
	req: WebhookRequest,
	maxBytes: number,
): Promise<Buffer | Refusal> {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(declared, maxBytes);
	try {
		if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	} catch (error) {
		const { status, type } = error as { status?: number; type?: string };
		if (status === 413 || type === 'entity.too.large')
			return tooLarge('more than n8n reads', maxBytes);
		return refusal(400, 'The request body could not be read', 'the body could not be read');
	}
	const raw = req.rawBody ?? Buffer.alloc(0);
	return raw.length > maxBytes ? tooLarge(raw.length, maxBytes) : raw;
}

/** Field names (letters and digits, any case) that change between identical deliveries. */
const VOLATILE = new Set([
	'timestamp',
	'sentat',
	'senton',
	'sentdate',
	'receivedat',
	'deliveredat',
	'deliveryid',
	'eventid',
	'messageid',
	'requestid',
	'nonce',
	'signature',
	'attempt',
	'retry',
	'retrycount',
	'reporturl',
	'reporturlissuedat',
	'reporturlexpiresat',
]);

const normalisedName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A value with volatile fields left out and keys sorted, so equal content gives equal text. */
function stable(value: unknown, depth = 0): unknown {
	if (depth > 32) return null;
	if (Array.isArray(value)) return value.map((entry) => stable(entry, depth + 1));
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.keys(value)
			.filter((name) => !VOLATILE.has(normalisedName(name)))
			.sort()
			.map((name) => [name, stable((value as Record<string, unknown>)[name], depth + 1)]),
	);
}

/** A hash of a body without its volatile fields: the fingerprint when no vendor status is recognised. */
export function bodyHash(value: unknown): string {
	return createHash('sha256')
		.update(JSON.stringify(stable(value)) ?? '')
		.digest('hex')
		.slice(0, 32);
}

/** What a vendor's read-back of one reported order says. */
export type ReadBack =
	| {
			outcome: 'confirmed';
			json: IDataObject;
			/** The order's status as the vendor reads it back, when a status field is recognised. */
			vendorStatus?: string;
			/** What makes the status new (default: the vendor status, or a hash of the read-back). */
			fingerprint?: string;
	  }
	/** The vendor could not be asked, or answered something else. */
	| { outcome: 'failed'; reason: string }
	/** The vendor says it does not know the order (in its own order-specific wording). */
	| { outcome: 'unknown'; reason: string };

/** The vendor's part for a report (an order update) in a delivery. */
export interface ReportSpec<Report> {
	/** The vendor's id of the order, if one is found. */
	id: (report: Report) => string | undefined;
	/** The item for a report as sent (not confirmed). */
	asSent: (report: Report) => IDataObject;
	/** What is hashed when the read-back has no status (the report as sent, or as read back). */
	content: (report: Report) => unknown;
	/** The read-back; undefined when confirming is off. */
	confirm?: (report: Report, id: string) => Promise<ReadBack>;
	/** Why an item is not confirmed when confirming is off. */
	confirmOff: string;
	/** Why an item is not confirmed when it has no id. */
	missingId: string;
}

/** How long identical unconfirmable reports count as one. */
export const UNCONFIRMED_WINDOW_MS = 15 * 60_000;

export interface Reports {
	items: INodeExecutionData[];
	repeats: number;
	/** Reports the vendor says it does not know, refused (each logged). */
	unknown: number;
}

/**
 * Confirms each report of a delivery with the vendor and de-duplicates it, in one output vocabulary:
 * `confirmed`, `reason` (when not confirmed), `receivedAt`, `vendorStatus`. A report is left out only when it
 * repeats what was emitted, or when the vendor says it does not know it after this credential has confirmed
 * something before; anything else that cannot be confirmed is emitted with `confirmed: false` and the reason.
 */
export async function confirmReports<Report>(
	context: IWebhookFunctions,
	ledger: InboundLedger,
	reports: Report[],
	spec: ReportSpec<Report>,
	{
		trigger,
		skipRepeats,
		mask,
	}: { trigger: string; skipRepeats: boolean; mask: (json: IDataObject) => IDataObject },
): Promise<Reports> {
	const receivedAt = new Date().toISOString();
	const result: Reports = { items: [], repeats: 0, unknown: 0 };
	const warn = (message: string) =>
		context.logger.warn(`${trigger} "${context.getNode().name}": ${message}`);
	for (const report of reports) {
		const id = spec.id(report);
		const unconfirmed = (reason: string): IDataObject => ({
			...spec.asSent(report),
			confirmed: false,
			reason,
		});
		let json: IDataObject;
		let key = `content:${bodyHash(spec.content(report))}`;
		let fingerprint = key;
		let windowMs: number | undefined = UNCONFIRMED_WINDOW_MS;
		if (id === undefined) {
			json = unconfirmed(spec.missingId);
			warn(`passed on unconfirmed: ${spec.missingId}`);
		} else if (!spec.confirm) {
			json = unconfirmed(spec.confirmOff);
			[key, windowMs] = [id, undefined];
		} else {
			const readBack = await spec.confirm(report, id);
			if (readBack.outcome === 'confirmed') {
				ledger.markConfirmed();
				json = { ...readBack.json, confirmed: true, vendorStatus: readBack.vendorStatus ?? null };
				key = id;
				fingerprint = readBack.fingerprint
					? `status:${readBack.fingerprint}`
					: readBack.vendorStatus
						? `status:${readBack.vendorStatus}`
						: `read:${bodyHash(readBack.json)}`;
				windowMs = undefined;
			} else if (readBack.outcome === 'unknown' && ledger.hasConfirmed) {
				warn(`order ${id} refused: ${readBack.reason}`);
				result.unknown++;
				continue;
			} else {
				const reason =
					readBack.outcome === 'unknown'
						? `${readBack.reason}, but this credential has never confirmed an order: check its environment and paths`
						: readBack.reason;
				warn(`order ${id} passed on unconfirmed: ${reason}`);
				json = unconfirmed(reason);
			}
		}
		if (skipRepeats && !ledger.admit(key, fingerprint, windowMs)) {
			result.repeats++;
			continue;
		}
		if (!skipRepeats && json.confirmed === true) ledger.see(key, fingerprint);
		result.items.push({ json: mask({ vendorStatus: null, ...json, receivedAt }) });
	}
	return result;
}

/** Every webhook trigger's "Skip Repeats" option. */
export const skipRepeatsOption: INodeProperties = {
	displayName: 'Skip Repeats',
	name: 'skipRepeats',
	type: 'boolean',
	default: true,
	description:
		"Whether to start the workflow only when an order's status, as read back from the vendor, differs from the last one this trigger passed on (identical deliveries that cannot be confirmed count once within 15 minutes). Repeats are answered 2xx and start nothing.",
};

export const skipRepeats = (options: IDataObject): boolean => options.skipRepeats !== false;
