import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	ATS_CREDENTIAL_TYPE,
	atsAccounts,
	type AtsAccounts,
} from '../../credentials/AtsAnywhereApi.credentials';
import { maskUnless } from '../shared/pii';
import { logUnexpectedShape } from '../shared/unexpectedShape';
import {
	basicAuthChallenge,
	parseJson,
	rawBodyOf,
	respondJson,
	sendJson,
	type WebhookResponse,
} from '../shared/webhook';
import { parseBasicAuth, safeEqual } from '../shared/webhook-auth';
import { orderKey, recall, remember } from './helpers/memory';
import { backgroundCheckIdOf, checkOrder } from './helpers/order';
import {
	buildPackageList,
	buildRestrictions,
	packageViewFor,
	type PackageList,
} from './helpers/packages';
import { credentialTest } from './methods';
import {
	answeredBefore,
	answerOrHangUp,
	flightKey,
	normaliseAnswer,
	pendingAnswer,
	rememberInProcess,
	trackFirstAnswer,
} from './trigger/answers';
import {
	RESPONSE_IMMEDIATELY,
	RESPONSE_WORKFLOW_ACCEPTED,
	triggerProperties,
} from './trigger/description';

const REALM = 'ATS Anywhere';

/** The request body as a JSON value, whatever content type the ATS used; undefined if it is not JSON. */
async function jsonBodyOf(context: IWebhookFunctions): Promise<unknown> {
	const req = context.getRequestObject();
	const parsed: unknown = req.body;
	if (typeof parsed === 'string') return parseJson(parsed, { ignoreBom: true });
	if (parsed && typeof parsed === 'object' && Object.keys(parsed).length > 0) return parsed;
	const rawBody = await rawBodyOf(req);
	const raw = rawBody ? rawBody.toString('utf8') : '';
	if (raw.trim() === '') return parsed && typeof parsed === 'object' ? parsed : undefined;
	return parseJson(raw, { ignoreBom: true });
}

export class AtsAnywhereTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ATS Anywhere Trigger',
		name: 'atsAnywhereTrigger',
		icon: {
			light: 'file:../../icons/atsanywhere.svg',
			dark: 'file:../../icons/atsanywhere.dark.svg',
		},
		group: ['trigger'],
		// 1.1 behaves as 1. n8n evaluates an expression (`$parameter.options.binaryData`, a setting of its
		// Webhook node v1) in an expression isolate on every request to any version-1 webhook trigger.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{"Orders answered " + ($parameter["responseMode"] === "immediately" ? "immediately" : "by the workflow")}}',
		description:
			'Serve the package-list and order endpoints ATS Anywhere calls, and start a workflow for each new order',
		// Instead of n8n's "Pull in events from ...": ATS Anywhere calls this trigger, it does not poll.
		triggerPanel: {
			header: 'Waiting for ATS Anywhere to fetch your package list or send an order',
		},
		defaults: { name: 'ATS Anywhere Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'atsAnywhereApi', required: true, testedBy: 'atsAnywhereApiTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'packages',
			},
			{
				name: 'default',
				httpMethod: 'POST',
				// Always "responseNode": n8n waits for the ATS Anywhere "Order: Answer" operation (n8n's own
				// Respond to Webhook node only works with n8n's Webhook and Form triggers). In "immediately" mode
				// the trigger has answered before the workflow starts, and the Answer step sends nothing.
				// Plain values, not expressions: n8n 2.x evaluates each `={{ }}` here in an expression isolate
				// on every request (a CPU profile under load: docs/running.md, Queue mode).
				responseMode: 'responseNode',
				// Used by n8n only when an accepting workflow ends without an Answer step. A number (the type
				// asks for a string): n8n passes it to the HTTP response as it is.
				responseCode: 201 as unknown as string,
				path: 'orders',
			},
		],
		properties: triggerProperties,
	};

	methods = { credentialTest };

	webhookMethods = {
		default: {
			/** Nothing is registered at ATS Anywhere: the URLs are handed over by hand. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			/** Refuses to activate with a package list the ATS could not use. */
			async create(this: IHookFunctions): Promise<boolean> {
				const offered = offeredPackages(this);
				if (!offered.ok) {
					// The reason goes in the message too: n8n's publish dialog shows the message only.
					throw new NodeOperationError(
						this.getNode(),
						`The package list is not ready for ATS Anywhere: ${offered.problems.join('; ')}`,
						{
							description: offered.problems.join('; '),
						},
					);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();

		const accountId = await authenticatedAccount(this);
		if (accountId === undefined) {
			this.logger.debug(
				'ATS Anywhere Trigger: request refused, HTTP Basic did not match a client account',
			);
			return respondJson(res, 401, { error_message: 'Unauthorized' }, basicAuthChallenge(REALM));
		}

		// Only the packages URL is registered for GET and only the orders URL for POST.
		if ((req.method ?? '').toUpperCase() === 'GET')
			return answerPackages.call(this, res, accountId);
		return await answerOrder.call(this, res, accountId);
	}
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

/** The client account the request authenticated as, or undefined (every check runs in constant time). */
async function authenticatedAccount(context: IWebhookFunctions): Promise<string | undefined> {
	let accounts: AtsAccounts;
	try {
		accounts = atsAccounts(
			await context.getCredentials<ICredentialDataDecryptedObject>(ATS_CREDENTIAL_TYPE),
		);
	} catch {
		accounts = atsAccounts(undefined);
	}
	if (accounts.problems.length) {
		context.logger.warn(
			'ATS Anywhere Trigger: the credential cannot verify accounts, so every request is refused',
		);
		return undefined;
	}
	warnOnce(context, accounts.warnings);
	const received = parseBasicAuth(context.getRequestObject().headers.authorization);
	if (!received) return undefined;
	const expected = accounts.secretFor(received.user);
	// Compared even for an unknown account, so the time taken does not tell which accounts exist.
	const matches = safeEqual(received.password, expected ?? `unknown:${received.password}`);
	return matches && expected !== undefined ? received.user : undefined;
}

type Offered =
	| { ok: true; list: PackageList; viewFor: (accountId: string) => PackageList }
	| { ok: false; problems: string[] };

/** The package list with each account's restriction; not ok when either parameter is unusable. */
function offeredPackages(context: IWebhookFunctions | IHookFunctions): Offered {
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

function answerPackages(
	this: IWebhookFunctions,
	res: WebhookResponse,
	accountId: string,
): IWebhookResponseData {
	const offered = offeredPackages(this);
	if (!offered.ok) {
		this.logger.error(
			`ATS Anywhere Trigger: package list not answered: ${offered.problems.join('; ')}`,
		);
		return respondJson(res, 500, { error_message: 'The package list is not available right now' });
	}
	const view = offered.viewFor(accountId);
	sendJson(res, 200, view);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (options.emitPackageRequests !== true) return { noWebhookResponse: true };
	return {
		noWebhookResponse: true,
		workflowData: [
			[
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
			],
		],
	};
}

/** Where this trigger's in-process answers live: one workflow's one trigger node. */
function scopeOf(context: IWebhookFunctions): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}/${node.webhookId ?? node.name}`;
}

async function answerOrder(
	this: IWebhookFunctions,
	res: WebhookResponse,
	accountId: string,
): Promise<IWebhookResponseData> {
	const body = await jsonBodyOf(this);
	const staticData = this.getWorkflowStaticData('global');

	// A retry of an order already accepted, or a duplicate of one being processed, gets the same
	// answer and starts nothing.
	const retriedId = backgroundCheckIdOf(body);
	const key = retriedId === undefined ? undefined : flightKey(scopeOf(this), accountId, retriedId);
	if (retriedId !== undefined && key !== undefined) {
		const earlier = answeredBefore(key) ?? recall(staticData, orderKey(accountId, retriedId));
		if (earlier) {
			this.logger.info(
				'ATS Anywhere Trigger: repeated order answered as before, no new execution',
				{
					backgroundCheckId: retriedId,
				},
			);
			return respondJson(res, earlier.statusCode, earlier.body);
		}
		const pending = pendingAnswer(key);
		if (pending) {
			this.logger.info(
				'ATS Anywhere Trigger: duplicate of an order in progress waits for its answer',
				{
					backgroundCheckId: retriedId,
				},
			);
			const answer = await answerOrHangUp(pending, res);
			if (answer) return respondJson(res, answer.statusCode, answer.body);
			return respondJson(res, 503, {
				error_message: 'The same order is still being processed; please send it again later',
			});
		}
	}

	const offered = offeredPackages(this);
	if (!offered.ok) {
		this.logger.error(
			`ATS Anywhere Trigger: order refused, package list invalid: ${offered.problems.join('; ')}`,
		);
		return respondJson(res, 500, {
			error_message: 'Orders cannot be accepted right now: the provider is not set up',
		});
	}

	const options = this.getNodeParameter('options', {}) as IDataObject;
	const check = checkOrder(body, offered.list, {
		authenticatedAccountId: options.requireMatchingAccountId === false ? undefined : accountId,
		accountView: offered.viewFor(accountId),
	});
	if (!check.ok) {
		logUnexpectedShape(this.logger, 'ATS Anywhere Trigger', 'an order refused as invalid', body);
		this.logger.info('ATS Anywhere Trigger: invalid order refused', {
			backgroundCheckId: retriedId,
			problems: check.problems.length,
		});
		return respondJson(res, 400, { error_message: `Invalid order: ${check.problems.join('; ')}` });
	}

	const { order } = check;
	const item = {
		json: {
			...maskUnless(order, options.maskPersonalData !== false),
			authenticated_account_id: accountId,
		},
	};
	const orderId = order.background_check_id;
	const mode = this.getNodeParameter('responseMode', RESPONSE_WORKFLOW_ACCEPTED) as string;
	const inProcessKey = flightKey(scopeOf(this), accountId, orderId);
	if (mode !== RESPONSE_IMMEDIATELY) {
		// n8n answers when the "Order: Answer" step runs, or when the workflow fails or ends first;
		// duplicates arriving meanwhile wait for that answer.
		trackFirstAnswer(res, inProcessKey, orderId);
		return { workflowData: [[item]] };
	}

	const answer = remember(
		staticData,
		orderKey(accountId, orderId),
		normaliseAnswer(201, undefined, orderId),
	);
	rememberInProcess(inProcessKey, answer);
	sendJson(res, answer.statusCode, answer.body);
	return { noWebhookResponse: true, workflowData: [[item]] };
}
