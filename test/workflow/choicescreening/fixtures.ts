import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

export const API = 'https://api.choicescreening.com';
export const AUTH = 'https://csauth.choicescreening.com';
export const STAGE_API = 'https://stageapi.choicescreening.com';
export const STAGE_AUTH = 'https://stageauth.choicescreening.com';

export const CLIENT_SECRET = 'cs-client-secret-value';
export const API_KEY = 'cs-api-key-value';

export const oauthCredentials = {
	choiceScreeningApi: {
		authentication: 'clientCredentials',
		environment: 'production',
		clientId: 'client-1',
		clientSecret: CLIENT_SECRET,
		scope: 'choice.api',
	},
};

export const apiKeyCredentials = {
	choiceScreeningApi: {
		authentication: 'apiKey',
		environment: 'production',
		apiKey: API_KEY,
	},
};

/** The token endpoint, answering `times` times with tok-1, tok-2, ... and recording the form bodies. */
export function mockToken(times = 1, host = AUTH, path = '/connect/token') {
	const forms: Array<Record<string, string>> = [];
	const scope = nock(host)
		.post(path, (body: string | Record<string, string>) => {
			forms.push(typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body);
			return true;
		})
		.times(times)
		.reply(200, () => ({
			access_token: `tok-${forms.length}`,
			token_type: 'Bearer',
			expires_in: 1209600,
		}));
	return { scope, forms };
}

/** A Choice order response body (the public status model's shape). */
export function orderResponse(id: number, extra: Record<string, unknown> = {}) {
	return {
		order: {
			id,
			isError: false,
			isComplete: false,
			status: 'Pending',
			statusDateTime: '2026-11-20T10:00:00Z',
			applicant: { firstName: 'JOHN', middleName: 'SAMPLE', lastName: 'DOE', reference: '' },
			items: { item: [] },
			...extra,
		},
	};
}

/** The order endpoint, recording each parsed request body. */
export function mockOrder(
	reply: (body: unknown) => [number, unknown] = () => [200, orderResponse(1234567)],
	host = API,
) {
	const bodies: unknown[] = [];
	const scope = nock(host)
		.post('/api/v1/order', (body: unknown) => {
			bodies.push(typeof body === 'string' ? JSON.parse(body) : body);
			return true;
		})
		.reply(() => reply(bodies[bodies.length - 1]));
	return { scope, bodies };
}

/**
 * Everything in an error a user or a log could see, except `node`: n8n attaches the node's own saved
 * parameters to every error, and a test that types an SSN into a parameter would find it there.
 */
export function errorText(error: unknown): string {
	const rest: Record<string, unknown> = { ...((error ?? {}) as Record<string, unknown>) };
	delete rest.node;
	const e = error as { message?: string; description?: string };
	return [String(e?.message), String(e?.description), JSON.stringify(rest)].join('\n');
}

/** The seed's sample orders, extracted verbatim from seeds/004. No nock here. */
const seedSamples = {
	nationalFederalCriminal: {
		title: 'National/Federal Criminal',
		body: {
			order: {
				isNew: true,
				isConsent: false,
				applicant: {
					firstName: 'JOHN',
					middleName: 'SAMPLE',
					lastName: 'DOE',
					dob: {
						month: 7,
						day: 8,
						year: 1990,
					},
					ssn: '123456789',
				},
				items: {
					item: [
						{
							itemNumber: {
								type: 'PACKAGE',
								value: '[[packageNumber]]',
							},
						},
					],
				},
			},
		},
	},
	stateCriminal: {
		title: 'State Criminal',
		body: {
			order: {
				isNew: true,
				isConsent: false,
				applicant: {
					firstName: 'JOHN',
					middleName: 'SAMPLE',
					lastName: 'DOE',
					dob: {
						month: 7,
						day: 8,
						year: 1990,
					},
				},
				items: {
					item: [
						{
							itemNumber: {
								type: 'PACKAGE',
								value: '[[packageNumber]]',
							},
							stateCode: 'CO',
						},
					],
				},
			},
		},
	},
	countyCriminal: {
		title: 'County Criminal',
		body: {
			order: {
				isNew: true,
				isConsent: false,
				applicant: {
					firstName: 'JOHN',
					middleName: 'SAMPLE',
					lastName: 'DOE',
					dob: {
						month: 7,
						day: 8,
						year: 1990,
					},
				},
				items: {
					item: [
						{
							itemNumber: {
								type: 'PACKAGE',
								value: '[[packageNumber]]',
							},
							stateCode: 'CO',
							county: 'ARAPAHOE',
						},
					],
				},
			},
		},
	},
	credit: {
		title: 'Credit',
		body: {
			order: {
				isNew: true,
				isConsent: false,
				applicant: {
					firstName: 'JOHN',
					middleName: 'SAMPLE',
					lastName: 'DOE',
					dob: {
						month: 7,
						day: 8,
						year: 1990,
					},
					ssn: '123456789',
					address: '123 SAMPLE ST.',
					city: 'EXAMPLETOWN',
					state: 'CO',
					zipCode: '81212',
				},
				items: {
					item: [
						{
							itemNumber: {
								type: 'PACKAGE',
								value: '[[packageNumber]]',
							},
						},
					],
				},
			},
		},
	},
	motorVehicle: {
		title: 'Motor Vehicle',
		body: {
			order: {
				isNew: true,
				isConsent: false,
				applicant: {
					firstName: 'JOHN',
					middleName: 'SAMPLE',
					lastName: 'DOE',
					dob: {
						month: 7,
						day: 8,
						year: 1990,
					},
					driversLicenseNumber: 'A987654321',
				},
				items: {
					item: [
						{
							itemNumber: {
								type: 'PACKAGE',
								value: '[[packageNumber]]',
							},
							stateCode: 'CO',
						},
					],
				},
			},
		},
	},
	drugTesting: {
		title: 'Drug Testing',
		body: {
			order: {
				isNew: true,
				isConsent: false,
				applicant: {
					firstName: 'JOHN',
					middleName: 'SAMPLE',
					lastName: 'DOE',
					dob: {
						month: 7,
						day: 8,
						year: 1990,
					},
					ssn: '123456789',
					address: '123 SAMPLE ST.',
					city: 'EXAMPLETOWN',
					state: 'CO',
					zipCode: '81212',
					email: {
						applicants: 'JOHNDOE@EXAMPLE.COM',
					},
					phone: '555-555-5555',
				},
				items: {
					item: [
						{
							itemNumber: {
								type: 'PACKAGE',
								value: '[[packageNumber]]',
							},
						},
					],
				},
			},
		},
	},
	eviction: {
		title: 'Eviction',
		body: {
			order: {
				isNew: true,
				isConsent: false,
				applicant: {
					firstName: 'JOHN',
					middleName: 'SAMPLE',
					lastName: 'DOE',
					dob: {
						month: 7,
						day: 8,
						year: 1990,
					},
				},
				items: {
					item: [
						{
							itemNumber: {
								type: 'PACKAGE',
								value: '[[packageNumber]]',
							},
							stateCode: 'CO',
						},
					],
				},
			},
		},
	},
};

/** A seed sample's name. */
export type SeedSampleName = keyof typeof seedSamples;
export const SEED_SAMPLES = seedSamples;

/** A seed sample with its `[[packageNumber]]` placeholder filled in, verbatim. */
export function seedSample(
	name: SeedSampleName,
	packageNumber: string,
): { order: Record<string, unknown> } {
	return JSON.parse(
		JSON.stringify(seedSamples[name].body).split('[[packageNumber]]').join(packageNumber),
	);
}

/**
 * What the node sends for a seed sample: the sample exactly, plus `isNotifyOnComplete` (false), which the
 * seed's model requires and the samples leave out (issue 13: always sent).
 */
export function seedBody(
	name: SeedSampleName,
	packageNumber: string,
): { order: Record<string, unknown> } {
	const body = seedSample(name, packageNumber);
	return { order: { ...body.order, isNotifyOnComplete: body.order.isNotifyOnComplete ?? false } };
}

const john = { firstName: 'JOHN', lastName: 'DOE', dateOfBirth: '1990-07-08' };
const pkg = (packageNumber: string, extra: INodeParameters = {}) => ({
	item: [{ itemType: 'PACKAGE', packageNumber, ...extra }],
});

/** The seed's sample orders, each as a user would fill in the node (Define Below mode). */
export const SAMPLES: Array<[SeedSampleName, string, INodeParameters]> = [
	[
		'nationalFederalCriminal',
		'101',
		{ ...john, ssn: '123456789', applicantFields: { middleName: 'SAMPLE' }, items: pkg('101') },
	],
	[
		'stateCriminal',
		'102',
		{ ...john, applicantFields: { middleName: 'SAMPLE' }, items: pkg('102', { stateCode: 'CO' }) },
	],
	[
		'countyCriminal',
		'103',
		{
			...john,
			dateOfBirth: '07/08/1990',
			applicantFields: { middleName: 'SAMPLE' },
			items: pkg('103', { stateCode: 'CO', county: 'ARAPAHOE' }),
		},
	],
	[
		'credit',
		'104',
		{
			...john,
			ssn: '123-45-6789',
			applicantFields: {
				middleName: 'SAMPLE',
				address: '123 SAMPLE ST.',
				city: 'EXAMPLETOWN',
				state: 'CO',
				zipCode: '81212',
			},
			items: pkg('104'),
		},
	],
	[
		'motorVehicle',
		'105',
		{
			...john,
			applicantFields: { middleName: 'SAMPLE', driversLicenseNumber: 'A987654321' },
			items: pkg('105', { stateCode: 'CO' }),
		},
	],
	[
		'drugTesting',
		'106',
		{
			...john,
			ssn: '123456789',
			applicantFields: {
				middleName: 'SAMPLE',
				address: '123 SAMPLE ST.',
				city: 'EXAMPLETOWN',
				state: 'CO',
				zipCode: '81212',
				applicantEmail: 'JOHNDOE@EXAMPLE.COM',
				phone: '555-555-5555',
			},
			items: pkg('106'),
		},
	],
	[
		'eviction',
		'107',
		{ ...john, applicantFields: { middleName: 'SAMPLE' }, items: pkg('107', { stateCode: 'CO' }) },
	],
];
