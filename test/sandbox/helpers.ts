/* eslint-disable @typescript-eslint/no-explicit-any -- loosely typed JSON/XML answers keep the tests readable */
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RunningSandbox, StartOptions } from '../../sandbox/server';
import { demoCredentials, startSandbox } from '../../sandbox/server';
import type { XmlNode } from '../../sandbox/xml';
import { buildXml, parseXml } from '../../sandbox/xml';

export { demoCredentials };

export async function start(options: StartOptions = {}): Promise<RunningSandbox> {
	return await startSandbox({ port: 0, demoData: false, ...options });
}

export interface JsonAnswer<T = any> {
	status: number;
	headers: Headers;
	body: T;
}

export async function json<T = any>(url: string, init: RequestInit = {}): Promise<JsonAnswer<T>> {
	const response = await fetch(url, init);
	const text = await response.text();
	let body: unknown = text;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		body = text;
	}
	return { status: response.status, headers: response.headers, body: body as T };
}

export function form(values: Record<string, string>): RequestInit {
	return {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(values).toString(),
	};
}

export async function pageUpToken(
	sb: RunningSandbox,
	scope = `Public.BackgroundCheck.Read Public.BackgroundCheck.Write`,
): Promise<string> {
	const c = demoCredentials.pageUp;
	const answer = await json(
		`${sb.url}/pageup/connect/token`,
		form({
			grant_type: 'client_credentials',
			client_id: c.clientId,
			client_secret: c.clientSecret,
			instanceId: c.instanceId,
			scope,
		}),
	);
	if (answer.status !== 200)
		throw new Error(`token: ${answer.status} ${JSON.stringify(answer.body)}`);
	return answer.body.access_token as string;
}

export async function choiceToken(sb: RunningSandbox): Promise<string> {
	const c = demoCredentials.choiceScreening;
	const answer = await json(
		`${sb.url}/choice/connect/token`,
		form({
			grant_type: 'client_credentials',
			client_id: c.clientId,
			client_secret: c.clientSecret,
			scope: c.scope,
		}),
	);
	if (answer.status !== 200)
		throw new Error(`token: ${answer.status} ${JSON.stringify(answer.body)}`);
	return answer.body.access_token as string;
}

/** A RIQ request document: `<BackgroundCheck userId password><BackgroundSearchPackage ...>`. */
export function riqRequest(
	pkg: XmlNode | string,
	options: { userId?: string; password?: string; root?: string; extraRoot?: XmlNode } = {},
): string {
	const c = demoCredentials.residentIq;
	return buildXml({
		[options.root ?? 'BackgroundCheck']: {
			'@_userId': options.userId ?? c.userId,
			'@_password': options.password ?? c.password,
			BackgroundSearchPackage: pkg,
			...options.extraRoot,
		},
	});
}

export interface RiqAnswer {
	status: number;
	contentType: string | null;
	text: string;
	doc: XmlNode;
	/** BackgroundReports element. */
	root: any;
	/** BackgroundReportPackage element (if any). */
	pkg: any;
}

export async function riq(sb: RunningSandbox, path: string, xml: string): Promise<RiqAnswer> {
	const response = await fetch(`${sb.url}/riq/api/partner${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/xml' },
		body: xml,
	});
	const text = await response.text();
	const doc = parseXml(text);
	const root = (doc.BackgroundReports ?? {}) as any;
	return {
		status: response.status,
		contentType: response.headers.get('content-type'),
		text,
		doc,
		root,
		pkg: root.BackgroundReportPackage,
	};
}

/** A valid RIQ submission (the published sample's shape, placeholders filled in). */
export function riqSubmission(
	options: {
		ssn?: string;
		referenceId?: string;
		product?: string;
		postbackUrl?: string;
		linkTo?: string;
	} = {},
): XmlNode {
	const items: XmlNode[] = [
		{ '@_type': 'x:monthly_rent', Text: '915' },
		{ '@_type': 'x:monthly_income', Text: '8157' },
	];
	if (options.postbackUrl) items.push({ '@_type': 'x:postback_url', Text: options.postbackUrl });
	if (options.linkTo) items.push({ '@_type': 'x:link_order', Text: options.linkTo });
	return {
		'@_action': 'submit',
		'@_type': options.product ?? 'RIQ Standard',
		ReferenceId: options.referenceId ?? 'PARTNER-REF-1',
		PersonalData: {
			PersonName: { GivenName: 'Hank', MiddleName: 'Danger', FamilyName: 'Mess' },
			DemographicDetail: {
				GovernmentId: { '@_issuingAuthority': 'SSN', '#text': options.ssn ?? '333221111' },
				DateOfBirth: '1970-12-01',
			},
			PostalAddress: {
				'@_type': 'current',
				PostalCode: '57701',
				Region: 'SD',
				Municipality: 'Rapid City',
				DeliveryAddress: { AddressLine: '2401 Mt Rushmore Rd, 311' },
			},
			Telephone: '8008675309',
		},
		Screenings: { '@_useConfigurationDefaults': 'yes', AdditionalItems: items },
	};
}

export async function riqSubmit(
	sb: RunningSandbox,
	options: Parameters<typeof riqSubmission>[0] = {},
): Promise<string> {
	const answer = await riq(
		sb,
		'',
		riqRequest(riqSubmission(options), { root: 'BackgroundReports' }),
	);
	const orderId = answer.pkg?.OrderId as string | undefined;
	if (!orderId) throw new Error(`submit failed: ${answer.text}`);
	return orderId;
}

export interface ReceivedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface Receiver {
	url: string;
	requests: ReceivedRequest[];
	/** Next answers; defaults to 200 {}. */
	respond: (request: ReceivedRequest) => { status: number; body?: unknown };
	close(): Promise<void>;
}

/** A stand-in for the user's side (postback receiver, ATS provider endpoints). */
export async function startReceiver(respond?: Receiver['respond']): Promise<Receiver> {
	const receiver: Receiver = {
		url: '',
		requests: [],
		respond: respond ?? (() => ({ status: 200, body: {} })),
		close: async () => undefined,
	};
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			receiver.requests.push(request);
			const answer = receiver.respond(request);
			const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
			res.writeHead(answer.status, { 'Content-Type': 'application/json' });
			res.end(payload);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	receiver.close = () =>
		new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	return receiver;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export function isGuid(value: unknown): boolean {
	return typeof value === 'string' && GUID.test(value);
}

/** Every object in `value`, depth first. */
export function objectsIn(value: unknown): Array<Record<string, unknown>> {
	if (Array.isArray(value)) return value.flatMap(objectsIn);
	if (value !== null && typeof value === 'object') {
		return [value as Record<string, unknown>, ...Object.values(value).flatMap(objectsIn)];
	}
	return [];
}
