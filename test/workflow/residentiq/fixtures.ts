import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { HarnessCredentialsHelper } from '../../../harness/credentials-helper';
import { XMLParser } from 'fast-xml-parser';
import nock from 'nock';

export const BASE = 'https://apiqa.residentiq.com';
export const USER_ID = 'loc-user-7';
export const PASSWORD = 'S3cret-Pass!42';

export const credentials = {
	residentIqApi: { environment: 'sandbox', userId: USER_ID, password: PASSWORD },
};

/** The test's own reader (independent of the node's): attributes kept, all values strings. */
const reader = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
});

export type Xml = Record<string, unknown>;

export function readXml(xml: string): Xml {
	return reader.parse(xml) as Xml;
}

/** A response document as RIQ sends it: the credentials echoed on the root element. */
export function riqAnswer(inner: string, root = 'BackgroundReports'): string {
	return `<?xml version="1.0"?><${root} userId="${USER_ID}" password="${PASSWORD}">${inner}</${root}>`;
}

export function errorAnswer(code: string, description: string, referenceId = ''): string {
	return riqAnswer(
		`<BackgroundReportPackage><ReferenceId>${referenceId}</ReferenceId><ScreeningStatus><OrderStatus>x:error</OrderStatus></ScreeningStatus><ErrorReport><ErrorCode>${code}</ErrorCode><ErrorDescription>${description}</ErrorDescription></ErrorReport></BackgroundReportPackage>`,
	);
}

export interface Recorded {
	bodies: string[];
	headers: Array<Record<string, string | string[]>>;
}

/** Answers POST /api/partner<route> with `answers` in turn, recording every request body. */
export function riqRoute(
	route: string,
	...answers: Array<{ status?: number; body: string; headers?: Record<string, string> }>
): Recorded {
	const recorded: Recorded = { bodies: [], headers: [] };
	for (const answer of answers) {
		nock(BASE)
			.post(`/api/partner${route}`, (body: unknown) => {
				recorded.bodies.push(typeof body === 'string' ? body : JSON.stringify(body));
				return true;
			})
			.reply(function reply() {
				recorded.headers.push(this.req.headers as Record<string, string | string[]>);
				return [
					answer.status ?? 200,
					answer.body,
					{ 'Content-Type': 'application/xml; charset=utf-8', ...answer.headers },
				];
			});
	}
	return recorded;
}

/** The request document's root: its name, its credential attributes and its content. */
export function requestOf(body: string): {
	root: string;
	attributes: Record<string, string>;
	content: Xml;
} {
	const doc = readXml(body);
	const [root] = Object.keys(doc).filter((key) => !key.startsWith('?'));
	const node = doc[root] as Xml;
	const attributes: Record<string, string> = {};
	const content: Xml = {};
	for (const [key, value] of Object.entries(node)) {
		if (key.startsWith('@_')) attributes[key.slice(2)] = String(value);
		else content[key] = value;
	}
	return { root, attributes, content };
}

/** Every string in a value (deep), for "this secret appears nowhere" checks. */
export function serialise(value: unknown): string {
	return JSON.stringify(value, (_key, entry) =>
		entry instanceof Error ? { ...entry, message: entry.message, stack: entry.stack } : entry,
	);
}

/** deliverWebhook options with these credentials (package and inbound types alike). */
export function withCredentials(
	map: Record<string, ICredentialDataDecryptedObject>,
	staticData?: IDataObject,
) {
	return {
		credentialsHelper: new HarnessCredentialsHelper(map),
		...(staticData ? { staticData } : {}),
	};
}
