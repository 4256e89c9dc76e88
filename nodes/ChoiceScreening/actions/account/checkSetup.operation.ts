import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	CHOICE_PATH_SETTINGS,
	choicePaths,
	type ChoicePathName,
} from '../../../../credentials/ChoiceScreeningApi.credentials';
import type { OperationMeta } from '../../../shared/registry';
import {
	failureSeen,
	failureStatus,
	fieldNames,
	SetupReport,
	setupOrderIdField,
	shapeOf,
} from '../../../shared/setupCheck';
import {
	isObj,
	orderIdOf,
	orderNumberOf,
	packagesFrom,
	packageSummary,
} from '../../helpers/response';
import { choiceRequest, CREDENTIAL_TYPE, VENDOR } from '../../transport';

export const meta: OperationMeta = {
	name: 'Check Setup',
	action: 'Check the Choice Screening setup',
	description:
		'Try every assumption this package makes about your Choice account, read-only, and report which held',
	writes: false,
};

export const description: INodeProperties[] = [setupOrderIdField(VENDOR)];

type Answer =
	| { ok: true; statusCode: number; body: unknown; contentType?: string }
	| { ok: false; error: unknown };

async function read(
	this: IExecuteFunctions,
	endpoint: ChoicePathName,
	itemIndex: number,
	id?: string,
): Promise<Answer> {
	try {
		const response = await choiceRequest.call(this, {
			endpoint,
			id,
			itemIndex,
			retry: { maxAttempts: 1 },
			...(endpoint === 'orderReport' ? { binary: true, accept: '*/*' } : {}),
		});
		const type = response.headers['content-type'];
		return {
			ok: true,
			statusCode: response.statusCode,
			body: response.body,
			contentType: Array.isArray(type) ? type[0] : type,
		};
	} catch (error) {
		return { ok: false, error };
	}
}

/** "Ping is at GET /api/v1/ping": held on 2xx; a 404 says the path differs; anything else differs as seen. */
function located(report: SetupReport, what: string, path: string, setting: string, answer: Answer) {
	const assumption = `${what} is at GET ${path}`;
	if (answer.ok) {
		report.held(assumption, `HTTP ${answer.statusCode}`);
		return;
	}
	const status = failureStatus(answer.error);
	report.differs(
		assumption,
		failureSeen(answer.error),
		status === 404
			? `Set the credential's ${setting} (Environment: Custom URLs) to your account's path`
			: status === 401 || status === 403
				? 'The credential was refused'
				: undefined,
	);
}

const STATUS_FIELD = 'status';

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const report = new SetupReport(VENDOR);
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const paths = choicePaths(credentials);
	const setting = (name: ChoicePathName) => CHOICE_PATH_SETTINGS[name].displayName;
	const mode = credentials.authentication === 'apiKey' ? 'API key' : 'OAuth2 token';

	const ping = await read.call(this, 'ping', itemIndex);
	const packages = await read.call(this, 'packages', itemIndex);

	// The credential: judged by the first of ping and packages that told (2xx, or 401/403).
	const auth = `The ${mode} is accepted`;
	const told = [ping, packages].find(
		(answer) => answer.ok || [401, 403].includes(failureStatus(answer.error) ?? 0),
	);
	if (!told) report.notCheckable(auth, 'neither ping nor packages answered 2xx, 401 or 403');
	else if (told.ok) report.held(auth, `HTTP ${told.statusCode}`);
	else report.differs(auth, failureSeen(told.error), 'Check the credential (and its scope)');

	located(report, 'Ping', paths.ping, setting('ping'), ping);
	located(report, 'The package list', paths.packages, setting('packages'), packages);
	const listed = 'The package list holds packages with a package number';
	if (!packages.ok) report.notCheckable(listed, 'the package list could not be read');
	else {
		const list = packagesFrom(packages.body);
		const numbered = list.filter((pkg) => packageSummary(pkg).number !== undefined).length;
		const seen = `${shapeOf(packages.body)}; ${list.length} package(s), ${numbered} with a number`;
		if (list.length > 0 && numbered === list.length) report.held(listed, seen);
		else if (list.length === 0)
			report.notCheckable(listed, seen, 'No package is on the account yet');
		else report.differs(listed, seen);
	}

	const raw = this.getNodeParameter('setupOrderId', itemIndex, '') as unknown;
	const orderId = orderNumberOf(typeof raw === 'string' ? raw.trim() : raw);
	const orderAssumptions = [
		`The order status is at GET ${paths.orderStatus}`,
		'The order answer holds the order number (under "order" or at the top)',
		`The order's status is in a field named "${STATUS_FIELD}"`,
		`The report is at GET ${paths.orderReport}`,
	];
	if (!orderId) {
		for (const assumption of orderAssumptions)
			report.notCheckable(
				assumption,
				'no Existing Order ID given',
				'Give an order number to check these',
			);
		return report.items(itemIndex);
	}

	const status = await read.call(this, 'orderStatus', itemIndex, orderId);
	located(report, 'The order status', paths.orderStatus, setting('orderStatus'), status);
	if (!status.ok) {
		for (const assumption of orderAssumptions.slice(1, 3))
			report.notCheckable(assumption, 'the order status could not be read');
	} else {
		const body = status.body;
		const wrapper = isObj(body) && isObj((body as IDataObject).order) ? 'order' : undefined;
		const holder = (wrapper ? (body as IDataObject).order : body) as unknown;
		const where = wrapper ? 'wrapped in "order"' : 'fields at the top (no "order" wrapper)';
		const id = orderIdOf(body);
		if (id) report.held(orderAssumptions[1], `${where}; the order number was found`);
		else report.differs(orderAssumptions[1], `${where}; ${shapeOf(body)}`);
		const fields = fieldNames(holder);
		if (fields.includes(STATUS_FIELD))
			report.held(orderAssumptions[2], `${where}; fields: ${fields.join(', ')}`);
		else {
			const likely = fields.filter((name) => /status|state/i.test(name));
			report.differs(
				orderAssumptions[2],
				`${where}; no "${STATUS_FIELD}"; ${likely.length ? `status-like fields: ${likely.join(', ')}` : `fields: ${fields.join(', ') || 'none'}`}`,
				'The nodes read "status": tell us the field your account uses',
			);
		}
	}

	const reportAnswer = await read.call(this, 'orderReport', itemIndex, orderId);
	located(report, 'The report', paths.orderReport, setting('orderReport'), reportAnswer);
	return report.items(itemIndex);
}
