import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { pageUpTokenForm, pageUpUrls } from '../../../../credentials/PageUpApi.credentials';
import { vendorRequest } from '../../../shared/http';
import type { OperationMeta } from '../../../shared/registry';
import { failureSeen, fieldNames, SetupReport, shapeOf } from '../../../shared/setupCheck';
import { idKeyOf } from '../../helpers/checks';
import { READ_SCOPE, WRITE_SCOPE, grantedScopes } from '../../helpers/scopes';
import { CREDENTIAL_TYPE, PAGE_SIZE, pageUpRequest, VENDOR } from '../../transport';
import { ENDPOINTS } from '../../transport/endpoints';

export const meta: OperationMeta = {
	name: 'Check Setup',
	action: 'Check the PageUp setup',
	description:
		'Try every assumption this package makes about your PageUp account, read-only, and report which held',
	writes: false,
};

export const description: INodeProperties[] = [];

const GUID_KEY = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

function hasGuidKey(value: unknown, depth = 0): boolean {
	if (depth > 2 || !value || typeof value !== 'object') return false;
	if (Array.isArray(value)) return value.some((entry) => hasGuidKey(entry, depth + 1));
	return Object.keys(value).some(
		(key) => GUID_KEY.test(key) || hasGuidKey((value as IDataObject)[key], depth + 1),
	);
}

/** The token: issued for the credential's client, and with which scopes (never its value). */
async function checkToken(this: IExecuteFunctions, report: SetupReport, itemIndex: number) {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const { tokenUrl } = pageUpUrls(credentials);
	const assumption =
		'The token URL issues an access token for the client ID, secret and instance ID (client credentials)';
	let answer: IDataObject | undefined;
	try {
		const response = await vendorRequest.call(this, {
			vendor: VENDOR,
			request: {
				method: 'POST',
				url: tokenUrl,
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					Accept: 'application/json',
				},
				body: pageUpTokenForm(credentials),
				json: true,
			},
			idempotent: true,
			itemIndex,
			secrets: [credentials.clientSecret as string],
		});
		answer =
			response.body && typeof response.body === 'object' ? (response.body as IDataObject) : {};
		const seen = `HTTP ${response.statusCode}, fields: ${fieldNames(answer).join(', ') || 'none'}`;
		if (typeof answer.access_token === 'string' && answer.access_token)
			report.held(assumption, seen);
		else report.differs(assumption, `${seen} (no access_token)`);
	} catch (error) {
		report.differs(
			assumption,
			failureSeen(error),
			'Check the environment (or token URL), client ID, secret, instance ID and scope',
		);
	}
	const token = typeof answer?.access_token === 'string' ? answer.access_token : '';
	const scopes = token ? grantedScopes(answer?.scope, token) : undefined;
	for (const scope of [READ_SCOPE, WRITE_SCOPE]) {
		const wanted = `The token grants ${scope}`;
		if (!token) report.notCheckable(wanted, 'no token');
		else if (!scopes)
			report.notCheckable(
				wanted,
				'the token answer has no scope and the token carries no scope claim',
			);
		else if (scopes.includes(scope)) report.held(wanted, `granted: ${scopes.join(' ')}`);
		else
			report.differs(
				wanted,
				`granted: ${scopes.join(' ') || 'none'}`,
				`Ask PageUp to grant ${scope} to this client`,
			);
	}
}

/** The pending list, read once (nothing is claimed): where it is, its wrapper, the id field, the fuzz. */
async function checkPendingList(this: IExecuteFunctions, report: SetupReport, itemIndex: number) {
	const located =
		'The pending list is at GET /v3/{tenantId}/backgroundchecking?status=pending with the token';
	let body: unknown;
	try {
		const response = await pageUpRequest.call(this, ENDPOINTS.listPending, {
			qs: { status: 'pending' },
			itemIndex,
		});
		body = response.body;
		report.held(located, `HTTP ${response.statusCode}, ${shapeOf(body)}`);
	} catch (error) {
		report.differs(located, failureSeen(error), 'Check the API base URL and the tenant ID');
		for (const assumption of [
			'The pending list is a JSON array',
			'Each check has its id in a field named "id"',
			"PageUp's fuzzy serializer adds a GUID-named property (removed before use)",
		])
			report.notCheckable(assumption, 'the pending list could not be read');
		return;
	}

	let list: unknown[] | undefined;
	const bare = 'The pending list is a JSON array';
	if (Array.isArray(body)) {
		list = body;
		report.held(bare, `array of ${body.length}`);
	} else if (body && typeof body === 'object') {
		const wrapper = Object.entries(body as IDataObject).find(([, value]) => Array.isArray(value));
		list = wrapper ? (wrapper[1] as unknown[]) : undefined;
		report.differs(
			bare,
			wrapper
				? `an object wrapping the list in "${wrapper[0]}" (fields: ${fieldNames(body).join(', ')}); the nodes read it there`
				: `${shapeOf(body)}: no list in it`,
		);
	} else {
		report.differs(bare, shapeOf(body));
	}

	const idAssumption = 'Each check has its id in a field named "id"';
	const entries = (list ?? []).filter(
		(entry): entry is IDataObject => !!entry && typeof entry === 'object' && !Array.isArray(entry),
	);
	if (entries.length === 0) {
		report.notCheckable(
			idAssumption,
			list ? 'the pending list is empty' : 'no list',
			'Run it again when a check is pending (Reset to Pending puts a test check back)',
		);
	} else {
		const keys = new Set(entries.map((entry) => idKeyOf(entry) ?? '(none)'));
		const seen = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, id field: ${[...keys].join(', ')}`;
		if (keys.size === 1 && keys.has('id')) report.held(idAssumption, seen);
		else
			report.differs(
				idAssumption,
				`${seen}; fields: ${[...new Set(entries.flatMap((entry) => fieldNames(entry)))].sort().join(', ')}`,
				keys.has('(none)')
					? 'Entries without an id are not claimed: tell us the field PageUp uses'
					: 'The nodes read the id in any letter case',
			);
	}

	const fuzz = "PageUp's fuzzy serializer adds a GUID-named property (removed before use)";
	if (hasGuidKey(body)) report.held(fuzz, 'a GUID-named property was found');
	else if (entries.length === 0 && Array.isArray(body))
		report.notCheckable(fuzz, 'an empty array has no property');
	else report.differs(fuzz, 'no GUID-named property (nothing to remove)');

	const page = `PageUp lists at most ${PAGE_SIZE} checks per read`;
	if (list) {
		if (list.length <= PAGE_SIZE) report.held(page, `${list.length} listed`);
		else report.differs(page, `${list.length} listed (the nodes read every entry)`);
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const report = new SetupReport(VENDOR);
	await checkToken.call(this, report, itemIndex);
	await checkPendingList.call(this, report, itemIndex);
	return report.items(itemIndex);
}
