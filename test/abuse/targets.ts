/**
 * The inbound endpoints of the three webhook triggers in the example workflows, with the secrets the runtime
 * pre-filled for them (read from the stack's imported credentials and the workflows' nodes, never hard-coded).
 */
import { createHmac } from 'node:crypto';

import {
	PACKAGE_NAME,
	type CredentialInput,
	type Stack,
	type WorkflowInput,
	type WorkflowNode,
} from '../../scripts/runtime';

export type EndpointName = 'ats-packages' | 'ats-orders' | 'riq-postback' | 'choice-callback';

/** How a sender proves itself to one endpoint: the right headers, and wrong variants to try. */
export interface Auth {
	/** What the trigger is configured with (`none` means the example leaves it open). */
	mode: 'basic' | 'header' | 'none';
	/** Where the secret came from, for the report. */
	source: string;
	good: Record<string, string>;
	/** Wrong or missing credentials, each labelled. */
	wrong: Array<{ label: string; headers: Record<string, string> }>;
}

export interface Endpoint {
	name: EndpointName;
	method: 'GET' | 'POST';
	url: string;
	workflowId: string;
	/** The trigger node's name in its workflow (its output is in each execution's run data under this name). */
	triggerName: string;
	auth: Auth;
}

/** An SSN of the sandbox's clean test file: sent in bodies, it must never come back whole. */
export const TEST_SSN = '333-22-1111';
export const TEST_SSN_FORMS = ['333-22-1111', '333221111'];

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

function trigger(stack: Stack, type: string): { wf: WorkflowInput; node: WorkflowNode } {
	for (const wf of stack.workflows) {
		const node = wf.nodes.find((n) => n.type === `${PACKAGE_NAME}.${type}`);
		if (node) return { wf, node };
	}
	throw new Error(`no example workflow has a ${type} node`);
}

/** The credential a node references for `type`: by id among the imported ones, else the only one of that type. */
function credentialOf(stack: Stack, node: WorkflowNode, type: string): CredentialInput {
	const ref = node.credentials?.[type];
	const byId = stack.credentials.find((c) => c.type === type && ref?.id && c.id === ref.id);
	const ofType = stack.credentials.filter((c) => c.type === type);
	const found = byId ?? (ofType.length === 1 ? ofType[0] : undefined);
	if (!found) {
		throw new Error(
			`"${node.name}" uses a ${type} credential (${JSON.stringify(ref ?? null)}) that the runtime did not import: ` +
				`startStack must pre-fill it (stack.credentials has ${stack.credentials.map((c) => `${c.type}:${c.id}`).join(', ')})`,
		);
	}
	return found;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

function basicAuth(user: string, password: string, source: string): Auth {
	return {
		mode: 'basic',
		source,
		good: { authorization: basic(user, password) },
		wrong: [
			{ label: 'no Authorization', headers: {} },
			{ label: 'wrong password', headers: { authorization: basic(user, `${password}x`) } },
			{ label: 'wrong user', headers: { authorization: basic(`${user}x`, password) } },
			{ label: 'empty Basic', headers: { authorization: 'Basic ' } },
			{ label: 'Basic not base64', headers: { authorization: 'Basic !!!%%%' } },
			{ label: 'Bearer with the password', headers: { authorization: `Bearer ${password}` } },
		],
	};
}

function headerAuth(name: string, value: string, source: string): Auth {
	return {
		mode: 'header',
		source,
		good: { [name]: value },
		wrong: [
			{ label: `no ${name}`, headers: {} },
			{ label: `wrong ${name}`, headers: { [name]: `${value}x` } },
			{ label: `empty ${name}`, headers: { [name]: '' } },
			{
				label: `${name} prefix only`,
				headers: { [name]: value.slice(0, Math.max(1, value.length - 1)) },
			},
			{ label: 'secret in another header', headers: { 'x-other': value } },
			{ label: 'secret as Basic password', headers: { authorization: basic(name, value) } },
		],
	};
}

/** No authentication configured: the wrong-credential requests below are still sent, and must still be refused. */
function openAuth(source: string): Auth {
	return {
		mode: 'none',
		source,
		good: {},
		wrong: [
			{ label: 'no Authorization', headers: {} },
			{ label: 'made-up Basic', headers: { authorization: basic('intruder', 'guess') } },
		],
	};
}

/** The Authentication of a RIQ / Choice trigger, from its parameter (or the node's default) and its credential. */
function triggerAuth(stack: Stack, node: WorkflowNode, defaultMode: string): Auth {
	const params = (node.parameters ?? {}) as Record<string, unknown>;
	const mode = str(params.authentication) || defaultMode;
	const credentialType = Object.keys(node.credentials ?? {}).find((type) =>
		['choiceScreeningCallbackApi', 'residentIqPostbackApi'].includes(type),
	);
	if ((mode === 'basicAuth' || mode === 'headerAuth') && !credentialType)
		throw new Error(`"${node.name}" asks for ${mode} but references no inbound credential`);
	if (mode === 'basicAuth') {
		const cred = credentialOf(stack, node, credentialType!);
		return basicAuth(
			str(cred.data.user),
			str(cred.data.password),
			`${credentialType} credential "${cred.name}"`,
		);
	}
	if (mode === 'headerAuth') {
		const cred = credentialOf(stack, node, credentialType!);
		return headerAuth(
			str(cred.data.headerName).toLowerCase(),
			str(cred.data.headerSecret),
			`${credentialType} credential "${cred.name}"`,
		);
	}
	// ResidentIQ's default: the URL's random path and the read-back from RIQ are the authentication, so a postback
	// without credentials is the documented case and there is no wrong credential to send.
	if (mode === 'readBack')
		return { mode: 'none', source: 'the URL and the read-back from RIQ', good: {}, wrong: [] };
	return openAuth(`authentication "${mode}" in the example`);
}

/**
 * The Basic user and password an ATS client account sends, from the trigger's ATS Anywhere credential: one account
 * (`accountId` / `apiSecret`), a list (`accountSecrets`, ACCOUNT:SECRET per line) or derived secrets
 * (HMAC-SHA256(masterSecret, account id), base64url) for `accountId`, the account the sandbox's ATS orders with.
 */
function atsAccount(
	cred: CredentialInput,
	accountId: string,
): { user: string; password: string; how: string } {
	const data = cred.data;
	if (str(data.accountId) && str(data.apiSecret))
		return { user: str(data.accountId), password: str(data.apiSecret), how: 'single account' };
	if (data.mode === 'list' || str(data.accountSecrets)) {
		const lines = str(data.accountSecrets)
			.split(/\r?\n/)
			.map((line) => line.trim())
			.filter(Boolean);
		const line = lines.find((l) => l.startsWith(`${accountId}:`)) ?? lines[0] ?? ':';
		const at = line.indexOf(':');
		return { user: line.slice(0, at), password: line.slice(at + 1), how: 'account list' };
	}
	if (str(data.masterSecret)) {
		return {
			user: accountId,
			password: createHmac('sha256', str(data.masterSecret))
				.update(accountId, 'utf8')
				.digest('base64url'),
			how: 'derived secret',
		};
	}
	throw new Error(
		`the ATS Anywhere credential "${cred.name}" has no account secret the suite can use (fields: ${Object.keys(data).join(', ')})`,
	);
}

export function endpointsOf(stack: Stack, atsAccountId: string): Record<EndpointName, Endpoint> {
	const ats = trigger(stack, 'atsAnywhereTrigger');
	const riq = trigger(stack, 'residentIqTrigger');
	const choice = trigger(stack, 'choiceScreeningTrigger');
	const atsCred = credentialOf(stack, ats.node, 'atsAnywhereApi');
	const account = atsAccount(atsCred, atsAccountId);
	const atsAuth = basicAuth(
		account.user,
		account.password,
		`atsAnywhereApi credential "${atsCred.name}", ${account.how} of ${account.user}`,
	);
	const url = (node: WorkflowNode, path: string) =>
		`${stack.n8nUrl}/webhook/${node.webhookId}/${path}`;
	return {
		'ats-packages': {
			name: 'ats-packages',
			method: 'GET',
			url: url(ats.node, 'packages'),
			workflowId: ats.wf.id ?? '',
			triggerName: ats.node.name,
			auth: atsAuth,
		},
		'ats-orders': {
			name: 'ats-orders',
			method: 'POST',
			url: url(ats.node, 'orders'),
			workflowId: ats.wf.id ?? '',
			triggerName: ats.node.name,
			auth: atsAuth,
		},
		'riq-postback': {
			name: 'riq-postback',
			method: 'POST',
			url: url(riq.node, 'riq-postback'),
			workflowId: riq.wf.id ?? '',
			triggerName: riq.node.name,
			auth: triggerAuth(stack, riq.node, 'readBack'),
		},
		'choice-callback': {
			name: 'choice-callback',
			method: 'POST',
			url: url(choice.node, 'callback'),
			workflowId: choice.wf.id ?? '',
			triggerName: choice.node.name,
			auth: triggerAuth(stack, choice.node, 'basicAuth'),
		},
	};
}

/** Every secret value the runtime imported (passwords, API secrets and keys, header values, client secrets). */
export function secretsOf(stack: Stack, extra: string[] = []): string[] {
	const secretKey = /password|secret|apikey|token|^value$/i;
	const out = new Set<string>(extra.filter((value) => value.length >= 6));
	for (const credential of stack.credentials) {
		for (const [key, value] of Object.entries(credential.data)) {
			if (
				typeof value === 'string' &&
				value.length >= 6 &&
				secretKey.test(key) &&
				!/^https?:/.test(value)
			)
				out.add(value);
		}
	}
	return [...out];
}
