import type { NodeApiError } from 'n8n-workflow';

import { vendorApiError } from '../../shared/errors';
import {
	endpointPath,
	vendorRequest,
	type RequestContext,
	type RetryPolicy,
} from '../../shared/http';
import { redactText } from '../../shared/pii';
import { ENDPOINTS, SLOW_ROUTES, type RiqRoute } from './endpoints';
import { riqBaseUrl } from '../../../credentials/ResidentIqApi.credentials';
import {
	buildXml,
	child,
	parseXml,
	reportPackages,
	rootElement,
	text,
	type ParsedXml,
	type XmlElement,
	type XmlNode,
} from './xml';

export const CREDENTIAL_TYPE = 'residentIqApi';
export const VENDOR = 'ResidentIQ';

/** Roots RIQ answers with (its documentation shows all three). */
const RIQ_ROOTS = new Set(['BackgroundReports', 'BackgroundCheck', 'BackgroundReportPackage']);

/** Whether a parsed document is a ResidentIQ answer (and not, say, a proxy's HTML login page). */
export function isRiqDocument(doc: ParsedXml): boolean {
	const root = rootElement(doc);
	return root !== undefined && RIQ_ROOTS.has(root.name);
}

export interface RiqErrorReport {
	code?: string;
	description?: string;
	referenceId?: string;
}

/** RIQ reports errors as `x:error` packages inside HTTP 200 bodies (and sometimes a bare ErrorReport). */
export function findErrorReport(doc: ParsedXml): RiqErrorReport | undefined {
	const root = rootElement(doc);
	const holders: XmlNode[] = [...reportPackages(doc)];
	if (root) holders.push(root.node);
	for (const holder of holders) {
		const status = text(child(holder, 'ScreeningStatus'), 'OrderStatus');
		const report = child(holder, 'ErrorReport');
		if (report || status?.toLowerCase() === 'x:error') {
			return {
				code: text(report, 'ErrorCode'),
				description: text(report, 'ErrorDescription'),
				referenceId: text(holder, 'ReferenceId'),
			};
		}
	}
	return undefined;
}

/** Error text from a non-200 answer: RIQ's XML error if there is one, never a raw HTML page. */
function describeRiqError(body: unknown, statusCode?: number) {
	const raw = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: undefined;
	const trimmed = raw?.trim();
	// Nothing to say: the shared layer's hint for the status code (e.g. "rate limited") is used.
	if (!trimmed) return undefined;
	if (trimmed.startsWith('<') && !/^<(!doctype\s+)?html/i.test(trimmed)) {
		const report = findErrorReport(parseXml(trimmed));
		if (report?.description || report?.code) {
			return { message: report.description ?? `RIQ error code ${report.code}`, code: report.code };
		}
	}
	if (!trimmed.startsWith('<') && trimmed.length <= 300) return { message: trimmed };
	return {
		message: `the service answered HTTP ${statusCode ?? 'error'} without an error description`,
	};
}

export interface RiqCall {
	route: RiqRoute;
	/** Root element name of the request document (RIQ's samples use BackgroundCheck and BackgroundReports). */
	root?: string;
	/** Content of the root element (no credentials: the credential adds them). */
	content: XmlElement;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
	/** Milliseconds before an attempt is given up (default: 60 s, 120 s for routes that carry documents). */
	timeoutMs?: number;
	/** More values to keep out of errors (e.g. a postback password). */
	secrets?: string[];
}

export interface RiqResponse {
	doc: ParsedXml;
	packages: XmlNode[];
}

export interface RiqExchange extends RiqResponse {
	/** RIQ's `x:error`, when it answered with one. */
	error?: RiqErrorReport;
	secrets: Array<string | undefined>;
}

/**
 * One Partner API call: XML out (credentials added by the credential), XML in. Transport failures
 * and answers that are not XML throw; an `x:error` answer is returned for the caller to judge.
 */
export async function riqExchange(this: RequestContext, call: RiqCall): Promise<RiqExchange> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, call.itemIndex);
	const secrets = [credentials.password as string | undefined, ...(call.secrets ?? [])];
	const baseUrl = riqBaseUrl(credentials);
	if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) {
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			message: 'the credential has no valid base URL (Custom URL needs http:// or https://)',
			itemIndex: call.itemIndex,
		});
	}
	const endpoint = ENDPOINTS[call.route];
	const response = await vendorRequest.call(this, {
		vendor: VENDOR,
		credentialType: CREDENTIAL_TYPE,
		request: {
			method: endpoint.method,
			url: `${baseUrl}${endpointPath(endpoint)}`,
			headers: {
				'Content-Type': 'application/xml; charset=utf-8',
				Accept: 'application/xml, text/xml',
			},
			body: buildXml(call.root ?? 'BackgroundCheck', call.content),
			encoding: 'text',
			json: false,
			timeout: call.timeoutMs ?? (SLOW_ROUTES.has(call.route) ? 120_000 : 60_000),
		},
		idempotent: endpoint.retrySafe,
		itemIndex: call.itemIndex,
		retry: call.retry,
		describeError: describeRiqError,
		secrets,
	});
	const raw = Buffer.isBuffer(response.body)
		? response.body.toString('utf8')
		: String(response.body ?? '');
	const doc = raw.trim().startsWith('<') ? parseXml(raw) : {};
	if (!isRiqDocument(doc)) {
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			message: 'the answer was not ResidentIQ XML',
			description: `HTTP ${response.statusCode} with ${raw.trim() ? `a document that is not a ResidentIQ answer (root: ${rootElement(doc)?.name ?? 'none'})` : 'an empty body'}: check the credential's environment and base URL`,
			itemIndex: call.itemIndex,
			secrets,
		});
	}
	return { doc, packages: reportPackages(doc), error: findErrorReport(doc), secrets };
}

/** Like riqExchange, but an `x:error` answer becomes a node error with RIQ's code and description. */
export async function riqRequest(this: RequestContext, call: RiqCall): Promise<RiqResponse> {
	const { doc, packages, error, secrets } = await riqExchange.call(this, call);
	if (error) throw riqError.call(this, error, call.itemIndex, secrets);
	return { doc, packages };
}

export function riqError(
	this: RequestContext,
	error: RiqErrorReport,
	itemIndex?: number,
	secrets: Array<string | undefined> = [],
): NodeApiError {
	return vendorApiError(this.getNode(), {
		vendor: VENDOR,
		message: error.description ?? 'the request was rejected (x:error without a description)',
		code: error.code,
		description: [
			error.code ? `RIQ error code ${error.code}` : 'RIQ error',
			error.description ? `: ${error.description}` : '',
			error.referenceId ? ` (reference ${error.referenceId})` : '',
		].join(''),
		itemIndex,
		secrets,
	});
}

/** A decision answer (report or group): RIQ says `Success = True`, or the decision was not recorded. */
export function requireSuccess(
	this: RequestContext,
	pkg: XmlNode | undefined,
	notRecorded: string,
	itemIndex: number,
): void {
	const success = text(pkg, 'Success');
	if (success?.toLowerCase() === 'true') return;
	throw vendorApiError(this.getNode(), {
		vendor: VENDOR,
		message: notRecorded,
		description: `ResidentIQ answered Success = ${success ?? '(missing)'}`,
		itemIndex,
	});
}

/** RIQ's error description for the credential test, with the password removed. */
export function credentialTestMessage(error: RiqErrorReport, password: string | undefined): string {
	const description = error.description ?? 'ResidentIQ rejected the request';
	const code = error.code ? ` (RIQ error code ${error.code})` : '';
	return redactText(`${description}${code}`, [password]);
}

export interface ReportErrorState extends RiqErrorReport {
	orderId: string;
}

/**
 * A report RIQ knows but that is in error state: an `x:error` package that names the report
 * (an OrderId) while the request itself was accepted (no ErrorReport outside the packages). RIQ's
 * standard error response (a refused request) names no report, so it is not one.
 */
export function reportErrorState(doc: ParsedXml, orderId?: string): ReportErrorState | undefined {
	const root = rootElement(doc);
	if (root && root.name !== 'BackgroundReportPackage' && child(root.node, 'ErrorReport'))
		return undefined;
	for (const pkg of reportPackages(doc)) {
		const status = text(child(pkg, 'ScreeningStatus'), 'OrderStatus');
		const packageOrderId = text(pkg, 'OrderId');
		if (status?.toLowerCase() !== 'x:error' || !packageOrderId) continue;
		if (orderId !== undefined && packageOrderId !== orderId) continue;
		const report = child(pkg, 'ErrorReport');
		return {
			orderId: packageOrderId,
			code: text(report, 'ErrorCode'),
			description: text(report, 'ErrorDescription'),
			referenceId: text(pkg, 'ReferenceId'),
		};
	}
	return undefined;
}
