import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	basicAuthChallenge,
	parseJson,
	rawBodyOf,
	respondJson,
	sendJson,
	type WebhookResponse,
} from '../shared/webhook';
import { basicAuthMatches } from '../shared/webhook-auth';
import {
	atsAnywhereApiTest,
	credentialProblems,
	CREDENTIAL_TYPE,
	type AtsAnywhereCredentials,
} from './helpers/credentialTest';
import { orderKey, recall, remember } from './helpers/memory';
import { backgroundCheckIdOf, checkOrder } from './helpers/order';
import { buildPackageList } from './helpers/packages';
import { RESPONSE_IMMEDIATELY, RESPONSE_WORKFLOW_ACCEPTED, triggerProperties } from './trigger/description';

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
		icon: { light: 'file:../../icons/atsanywhere.svg', dark: 'file:../../icons/atsanywhere.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{"Orders answered " + ($parameter["responseMode"] === "workflowAccepted" ? "by the workflow" : "immediately")}}',
		description:
			'Serve the package-list and order endpoints ATS Anywhere calls, and start a workflow for each new order',
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
				// "responseNode": the answer comes from the ATS Anywhere "Order: Answer" operation
				// (n8n's own Respond to Webhook node only works with n8n's Webhook and Form triggers).
				responseMode: `={{$parameter["responseMode"] === "${RESPONSE_WORKFLOW_ACCEPTED}" ? "responseNode" : "onReceived"}}`,
				// Used by n8n only when an accepting workflow ends without an Answer step.
				responseCode: '={{201}}',
				path: 'orders',
			},
		],
		properties: triggerProperties,
	};

	methods = { credentialTest: { atsAnywhereApiTest } };

	webhookMethods = {
		default: {
			/** Nothing is registered at ATS Anywhere: the URLs are handed over by hand. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			/** Refuses to activate with a package list the ATS could not use. */
			async create(this: IHookFunctions): Promise<boolean> {
				const built = buildPackageList(
					this.getNodeParameter('packages', {}),
					this.getNodeParameter('addOnPackages', {}),
				);
				if (!built.ok) {
					throw new NodeOperationError(this.getNode(), 'The package list is not ready for ATS Anywhere', {
						description: built.problems.join('; '),
					});
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

		const credentials = (await this.getCredentials(CREDENTIAL_TYPE)) as unknown as AtsAnywhereCredentials;
		const usable = credentialProblems(credentials as unknown as IDataObject).length === 0;
		if (!usable) {
			this.logger.warn('ATS Anywhere Trigger: the credential is incomplete, so every request is refused');
		}
		const account = usable
			? basicAuthMatches(req.headers.authorization, [
					{ user: credentials.accountId, password: credentials.apiSecret },
				])
			: undefined;
		if (!account) {
			this.logger.debug('ATS Anywhere Trigger: request refused, HTTP Basic did not match the credential');
			return respondJson(res, 401, { error_message: 'Unauthorized' }, basicAuthChallenge(REALM));
		}

		// Only the packages URL is registered for GET and only the orders URL for POST.
		if ((req.method ?? '').toUpperCase() === 'GET') return answerPackages.call(this, res, account.user);
		return await answerOrder.call(this, res, account.user);
	}
}

function answerPackages(
	this: IWebhookFunctions,
	res: WebhookResponse,
	accountId: string,
): IWebhookResponseData {
	const built = buildPackageList(
		this.getNodeParameter('packages', {}),
		this.getNodeParameter('addOnPackages', {}),
	);
	if (!built.ok) {
		this.logger.error(`ATS Anywhere Trigger: package list not answered: ${built.problems.join('; ')}`);
		return respondJson(res, 500, { error_message: 'The package list is not available right now' });
	}
	sendJson(res, 200, built.list);
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
						requested_at: new Date().toISOString(),
						package_ids: built.list.packages.map((entry) => entry.id),
						add_on_package_ids: built.list.add_on_packages.map((entry) => entry.id),
					},
				},
			],
		],
	};
}

async function answerOrder(
	this: IWebhookFunctions,
	res: WebhookResponse,
	accountId: string,
): Promise<IWebhookResponseData> {
	const body = await jsonBodyOf(this);
	const staticData = this.getWorkflowStaticData('global');

	// A retry of an order already accepted gets the same answer and starts nothing.
	const retriedId = backgroundCheckIdOf(body);
	if (retriedId !== undefined) {
		const remembered = recall(staticData, orderKey(accountId, retriedId));
		if (remembered) {
			this.logger.info('ATS Anywhere Trigger: repeated order answered as before, no new execution', {
				backgroundCheckId: retriedId,
			});
			return respondJson(res, remembered.statusCode, remembered.body);
		}
	}

	const offered = buildPackageList(
		this.getNodeParameter('packages', {}),
		this.getNodeParameter('addOnPackages', {}),
	);
	if (!offered.ok) {
		this.logger.error(`ATS Anywhere Trigger: order refused, package list invalid: ${offered.problems.join('; ')}`);
		return respondJson(res, 500, { error_message: 'Orders cannot be accepted right now: the provider is not set up' });
	}

	const options = this.getNodeParameter('options', {}) as IDataObject;
	const check = checkOrder(body, offered.list, {
		authenticatedAccountId: options.requireMatchingAccountId === false ? undefined : accountId,
	});
	if (!check.ok) {
		this.logger.info('ATS Anywhere Trigger: invalid order refused', {
			backgroundCheckId: retriedId,
			problems: check.problems.length,
		});
		return respondJson(res, 400, { error_message: `Invalid order: ${check.problems.join('; ')}` });
	}

	const { order } = check;
	const mode = this.getNodeParameter('responseMode', RESPONSE_IMMEDIATELY) as string;
	if (mode === RESPONSE_WORKFLOW_ACCEPTED) {
		// n8n waits for the "Order: Answer" step (or the end of the workflow) to answer.
		return { workflowData: [[{ json: order }]] };
	}

	const answer = remember(staticData, orderKey(accountId, order.background_check_id), {
		statusCode: 201,
		body: { background_check_id: order.background_check_id, message: 'Order received' },
	});
	sendJson(res, answer.statusCode, answer.body);
	return { noWebhookResponse: true, workflowData: [[{ json: order }]] };
}
