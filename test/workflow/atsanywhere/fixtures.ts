import type { IDataObject, INodeParameters } from 'n8n-workflow';

/** The seed's package-list example (seed 001), quotes normalised to JSON. */
export const SEED_PACKAGE_LIST = {
	packages: [
		{
			id: 'PKG001',
			name: 'Basic Package',
			price: '29.99',
			description: 'A basic background check screening',
			screenings: ['Address to Federal Criminal History (7 year)'],
		},
		{
			id: 'PKG002',
			name: 'Standard Package',
			price: '49.99',
			description: 'A basic background check screening',
			screenings: [
				'Address to Federal Criminal History (7 year)',
				'Social Security Address/Alias Trace',
			],
		},
		{
			id: 'PKG003',
			name: 'Deluxe Package',
			price: '69.99',
			description: 'A basic background check screening',
			screenings: [
				'Address to Federal Criminal History (7 year)',
				'Social Security Address/Alias Trace',
				'OFAC Specially Designated Nationals',
				'USA CriminalSearch and USA Offender',
			],
		},
	],
	add_on_packages: [
		{
			id: 'DRG01',
			name: 'Basic Drug Screening',
			price: '29.99',
			description: 'A 7 panel urine test for prohibited substances',
		},
		{
			id: 'DRG02',
			name: 'Comprehensive Drug Screening',
			price: '39.99',
			description: 'A comprehensive 10 panel urine test for prohibited substances',
		},
	],
};

/** The same packages as the trigger's parameters (what a user types into the node). */
export const SEED_PACKAGE_PARAMETERS: INodeParameters = {
	packages: {
		package: SEED_PACKAGE_LIST.packages.map((entry) => ({
			id: entry.id,
			name: entry.name,
			price: entry.price,
			description: entry.description,
			screenings: entry.screenings.join('\n'),
		})),
	},
	addOnPackages: {
		addOnPackage: SEED_PACKAGE_LIST.add_on_packages.map((entry) => ({ ...entry })),
	},
};

/** The seed's order (its e-mail addresses were obfuscated in the published page; example ones here). */
export function seedOrder(overrides: IDataObject = {}): IDataObject {
	return {
		account_id: 'ACCT123',
		hiring_manager_user_id: '67890',
		background_check_id: '224466',
		package_id: 'PKG001',
		add_on_package_ids: ['DRG02'],
		webhook_url: 'https://api.applicant-tracking.com/yourco_webhooks',
		hiring_manager: {
			id: '67890',
			first_name: 'Jill',
			last_name: 'Smith',
			email: 'jill.smith@example.com',
		},
		applicant: {
			id: '12345',
			first_name: 'John',
			last_name: 'Doe',
			phone: '888-555-1234',
			email: 'john.doe@example.com',
			address: '123 Main St.',
			address_2: 'Apt. 1',
			city: 'Springfield',
			state: 'IL',
			zip: '12345',
		},
		job: { id: '12345' },
		...overrides,
	};
}

/** Test-only values (not a real account). */
const TEST_PASSWORD = ['Zx9', 'test', 'only', 'value', '0042'].join('-');
export const ACCOUNT = { accountId: 'ACCT123', apiSecret: TEST_PASSWORD };
/** The credential in List mode with this one account (derived mode is covered by multi-account.test.ts). */
export const credentials = {
	atsAnywhereApi: { mode: 'list', accountSecrets: `${ACCOUNT.accountId}:${ACCOUNT.apiSecret}` },
};

export function basic(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

export const AUTH = { Authorization: basic(ACCOUNT.accountId, ACCOUNT.apiSecret) };

export function triggerSpec(parameters: INodeParameters = {}) {
	return {
		type: 'atsAnywhereTrigger',
		name: 'ATS Anywhere Trigger',
		parameters: { ...SEED_PACKAGE_PARAMETERS, ...parameters },
	};
}
