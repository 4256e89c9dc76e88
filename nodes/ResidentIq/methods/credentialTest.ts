import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { redactText } from '../../shared/pii';
import { endpointPath } from '../../shared/http';
import { credentialTestMessage, findErrorReport, isRiqDocument } from '../transport';
import { ENDPOINTS } from '../transport/endpoints';
import { productsFrom, PACKAGES_REQUEST } from '../transport/products';
import {
	riqBaseUrl,
	withCredentialAttributes,
} from '../../../credentials/ResidentIqApi.credentials';
import { buildXml, parseXml, reportPackages } from '../transport/xml';

type CredentialTestHelpers = ICredentialTestFunctions['helpers'];

/**
 * Posts to /packages. n8n gives credential tests only its legacy `request` helper
 * (ICredentialTestFunctions has no httpRequest and no credential-aware helper), so this is the
 * one request of the package that does not go through vendorRequest.
 */
async function postPackages(
	helpers: CredentialTestHelpers,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const body = withCredentialAttributes(
		buildXml('BackgroundCheck', PACKAGES_REQUEST),
		String(credentials.userId ?? ''),
		String(credentials.password ?? ''),
	);
	const response = (await helpers.request({
		method: 'POST',
		uri: `${riqBaseUrl(credentials)}${endpointPath(ENDPOINTS.packages)}`,
		headers: {
			'Content-Type': 'application/xml; charset=utf-8',
			Accept: 'application/xml, text/xml',
		},
		body,
		json: false,
		timeout: 20_000,
	})) as unknown;
	return Buffer.isBuffer(response) ? response.toString('utf8') : String(response ?? '');
}

/**
 * Calls /packages with the credential. RIQ answers HTTP 200 either way, so the result is read from
 * the body: an `x:error` gives RIQ's own description, a product list means the credential works.
 */
export async function residentIqApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = credential.data ?? {};
	const password = credentials.password as string | undefined;
	const baseUrl = riqBaseUrl(credentials);
	if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) {
		return { status: 'Error', message: 'Base URL must start with http:// or https://' };
	}
	let raw: string;
	try {
		raw = await postPackages(this.helpers, credentials);
	} catch (error) {
		const status = (error as { response?: { status?: number }; httpCode?: string }).response
			?.status;
		const message = status
			? `ResidentIQ at ${baseUrl} answered HTTP ${status}`
			: `Could not reach ResidentIQ at ${baseUrl}: ${(error as Error).message ?? 'no answer'}`;
		return { status: 'Error', message: redactText(message, [password]) };
	}
	const doc = raw.trim().startsWith('<') ? parseXml(raw) : {};
	if (!isRiqDocument(doc)) {
		return {
			status: 'Error',
			message: `${baseUrl} did not answer with ResidentIQ XML: check the environment and base URL`,
		};
	}
	const problem = findErrorReport(doc);
	if (problem) return { status: 'Error', message: credentialTestMessage(problem, password) };
	const products = productsFrom(doc, reportPackages(doc));
	return {
		status: 'OK',
		message: products.length
			? `Connection successful: ${products.length} product(s) available`
			: 'Connection successful, but no products are enabled for this client location',
	};
}
