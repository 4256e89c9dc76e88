import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type NodeApiError,
} from 'n8n-workflow';

import {
	basicAuthChallenge,
	basicAuthProperties,
	configuredBasicAuth,
	parseJson,
	respondJson,
	sendJson,
	unregisteredWebhookMethods,
} from '../shared/webhook';
import { basicAuthMatches, safeEqual } from '../shared/webhook-auth';
import { asJson, outputOf } from './helpers/order';
import { orderIdOf, readOrder } from './transport';

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

const REALM = 'Choice Screening callback';
const DEFAULT_TOKEN_HEADER = 'X-Callback-Token';
/** Confirming must not keep Choice's callback waiting long. */
const CONFIRM_TIMEOUT_MS = 15_000;

function firstHeader(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** The callback body: parsed JSON, or the raw bytes parsed as JSON when n8n did not (for example text/plain). */
function callbackBody(this: IWebhookFunctions): Obj | undefined {
	const parsed: unknown = this.getBodyData();
	if (isObj(parsed) && Object.keys(parsed).length) return parsed;
	const raw = this.getRequestObject().rawBody;
	const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof parsed === 'string' ? parsed : '';
	if (!text.trim()) return undefined;
	const value = parseJson(text);
	return isObj(value) ? value : undefined;
}

export class ChoiceScreeningTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Choice Screening Trigger',
		name: 'choiceScreeningTrigger',
		icon: { light: 'file:../../icons/choicescreening.svg', dark: 'file:../../icons/choicescreening.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Order callback" + ($parameter["confirmWithChoice"] ? " (confirmed)" : "")}}',
		description: "Starts the workflow when Choice Screening posts an order's result to its Return URL",
		defaults: { name: 'Choice Screening Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'choiceScreeningApi',
				required: true,
				displayOptions: { show: { confirmWithChoice: [true] } },
			},
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' }],
		properties: [
			{
				displayName:
					"Use this node's Production URL as the order's Return URL. Choice does not sign callbacks: keep the URL private, add Basic Auth or a header token (arranged with Choice), and turn on Confirm With Choice.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'None', value: 'none', description: 'Rely on the unguessable webhook URL only' },
					{ name: 'Basic Auth', value: 'basicAuth', description: 'Choice sends a user name and password you agreed' },
					{
						name: 'Header Token',
						value: 'headerToken',
						description: 'Choice sends a secret token in a header you agreed',
					},
				],
				default: 'none',
			},
			...basicAuthProperties,
			{
				displayName: 'Header Name',
				name: 'headerName',
				type: 'string',
				default: DEFAULT_TOKEN_HEADER,
				displayOptions: { show: { authentication: ['headerToken'] } },
			},
			{
				displayName: 'Token',
				name: 'headerToken',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				description: 'The header must carry exactly this value (or "Bearer" followed by it)',
				displayOptions: { show: { authentication: ['headerToken'] } },
			},
			{
				displayName: 'Confirm With Choice',
				name: 'confirmWithChoice',
				type: 'boolean',
				default: false,
				description:
					'Whether to re-read the order\'s status from Choice with the credential and emit that instead of trusting the callback body (kept under "callback"). Callbacks for orders Choice does not know are refused.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Mask Personal Data in Output',
						name: 'maskPersonalData',
						type: 'boolean',
						default: true,
						description:
							'Whether to show only the last four digits of SSNs and licence numbers and hide dates of birth in the output',
					},
				],
			},
		],
	};

	// Choice is told the Return URL per order, so there is nothing to register or remove remotely.
	webhookMethods = unregisteredWebhookMethods();

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const refuse = (status: number, message: string, headers: Record<string, string> = {}) =>
			respondJson(res, status, { error: message }, headers);

		const headers = this.getHeaderData();
		const authentication = this.getNodeParameter('authentication', 'none') as string;
		if (authentication === 'basicAuth') {
			const expected = configuredBasicAuth(this);
			const challenge = basicAuthChallenge(REALM, { charset: false });
			if (!expected) {
				this.logger.warn(
					'Choice Screening Trigger: Basic Auth is selected but no user or password is set; refusing callbacks',
				);
				return refuse(401, 'Authorization required', challenge);
			}
			if (!basicAuthMatches(headers.authorization, [expected])) {
				return refuse(401, 'Authorization required', challenge);
			}
		} else if (authentication === 'headerToken') {
			const name = (
				(this.getNodeParameter('headerName', DEFAULT_TOKEN_HEADER) as string).trim() || DEFAULT_TOKEN_HEADER
			).toLowerCase();
			const token = this.getNodeParameter('headerToken', '') as string;
			const received = firstHeader(headers[name])?.trim() ?? '';
			const bearer = received.replace(/^bearer\s+/i, '');
			const plainMatch = safeEqual(received, token);
			const bearerMatch = safeEqual(bearer, token);
			if (!token) {
				this.logger.warn('Choice Screening Trigger: Header Token is selected but no token is set; refusing callbacks');
				return refuse(401, 'Authorization required');
			}
			if (!received || !(plainMatch || bearerMatch)) return refuse(401, 'Authorization required');
		}

		const body = callbackBody.call(this);
		const orderId = orderIdOf(body);
		if (!body || !orderId) {
			return refuse(400, 'Expected a Choice Screening order response (JSON with the order id)');
		}

		const mask = this.getNodeParameter('options.maskPersonalData', true) !== false;
		let output: IDataObject = body as IDataObject;
		if (this.getNodeParameter('confirmWithChoice', false) === true) {
			let status: unknown;
			try {
				status = await readOrder.call(this, orderId, {
					timeout: CONFIRM_TIMEOUT_MS,
					retry: { maxAttempts: 2 },
				});
			} catch (error) {
				const httpCode = Number((error as NodeApiError).httpCode);
				if (httpCode === 404) return refuse(400, 'Choice Screening does not know this order');
				this.logger.warn('Choice Screening Trigger: could not confirm a callback with Choice', {
					orderId,
					httpCode: Number.isFinite(httpCode) ? httpCode : undefined,
				});
				return refuse(503, 'The callback could not be confirmed with Choice Screening; please retry');
			}
			const confirmedId = orderIdOf(status);
			if (confirmedId && confirmedId !== orderId) {
				return refuse(400, 'Choice Screening returned a different order');
			}
			output = { ...asJson(status), callback: body as IDataObject };
		}

		sendJson(res, 200, { received: true });
		return {
			noWebhookResponse: true,
			workflowData: [[{ json: { orderId, ...outputOf(output, mask) } }]],
		};
	}
}
