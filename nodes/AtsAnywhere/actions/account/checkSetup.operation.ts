import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	accountIdList,
	ATS_CREDENTIAL_TYPE,
	atsAccounts,
} from '../../../../credentials/AtsAnywhereApi.credentials';
import { vendorRequest } from '../../../shared/http';
import type { OperationMeta } from '../../../shared/registry';
import { failureSeen, failureStatus, SetupReport } from '../../../shared/setupCheck';
import { isHttpUrl } from '../../../shared/validation';
import { VENDOR } from '../../transport';

export const meta: OperationMeta = {
	name: 'Check Setup',
	action: 'Check the ATS Anywhere setup',
	description:
		"Ask your trigger's package list as each client account, as ATS Anywhere will, and report what each sees",
	writes: false,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Package List URL',
		name: 'packagesUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/<webhook-ID>/packages',
		description:
			"The ATS Anywhere Trigger's production package list URL (its workflow published), as you gave it to ATS Anywhere",
	},
	{
		displayName: 'Account IDs to Check',
		name: 'accountIds',
		type: 'string',
		default: '',
		placeholder: 'ACCT123, ACCT456',
		description:
			'Client accounts to ask as, separated by commas or new lines. Empty: every account of the List credential (a Derived Secrets credential needs them here).',
	},
];

/** Entries of a package list array that lack `id` or `name` (what ATS Anywhere reads of each). */
function incomplete(list: unknown): number {
	if (!Array.isArray(list)) return 0;
	return list.filter(
		(entry) =>
			!entry ||
			typeof entry !== 'object' ||
			!(entry as IDataObject).id ||
			!(entry as IDataObject).name,
	).length;
}

async function getPackages(
	this: IExecuteFunctions,
	url: string,
	itemIndex: number,
	accountId: string,
	wrongSecret?: string,
) {
	return await vendorRequest.call(this, {
		vendor: VENDOR,
		// Signed by the credential with the account's own secret, unless a wrong one is being tried.
		credentialType: wrongSecret === undefined ? ATS_CREDENTIAL_TYPE : undefined,
		request: {
			method: 'GET',
			url,
			json: true,
			headers: { Accept: 'application/json' },
			auth: { username: accountId, password: wrongSecret ?? '' },
		},
		idempotent: true,
		itemIndex,
		retry: { maxAttempts: 1 },
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const report = new SetupReport(VENDOR);
	const accounts = atsAccounts(
		await this.getCredentials<ICredentialDataDecryptedObject>(ATS_CREDENTIAL_TYPE, itemIndex),
	);
	const verifies = 'The credential can verify client accounts';
	if (accounts.problems.length) report.differs(verifies, accounts.problems.join('; '));
	else if (accounts.warnings.length)
		report.differs(verifies, `the other accounts work; ${accounts.warnings.join('; ')}`);
	else
		report.held(
			verifies,
			accounts.mode === 'list' ? `${accounts.listed.length} account(s) listed` : 'derived secrets',
		);

	const url = String(this.getNodeParameter('packagesUrl', itemIndex, '') ?? '').trim();
	const given = accountIdList(this.getNodeParameter('accountIds', itemIndex, ''));
	const ids = given.length ? given : accounts.listed;
	const served = 'The trigger serves a package list with "packages" (each with id and name)';
	if (!isHttpUrl(url) || ids.length === 0) {
		report.notCheckable(
			served,
			!isHttpUrl(url) ? 'no Package List URL' : 'no account to ask as',
			'Give the Package List URL and the Account IDs to check',
		);
		return report.items(itemIndex);
	}

	for (const accountId of ids) {
		const view = `Account ${accountId} gets the package list with its Basic credentials`;
		if (!accounts.secretFor(accountId)) {
			report.differs(view, 'the credential has no secret for this account (unknown or revoked)');
			continue;
		}
		try {
			const response = await getPackages.call(this, url, itemIndex, accountId);
			const body = (response.body ?? {}) as IDataObject;
			const packages = body.packages;
			const addOns = body.add_on_packages;
			const seen = `HTTP ${response.statusCode}; packages: ${Array.isArray(packages) ? packages.length : 'missing'}, add_on_packages: ${Array.isArray(addOns) ? addOns.length : 'missing'}`;
			const gaps = incomplete(packages) + incomplete(addOns);
			if (!Array.isArray(packages)) report.differs(view, seen);
			else if (gaps) report.differs(view, `${seen}; ${gaps} without id or name`);
			else report.held(view, seen);
		} catch (error) {
			report.differs(
				view,
				failureSeen(error),
				'Publish the trigger workflow and use its production URL',
			);
		}
	}

	// The trigger must refuse a wrong secret: ATS Anywhere's Basic Auth is the only thing between it and the list.
	const refuses = 'The trigger refuses a wrong secret (401)';
	try {
		const response = await getPackages.call(this, url, itemIndex, ids[0], 'not-the-secret');
		report.differs(
			refuses,
			`HTTP ${response.statusCode}`,
			'The package list is open to anyone: check the trigger',
		);
	} catch (error) {
		const status = failureStatus(error);
		if (status === 401) report.held(refuses, 'HTTP 401');
		else report.differs(refuses, failureSeen(error));
	}
	return report.items(itemIndex);
}
