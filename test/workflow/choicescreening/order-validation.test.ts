import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../../../harness';
import { API, errorText, mockOrder, mockToken, oauthCredentials } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const base = {
	resource: 'order',
	operation: 'create',
	firstName: 'JOHN',
	lastName: 'DOE',
	dateOfBirth: '1990-07-08',
	items: { item: [{ itemType: 'PACKAGE', packageNumber: '165' }] },
};

/** Runs the node with no order endpoint expected: the order must be refused before any request. */
async function refused(parameters: INodeParameters) {
	const order = nock(API)
		.post('/api/v1/order')
		.reply(200, { order: { id: 1 } });
	const result = await runNode(
		{ type: 'choiceScreening', parameters },
		{ credentials: oauthCredentials },
	);
	expect(order.isDone()).toBe(false);
	expect(result.error).toBeDefined();
	return { ...result, message: String(result.error?.message), text: errorText(result.error) };
}

async function sent(parameters: INodeParameters) {
	mockToken();
	const { bodies } = mockOrder();
	const result = await runNode(
		{ type: 'choiceScreening', parameters },
		{ credentials: oauthCredentials },
	);
	expect(result.error).toBeUndefined();
	return bodies[0] as { order: { verifications?: { verification: unknown[] } } };
}

/**
 * Each verification type: a complete entry (the seed's own example where it gives one) is sent as expected;
 * the same entry missing one field the seed requires without a consent form is refused, naming the field.
 */
const VERIFICATION_CASES: Array<{
	type: string;
	key: string;
	entry: INodeParameters;
	sentAs: Record<string, unknown>;
	drop: string;
	droppedValue?: unknown;
}> = [
	{
		type: 'education',
		key: 'education',
		entry: {
			studentName: 'Student 1',
			schoolName: 'College of Learning',
			schoolLocation: 'New York, NY',
			schoolType: 'College',
			degree: 'Bachelor',
			major: 'Computer Science',
			currentStatus: 'Graduated',
			degreeMonth: 12,
			degreeYear: 2024,
		},
		sentAs: {
			studentName: 'Student 1',
			schoolName: 'College of Learning',
			schoolLocation: 'New York, NY',
			schoolType: 'College',
			degree: 'Bachelor',
			major: 'Computer Science',
			currentStatus: 'Graduated',
			degreeMonth: 12,
			degreeYear: 2024,
		},
		drop: 'schoolType',
		droppedValue: '',
	},
	{
		type: 'employment',
		key: 'employment',
		entry: {
			companyName: 'Recent Corp',
			position: 'Training Lead',
			city: 'Denver',
			stateCode: 'CO',
			startMonth: 1,
			startYear: 2024,
			contactName: 'John Doe',
			contactEmail: 'jdoe@example.com',
			contactPhone: '555-555-5555',
			contactAuthorized: true,
		},
		// The seed's example, to the letter: a current job keeps endMonth/endYear 0.
		sentAs: {
			companyName: 'Recent Corp',
			position: 'Training Lead',
			city: 'Denver',
			stateCode: 'CO',
			startMonth: 1,
			startYear: 2024,
			endMonth: 0,
			endYear: 0,
			contactName: 'John Doe',
			contactEmail: 'jdoe@example.com',
			contactPhone: '555-555-5555',
			contactAuthorized: true,
		},
		drop: 'contactPhone',
	},
	{
		type: 'license',
		key: 'proLic',
		entry: {
			licenseType: 'Colorado Professional Teaching License',
			stateCode: 'CO',
			licenseNumber: 'ABC123',
		},
		sentAs: {
			licenseType: 'Colorado Professional Teaching License',
			stateCode: 'CO',
			licenseNumber: 'ABC123',
		},
		drop: 'licenseNumber',
	},
	{
		type: 'professionalreference',
		key: 'proRef',
		entry: {
			contactName: 'John Doe',
			contactPhone: '555-555-5555',
			contactEmail: 'jdoe@example.com',
			address: '123 Test St',
			city: 'Englewood',
			stateCode: 'CO',
			zipCode: '80112',
		},
		sentAs: {
			contactName: 'John Doe',
			contactPhone: '555-555-5555',
			contactEmail: 'jdoe@example.com',
			address: '123 Test St',
			city: 'Englewood',
			stateCode: 'CO',
			zipCode: '80112',
		},
		drop: 'contactPhone',
	},
	{
		type: 'personalreference',
		key: 'personalRef',
		entry: {
			contactName: 'Jimmy Doe',
			contactPhone: '555-555-5555',
			contactEmail: 'jimdoe@example.com',
			address: '123 Test St',
			city: 'Englewood',
			stateCode: 'CO',
			zipCode: '80112',
		},
		sentAs: {
			contactName: 'Jimmy Doe',
			contactPhone: '555-555-5555',
			contactEmail: 'jimdoe@example.com',
			address: '123 Test St',
			city: 'Englewood',
			stateCode: 'CO',
			zipCode: '80112',
		},
		drop: 'contactName',
	},
	{
		type: 'rental',
		key: 'rentalHistory',
		entry: {
			landlord: 'ACME Apartments',
			address: '123 Roadrunner Ln',
			city: 'Walla Walla',
			stateCode: 'WA',
			zipCode: '99362',
			contactPhone: '555-555-5555',
			contactEmail: 'rentacme@example.com',
			startMonth: 1,
			startYear: 1997,
			endMonth: 5,
			endYear: 2000,
		},
		sentAs: {
			landlord: 'ACME Apartments',
			address: '123 Roadrunner Ln',
			city: 'Walla Walla',
			stateCode: 'WA',
			zipCode: '99362',
			contactPhone: '555-555-5555',
			contactEmail: 'rentacme@example.com',
			startMonth: 1,
			startYear: 1997,
			endMonth: 5,
			endYear: 2000,
		},
		drop: 'endYear',
		droppedValue: 0,
	},
	{
		type: 'dot',
		key: 'dotVerification',
		entry: {
			companyName: 'Latest DOT Comp',
			position: 'Driver',
			city: 'Denver',
			stateCode: 'CO',
			startMonth: 1,
			startYear: 2000,
			endMonth: 12,
			endYear: 2023,
			contactName: 'John Doe',
			contactEmail: 'jdoe@example.com',
			contactPhone: '555-555-5555',
		},
		sentAs: {
			companyName: 'Latest DOT Comp',
			position: 'Driver',
			city: 'Denver',
			stateCode: 'CO',
			startMonth: 1,
			startYear: 2000,
			endMonth: 12,
			endYear: 2023,
			contactName: 'John Doe',
			contactEmail: 'jdoe@example.com',
			contactPhone: '555-555-5555',
		},
		drop: 'startYear',
		droppedValue: 0,
	},
];

describe.each(VERIFICATION_CASES)(
	'verification $type',
	({ type, key, entry, sentAs, drop, droppedValue }) => {
		test('a complete entry is sent under its type', async () => {
			const body = await sent({ ...base, verifications: { [key]: [entry] } as INodeParameters });
			expect(body.order.verifications).toStrictEqual({ verification: [{ type, [key]: [sentAs] }] });
		});

		test(`without ${drop} (required when there is no consent form) nothing is sent`, async () => {
			const incomplete = { ...entry, [drop]: droppedValue ?? '' };
			const { message } = await refused({
				...base,
				verifications: { [key]: [entry, incomplete] } as INodeParameters,
			});
			expect(message).toBe(
				`The order is not valid (1 problem): verifications.verification[0].${key}[1].${drop} is required when the order does not use the consent form`,
			);
		});

		test(`with the consent form, ${drop} may be left for the applicant`, async () => {
			const incomplete = { ...entry, [drop]: droppedValue ?? '' };
			const body = await sent({
				...base,
				isConsent: true,
				verifications: { [key]: [incomplete] } as INodeParameters,
			});
			expect(body.order.verifications?.verification).toHaveLength(1);
		});
	},
);

describe('order validation', () => {
	test('one error lists every problem with its path, and never a value', async () => {
		const order = {
			order: {
				isNew: true,
				isConsent: false,
				returnUrl: 'not a url',
				applicant: {
					firstName: ' ',
					lastName: 'DOE',
					dob: { month: 2, day: 30, year: 1990 },
					ssn: '98765432',
					sex: 'X',
					email: { applicants: 'jane-at-example' },
				},
				items: { item: [] },
				verifications: {
					verification: [
						{
							type: 'employment',
							employment: [
								{
									companyName: 'A',
									position: 'B',
									startMonth: 13,
									startYear: 2020,
									contactName: 'C',
									contactPhone: '555',
									contactAuthorized: 'yes',
								},
							],
						},
						{ type: 'criminal' },
					],
				},
			},
		};
		const { message, error, text } = await refused({
			...base,
			orderInput: 'json',
			orderJson: JSON.stringify(order),
		});
		expect(message.split(': ').slice(1).join(': ').split('; ').sort()).toEqual(
			[
				'returnUrl must be an absolute http(s) URL',
				'applicant.firstName is required',
				'applicant.dob is not a date',
				'applicant.ssn must be nine digits',
				'applicant.sex must be one of: F, M, O, P',
				'applicant.email.applicants must be an email address',
				'items.item needs at least one entry',
				'verifications.verification[0].employment[0].startMonth must be a month number from 1 to 12',
				'verifications.verification[0].employment[0].contactAuthorized must be true or false',
				'verifications.verification[1].type must be one of: education, employment, license, professionalreference, personalreference, rental, dot',
			].sort(),
		);
		expect(message).toMatch(/^The order is not valid \(10 problems\): /);
		expect((error as { description?: string }).description).toMatch(
			/^Nothing was sent to Choice Screening/,
		);
		for (const value of ['98765432', 'jane-at-example', 'not a url', '1990', 'criminal', 'yes']) {
			expect(text).not.toContain(value);
		}
	});

	test('the SSN is never quoted, even when it is the problem', async () => {
		const { message, text } = await refused({ ...base, ssn: '123-45-678' });
		expect(message).toBe('The order is not valid (1 problem): applicant.ssn must be nine digits');
		expect(text).not.toMatch(/123-45-678|12345678/);
	});

	test.each([
		['1990-02-30', 'applicant.dob is not a date', 'Use YYYY-MM-DD or MM/DD/YYYY.'],
		['13/08/1990', 'applicant.dob is not a date', 'Use YYYY-MM-DD or MM/DD/YYYY.'],
		['2990-01-01', 'applicant.dob is in the future', undefined],
		['1850-01-01', 'applicant.dob is before 1900', undefined],
		['next tuesday', 'applicant.dob is not a date', 'Use YYYY-MM-DD or MM/DD/YYYY.'],
	])('date of birth %j is refused', async (dateOfBirth, problem, hint) => {
		const { message, text, error } = await refused({ ...base, dateOfBirth });
		expect(message).toBe(`The order is not valid (1 problem): ${problem}`);
		// The accepted formats are named, as the ResidentIQ node names them.
		expect((error as { description?: string }).description).toBe(
			['Nothing was sent to Choice Screening.', hint].filter(Boolean).join(' '),
		);
		if (dateOfBirth) expect(text).not.toContain(dateOfBirth);
	});

	test('in Order JSON a date of birth that is not a real date names the formats too', async () => {
		const { message, error } = await refused({
			...base,
			orderInput: 'json',
			orderJson: JSON.stringify({
				order: {
					isConsent: true,
					applicant: { firstName: 'J', lastName: 'D', dob: { month: 13, day: 8, year: 1990 } },
					items: { item: [{ itemNumber: { type: 'PACKAGE', value: '101' } }] },
				},
			}),
		});
		expect(message).toBe('The order is not valid (1 problem): applicant.dob is not a date');
		expect((error as { description?: string }).description).toBe(
			'Nothing was sent to Choice Screening. Use YYYY-MM-DD or MM/DD/YYYY.',
		);
	});

	test('a missing date of birth is refused (by n8n, as a required parameter) before anything is sent', async () => {
		const order = nock(API)
			.post('/api/v1/order')
			.reply(200, { order: { id: 1 } });
		await expect(
			runNode(
				{ type: 'choiceScreening', parameters: { ...base, dateOfBirth: '' } },
				{ credentials: oauthCredentials },
			),
		).rejects.toThrow('Parameter "Date of Birth" is required');
		expect(order.isDone()).toBe(false);
	});

	test('in Order JSON a missing date of birth is refused by the validation', async () => {
		const { message } = await refused({
			...base,
			orderInput: 'json',
			orderJson: JSON.stringify({
				order: {
					isConsent: true,
					applicant: { firstName: 'J', lastName: 'D' },
					items: { item: [{ itemNumber: { type: 'PACKAGE', value: '101' } }] },
				},
			}),
		});
		expect(message).toBe('The order is not valid (1 problem): applicant.dob is required');
	});

	test('a date of birth mapped as a date-time keeps its calendar date', async () => {
		const body = (await sent({ ...base, dateOfBirth: '1990-07-08T23:30:00-07:00' })) as {
			order: { applicant: { dob: unknown } };
		};
		expect(body.order.applicant.dob).toEqual({ month: 7, day: 8, year: 1990 });
	});

	test('a verification of a type without entries is refused without the consent form', async () => {
		const { message } = await refused({
			...base,
			orderInput: 'json',
			orderJson: JSON.stringify({
				order: {
					isConsent: false,
					applicant: { firstName: 'J', lastName: 'D', dob: { month: 1, day: 2, year: 1980 } },
					items: { item: [{ itemNumber: { type: 'PACKAGE', value: '165' } }] },
					verifications: { verification: [{ type: 'employment' }] },
				},
			}),
		});
		expect(message).toContain(
			'verifications.verification[0].employment needs at least one entry for type employment when the order does not use the consent form',
		);
	});

	test("entries under another type's array are pointed out (Choice reads only the type's own)", async () => {
		const { message } = await refused({
			...base,
			orderInput: 'json',
			orderJson: JSON.stringify({
				order: {
					isConsent: true,
					applicant: { firstName: 'J', lastName: 'D', dob: { month: 1, day: 2, year: 1980 } },
					items: { item: [{ itemNumber: { type: 'PACKAGE', value: '165' } }] },
					verifications: {
						verification: [
							{ type: 'education', education: [{}], employment: [{ companyName: 'X' }] },
						],
					},
				},
			}),
		});
		expect(message).toContain(
			'verifications.verification[0].employment is not read for type education: put it in its own verification with type employment',
		);
	});

	test("the seed's full-model spelling landLord is accepted in Order JSON and sent as given", async () => {
		const rental = {
			landLord: 'Mom',
			address: '1 Home St',
			city: 'Denver',
			stateCode: 'CO',
			zipCode: '80202',
			startMonth: '1',
			startYear: '2001',
			endMonth: '6',
			endYear: '2004',
		};
		const body = await sent({
			...base,
			orderInput: 'json',
			orderJson: JSON.stringify({
				order: {
					isNew: true,
					isConsent: false,
					applicant: { firstName: 'J', lastName: 'D', dob: { month: 1, day: 2, year: 1980 } },
					items: { item: [{ itemNumber: { type: 'PACKAGE', value: '180' } }] },
					verifications: { verification: [{ type: 'rental', rentalHistory: [rental] }] },
				},
			}),
		});
		expect(body.order.verifications?.verification).toEqual([
			{ type: 'rental', rentalHistory: [rental] },
		]);
	});

	test('Create refuses an order JSON that says isNew false', async () => {
		const { message } = await refused({
			...base,
			orderInput: 'json',
			orderJson: JSON.stringify({
				order: {
					isNew: false,
					id: 5,
					isConsent: true,
					applicant: { firstName: 'J', lastName: 'D', dob: { month: 1, day: 2, year: 1980 } },
					items: { item: [{ itemNumber: { type: 'PACKAGE', value: '101' } }] },
				},
			}),
		});
		expect(message).toContain(
			'isNew must be true for Create (use Add to Order to add to an existing order)',
		);
	});

	test('Order JSON that is not JSON is refused without quoting it', async () => {
		const { message, text } = await refused({
			...base,
			orderInput: 'json',
			orderJson: '{"order": {"applicant": {"ssn": "123456789"',
		});
		expect(message).toBe('The order is not valid (1 problem): Order JSON is not valid JSON');
		expect(text).not.toContain('123456789');
	});
});
