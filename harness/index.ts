import { randomUUID } from 'node:crypto';
import {
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type IExecuteResponsePromiseData,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type ITaskData,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNodeTypes, loadPackage, PACKAGE_NAME } from './node-types';

export { PACKAGE_NAME };

export type CredentialsMap = Record<string, ICredentialDataDecryptedObject>;

export interface TestNodeSpec {
	/** Node type without the package prefix, e.g. `pageUp`. */
	type: string;
	name?: string;
	parameters?: INodeParameters;
	/** Node settings n8n keeps beside parameters (continueOnFail, onError...). */
	settings?: Partial<Pick<INode, 'continueOnFail' | 'onError' | 'retryOnFail' | 'webhookId'>>;
}

const nodeTypes = new HarnessNodeTypes();

function nodeTypeOf(type: string): INodeType {
	return nodeTypes.getByNameAndVersion(fullType(type));
}

function fullType(type: string) {
	return type.includes('.') ? type : `${PACKAGE_NAME}.${type}`;
}

/** Builds an INode the way the editor saves it: full type name, default (else latest) version, credentials wired. */
export function makeNode(spec: TestNodeSpec, credentials: CredentialsMap = {}, index = 0): INode {
	const type = fullType(spec.type);
	const description = nodeTypes.getByNameAndVersion(type).description;
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	const nodeCredentials: INode['credentials'] = {};
	for (const credential of description.credentials ?? []) {
		if (credentials[credential.name]) {
			nodeCredentials[credential.name] = { id: `cred-${credential.name}`, name: credential.name };
		}
	}
	return {
		id: `node-${index}`,
		name: spec.name ?? description.defaults.name ?? spec.type,
		type,
		typeVersion: description.defaultVersion ?? Math.max(...versions),
		position: [index * 200, 0],
		parameters: spec.parameters ?? {},
		credentials: nodeCredentials,
		webhookId: spec.settings?.webhookId ?? (description.webhooks ? randomUUID() : undefined),
		...spec.settings,
	};
}

/** Connects nodes in a straight line, as most test workflows are. */
export function chain(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return connections;
}

function additionalDataFor(
	credentialsHelper: HarnessCredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		variables: {},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not supported by the test harness');
		},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** A workflow holding just one node, as n8n builds one around a trigger or a parameter lookup. */
function singleNodeWorkflow(node: INode, active: boolean, staticData?: IDataObject) {
	return new Workflow({
		id: 'harness',
		nodes: [node],
		connections: {},
		nodeTypes,
		active,
		staticData,
	});
}

export interface WorkflowRun {
	run: IRun;
	/** What nodes sent as the webhook's answer (`sendResponse`, n8n's "responseNode" mode), in order. */
	responses: IExecuteResponsePromiseData[];
	/** Items a node emitted on an output, the first by default (all runs concatenated). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error a node stopped with, if any. */
	errorOf(nodeName: string): Error | undefined;
	credentials: HarnessCredentialsHelper;
}

export interface ExecuteOptions {
	credentials?: CredentialsMap;
	/** Items the first node starts with (the trigger's output, for trigger-started workflows). */
	input?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	/** Reuse a credential store across runs (keeps cached tokens). */
	credentialsHelper?: HarnessCredentialsHelper;
	/** Node types to run with (for example the package's plus stand-ins for built-in nodes). */
	nodeTypes?: INodeTypes;
}

/** Runs nodes (the first one starts) through n8n-core's WorkflowExecute, as n8n does. */
export async function executeWorkflow(
	nodes: INode[],
	connections: IConnections,
	options: ExecuteOptions = {},
): Promise<WorkflowRun> {
	const credentialsHelper =
		options.credentialsHelper ?? new HarnessCredentialsHelper({ ...(options.credentials ?? {}) });
	const workflow = new Workflow({
		id: 'harness',
		name: 'harness',
		nodes,
		connections,
		nodeTypes: options.nodeTypes ?? nodeTypes,
		active: false,
		staticData: options.staticData,
	});
	const hooks = new ExecutionLifecycleHooks(options.mode ?? 'manual', 'exec-1', {
		id: 'harness',
		name: 'harness',
		nodes,
		connections,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const responses: IExecuteResponsePromiseData[] = [];
	hooks.addHandler('sendResponse', (response) => {
		responses.push(response);
	});
	let resolveRun: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: nodes[0], data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const execute = new WorkflowExecute(
		additionalDataFor(credentialsHelper, hooks),
		options.mode ?? 'manual',
		runExecutionData,
	);
	await execute.processRunExecutionData(workflow);
	const run = await finished;
	const { runData } = run.data.resultData;
	return {
		run,
		responses,
		credentials: credentialsHelper,
		output: (nodeName, outputIndex = 0) =>
			(runData[nodeName] ?? []).flatMap((task: ITaskData) => task.data?.main?.[outputIndex] ?? []),
		errorOf: (nodeName) => runData[nodeName]?.find((task: ITaskData) => task.error)?.error,
	};
}

/**
 * Runs one action node on the given items: Start -> node. With `settings: { onError: 'continueErrorOutput' }`
 * n8n-core's WorkflowExecute routes the node's items itself, as n8n does (`handleNodeErrorOutput`): an item
 * whose `error` is set, or whose json holds nothing but error, message and details, goes to the error output
 * (`errorItems`), with its input item's json merged in; every other item stays on `items`.
 */
export async function runNode(
	spec: TestNodeSpec,
	options: ExecuteOptions & { items?: IDataObject[] | INodeExecutionData[] } = {},
) {
	const credentials = options.credentials ?? {};
	const start = makeNode({ type: 'harness.start', name: 'Start' }, credentials, 0);
	const node = makeNode(spec, credentials, 1);
	const items = (options.items ?? [{}]).map((item, index) =>
		'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject, pairedItem: { item: index } },
	);
	const result = await executeWorkflow([start, node], chain([start, node]), {
		...options,
		input: items,
	});
	return {
		...result,
		items: result.output(node.name),
		errorItems: result.output(node.name, 1),
		error: result.errorOf(node.name),
		node,
	};
}

export interface PollOptions {
	credentials?: CredentialsMap;
	credentialsHelper?: HarnessCredentialsHelper;
	mode?: 'trigger' | 'manual';
	/** Persisted between polls by passing the same object again. */
	staticData?: IDataObject;
	pollBudgetMs?: number;
}

/** Calls a polling trigger's `poll()` with n8n-core's PollContext, as n8n's poller does. */
export async function runPoll(spec: TestNodeSpec, options: PollOptions = {}) {
	const credentialsHelper =
		options.credentialsHelper ?? new HarnessCredentialsHelper({ ...(options.credentials ?? {}) });
	const node = makeNode(spec, options.credentials ?? credentialsHelper.storedAll(), 0);
	const staticData = options.staticData ?? {};
	const workflow = singleNodeWorkflow(node, true, staticData);
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		node,
		additionalDataFor(credentialsHelper),
		mode,
		'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		() => options.pollBudgetMs ?? 5 * 60 * 1000,
	);
	const nodeType = nodeTypeOf(spec.type);
	if (!nodeType.poll) throw new Error(`${spec.type} has no poll()`);
	const result = await nodeType.poll.call(context);
	return {
		result,
		items: result?.[0] ?? [],
		staticData: workflow.staticData,
		credentials: credentialsHelper,
		node,
	};
}

export interface WebhookRequest {
	method?: 'GET' | 'POST' | 'PUT' | 'HEAD';
	headers?: Record<string, string>;
	/** A string or Buffer is sent as the raw body; an object is sent as JSON. */
	body?: unknown;
	query?: Record<string, string>;
	/** Which of the node's webhooks (its `name`); defaults to the one matching path and method. */
	webhookName?: string;
	/** The webhook description's `path`, for nodes with several. */
	path?: string;
}

export interface CapturedResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	ended: boolean;
}

/** A stand-in for the express Response n8n hands to webhook nodes. */
function fakeResponse(): { res: unknown; captured: CapturedResponse } {
	const captured: CapturedResponse = {
		statusCode: 200,
		headers: {},
		body: undefined,
		ended: false,
	};
	const res = {
		status(code: number) {
			captured.statusCode = code;
			return res;
		},
		setHeader(name: string, value: string) {
			captured.headers[name.toLowerCase()] = String(value);
			return res;
		},
		header(name: string, value: string) {
			return res.setHeader(name, value);
		},
		set(name: string, value: string) {
			return res.setHeader(name, value);
		},
		json(body: unknown) {
			captured.headers['content-type'] ??= 'application/json';
			captured.body = body;
			captured.ended = true;
			return res;
		},
		send(body: unknown) {
			captured.body = body;
			captured.ended = true;
			return res;
		},
		end(body?: unknown) {
			if (body !== undefined) captured.body = body;
			captured.ended = true;
			return res;
		},
	};
	return { res, captured };
}

/** Parses a body the way n8n's webhook server does, keeping the raw bytes as `rawBody`. */
function fakeRequest(request: WebhookRequest) {
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(request.headers ?? {}))
		headers[key.toLowerCase()] = value;
	let rawBody: Buffer | undefined;
	let body: unknown = {};
	if (typeof request.body === 'string' || Buffer.isBuffer(request.body)) {
		rawBody = Buffer.from(request.body as string);
		const contentType = headers['content-type'] ?? '';
		const text = rawBody.toString('utf8');
		if (contentType.includes('json')) body = text.trim() ? JSON.parse(text) : {};
		else if (contentType.includes('x-www-form-urlencoded'))
			body = Object.fromEntries(new URLSearchParams(text));
	} else if (request.body !== undefined) {
		rawBody = Buffer.from(JSON.stringify(request.body));
		headers['content-type'] ??= 'application/json';
		body = request.body;
	}
	return {
		method: request.method ?? 'POST',
		headers,
		body,
		rawBody,
		query: request.query ?? {},
		params: {},
	};
}

export interface WebhookOptions {
	credentials?: CredentialsMap;
	credentialsHelper?: HarnessCredentialsHelper;
	staticData?: IDataObject;
	mode?: 'webhook' | 'manual';
}

/**
 * Delivers one HTTP request to a webhook trigger, as n8n's webhook server would: calls the node's
 * `webhook()` and reports what it answered and what it would start a workflow with.
 */
export async function deliverWebhook(
	spec: TestNodeSpec,
	request: WebhookRequest,
	options: WebhookOptions = {},
) {
	const credentialsHelper =
		options.credentialsHelper ?? new HarnessCredentialsHelper({ ...(options.credentials ?? {}) });
	const node = makeNode(spec, options.credentials ?? credentialsHelper.storedAll(), 0);
	const staticData = options.staticData ?? {};
	const workflow = singleNodeWorkflow(node, true, staticData);
	const nodeType = nodeTypeOf(spec.type);
	const webhooks = nodeType.description.webhooks ?? [];
	const method = request.method ?? 'POST';
	const description =
		webhooks.find(
			(w) =>
				(!request.webhookName || w.name === request.webhookName) &&
				(!request.path || w.path === request.path) &&
				String(w.httpMethod).toUpperCase() === method,
		) ??
		webhooks.find((w) => !request.webhookName || w.name === request.webhookName) ??
		webhooks[0];
	if (!nodeType.webhook || !description) throw new Error(`${spec.type} has no webhook`);
	const req = fakeRequest(request);
	const { res, captured } = fakeResponse();
	const additionalData = additionalDataFor(credentialsHelper, undefined, {
		httpRequest: req as never,
		httpResponse: res as never,
	});
	const webhookData: IWebhookData = {
		httpMethod: req.method as IWebhookData['httpMethod'],
		node: node.name,
		path: String(description.path),
		webhookDescription: description,
		workflowId: 'harness',
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'webhook',
		webhookData,
		[],
		null,
	);
	const result: IWebhookResponseData = await nodeType.webhook.call(context);
	return {
		result,
		response: captured,
		/** The response object the node got, to answer later as n8n does in "responseNode" mode. */
		res,
		/** Items the workflow would start with, or undefined when no execution starts. */
		items: result.workflowData?.[0],
		staticData: workflow.staticData,
		node,
		credentials: credentialsHelper,
	};
}

/** Calls a node's loadOptions method with n8n-core's LoadOptionsContext. */
export async function loadOptions(
	spec: TestNodeSpec,
	method: string,
	options: { credentials: CredentialsMap },
) {
	const credentialsHelper = new HarnessCredentialsHelper({ ...options.credentials });
	const node = makeNode(spec, options.credentials, 0);
	const workflow = singleNodeWorkflow(node, false);
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalDataFor(credentialsHelper, undefined, {
			currentNodeParameters: node.parameters,
		}),
		'',
	);
	const nodeType = nodeTypeOf(spec.type);
	const fn = nodeType.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`${spec.type} has no loadOptions.${method}`);
	return await fn.call(context);
}

export { HarnessCredentialsHelper, loadPackage };

/**
 * A real n8n-core function context (helpers, credentials, logger) on a bare node, for testing
 * shared request code without an operation around it.
 */
export function requestContext(credentials: CredentialsMap = {}) {
	const credentialsHelper = new HarnessCredentialsHelper({ ...credentials });
	const node = makeNode({ type: 'harness.start', name: 'Start' }, credentials, 0);
	const workflow = singleNodeWorkflow(node, false);
	return new LoadOptionsContext(workflow, node, additionalDataFor(credentialsHelper), '');
}
