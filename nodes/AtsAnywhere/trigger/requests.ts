import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import {
	ATS_CREDENTIAL_TYPE,
	atsAccounts,
	type AtsAccounts,
} from '../../../credentials/AtsAnywhereApi.credentials';
import {
	maxBodyBytes,
	refusal,
	type Delivery,
	type InboundSpec,
	type Refusal,
} from '../../shared/inbound';
import { InboundLedger, ledgerScope } from '../../shared/ledger';
import { maskUnless } from '../../shared/pii';
import { basicAuthChallenge, parseJson } from '../../shared/webhook';
import { parseBasicAuth, safeEqual } from '../../shared/webhook-auth';
import { logUnexpectedShape } from '../../shared/unexpectedShape';
import { ACCEPTED_ORDERS, backgroundCheckIdOf, checkOrder, orderKey } from '../helpers/order';
import {
	buildPackageList,
	buildRestrictions,
	packageViewFor,
	type PackageList,
} from '../helpers/packages';
import { normaliseAnswer } from './answers';
import {
	DEFAULT_MAX_ORDER_MB,
	RESPONSE_IMMEDIATELY,
	RESPONSE_WORKFLOW_ACCEPTED,
} from './description';

const TRIGGER = 'ATS Anywhere Trigger';
const REALM = 'ATS Anywhere';

type AtsRequest = { kind: 'packages' } | { kind: 'order'; body: unknown };

/** The inbound pipeline's ATS Anywhere parts (nodes/shared/inbound.ts): the package list and the order endpoint. */
export function atsSpec(context: IWebhookFunctions): InboundSpec<AtsRequest> {
	const options = {
		...(context.getNodeParameter('options', {}) as IDataObject),
		...(context.getNodeParameter('requestOptions', {}) as IDataObject),
	};
	let accountId = '';
	let backgroundCheckId = '';
	return {
		trigger: TRIGGER,
		errorBody: (message) => ({ error_message: message }),
		ledger: new InboundLedger(context.getWorkflowStaticData('global'), {
			...ACCEPTED_ORDERS,
			scope: ledgerScope(context),
		}),
		maxBytes: maxBodyBytes(options, DEFAULT_MAX_ORDER_MB),
		authenticate: async () => {
			const account = await authenticatedAccount(context);
			if (typeof account !== 'string')
				return refusal(401, 'Unauthorized', account.reason, basicAuthChallenge(REALM));
			accountId = account;
			return undefined;
		},
		// Only the packages URL is registered for GET and only the orders URL for POST.
		parse: (raw) =>
			(context.getRequestObject().method ?? '').toUpperCase() === 'GET'
				? { kind: 'packages' }
				: {
						kind: 'order',
						body: raw.length ? parseJson(raw.toString('utf8'), { ignoreBom: true }) : undefined,
					},
		// A retry of an order already accepted, or a duplicate of one in progress, gets the same answer.
		deliveryKey: (request) => {
			const id = request.kind === 'order' ? backgroundCheckIdOf(request.body) : undefined;
			return id === undefined ? undefined : orderKey(accountId, id);
		},
		handle: async (request) => {
			if (request.kind === 'packages') return answerPackages(context, accountId, options);
			backgroundCheckId = backgroundCheckIdOf(request.body) ?? '';
			return answerOrder(context, accountId, request.body, options);
		},
		normalise: (answer) => normaliseAnswer(answer.statusCode, answer.body, backgroundCheckId),
		stillInFlight: 'The same order is still being processed; please send it again later',
	};
}

/** Account-list warnings already logged by this process (each is logged once, not on every request). */
const loggedWarnings = new Set<string>();

function warnOnce(context: IWebhookFunctions, warnings: string[]): void {
	for (const warning of warnings) {
		if (loggedWarnings.has(warning)) continue;
		loggedWarnings.add(warning);
		context.logger.warn(`ATS Anywhere Trigger: ${warning}; the other accounts work`);
	}
}

/** The client account the request authenticated as (every check runs in constant time), or why not. */
async function authenticatedAccount(
	context: IWebhookFunctions,
): Promise<string | { reason: string }> {
	let accounts: AtsAccounts;
	try {
		accounts = atsAccounts(
			await context.getCredentials<ICredentialDataDecryptedObject>(ATS_CREDENTIAL_TYPE),
		);
	} catch {
		accounts = atsAccounts(undefined);
	}
	if (accounts.problems.length)
		return { reason: 'the credential cannot verify accounts, so every request is refused' };
	warnOnce(context, accounts.warnings);
	const received = parseBasicAuth(context.getRequestObject().headers.authorization);
	if (!received) return { reason: 'no HTTP Basic credentials' };
	const expected = accounts.secretFor(received.user);
	// Compared even for an unknown account, so the time taken does not tell which accounts exist.
	const matches = safeEqual(received.password, expected ?? `unknown:${received.password}`);
	return matches && expected !== undefined
		? received.user
		: { reason: 'HTTP Basic did not match a client account' };
}

type Offered =
	| { ok: true; list: PackageList; viewFor: (accountId: string) => PackageList }
	| { ok: false; problems: string[] };

/** The package list with each account's restriction; not ok when either parameter is unusable. */
export function offeredPackages(context: IWebhookFunctions | IHookFunctions): Offered {
	const built = buildPackageList(
		context.getNodeParameter('packages', {}),
		context.getNodeParameter('addOnPackages', {}),
	);
	if (!built.ok) return built;
	const { restrictions, problems } = buildRestrictions(
		context.getNodeParameter('accountPackages', {}),
		built.list,
	);
	if (problems.length) return { ok: false, problems };
	return {
		ok: true,
		list: built.list,
		viewFor: (accountId) => packageViewFor(built.list, restrictions.get(accountId)),
	};
}

/** A provider set up wrongly: not the ATS's fault, and retryable once fixed. */
const notSetUp = (message: string, problems: string[]) =>
	refusal(500, message, `the package list is invalid: ${problems.join('; ')}`);

function answerPackages(
	context: IWebhookFunctions,
	accountId: string,
	options: IDataObject,
): Delivery | Refusal {
	const offered = offeredPackages(context);
	if (!offered.ok) return notSetUp('The package list is not available right now', offered.problems);
	const view = offered.viewFor(accountId);
	const items =
		options.emitPackageRequests === true
			? [
					{
						json: {
							event: 'packages_requested',
							account_id: accountId,
							authenticated_account_id: accountId,
							requested_at: new Date().toISOString(),
							package_ids: view.packages.map((entry) => entry.id),
							add_on_package_ids: view.add_on_packages.map((entry) => entry.id),
						},
					},
				]
			: [];
	return { answer: { statusCode: 200, body: view as unknown as IDataObject }, items };
}

function answerOrder(
	context: IWebhookFunctions,
	accountId: string,
	body: unknown,
	options: IDataObject,
): Delivery | Refusal {
	const offered = offeredPackages(context);
	if (!offered.ok)
		return notSetUp(
			'Orders cannot be accepted right now: the provider is not set up',
			offered.problems,
		);
	const check = checkOrder(body, offered.list, {
		authenticatedAccountId: options.requireMatchingAccountId === false ? undefined : accountId,
		accountView: offered.viewFor(accountId),
	});
	if (!check.ok) {
		logUnexpectedShape(context.logger, 'ATS Anywhere Trigger', 'an order refused as invalid', body);
		return refusal(
			400,
			`Invalid order: ${check.problems.join('; ')}`,
			`invalid order (${check.problems.length} problems)`,
		);
	}
	const { order } = check;
	const items = [
		{
			json: {
				...maskUnless(order, options.maskPersonalData !== false),
				authenticated_account_id: accountId,
				receivedAt: new Date().toISOString(),
			},
		},
	];
	const mode = context.getNodeParameter('responseMode', RESPONSE_WORKFLOW_ACCEPTED) as string;
	// n8n answers when the "Order: Answer" step runs, or when the workflow fails or ends first; duplicates
	// arriving meanwhile wait for that answer.
	if (mode !== RESPONSE_IMMEDIATELY) return { answer: 'workflow', items, remember: true };
	return {
		answer: normaliseAnswer(201, undefined, order.background_check_id),
		items,
		remember: true,
	};
}
