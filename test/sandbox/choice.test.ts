/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import type { RunningSandbox } from '../../sandbox/server';
import type { Receiver } from './helpers';
import { choiceToken, demoCredentials, form, json, start, startReceiver } from './helpers';

const c = demoCredentials.choiceScreening;
const dob = { month: 7, day: 8, year: 1990 };

/** The seed's "National/Federal Criminal" sample, package number filled in. */
function sampleOrder(
	order: Record<string, unknown> = {},
	packageNumber = '101',
): Record<string, unknown> {
	return {
		order: {
			isNew: true,
			isConsent: false,
			applicant: {
				firstName: 'JOHN',
				middleName: 'SAMPLE',
				lastName: 'DOE',
				dob,
				ssn: '123456789',
			},
			items: { item: [{ itemNumber: { type: 'PACKAGE', value: packageNumber } }] },
			...order,
		},
	};
}

const verificationSamples: Record<string, Record<string, unknown>> = {
	education: {
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
	employment: {
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
};

describe('Choice Screening sandbox (seed 004)', () => {
	let sb: RunningSandbox;
	let receiver: Receiver;
	let token: string;
	const api = (path: string) => `${sb.url}/choice/api/v1${path}`;
	const bearer = () => ({ Authorization: `Bearer ${token}` });
	const order = async (body: unknown, headers: Record<string, string> = bearer()) =>
		await json(api('/order'), {
			method: 'POST',
			headers: { ...headers, 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
	const fields = (answer: { body: any }) =>
		(answer.body.errors as Array<{ field: string }>).map((e) => e.field);

	beforeAll(async () => {
		sb = await start();
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await sb.close();
		await receiver.close();
	});
	beforeEach(async () => {
		await sb.admin.request('POST', '/reset', { demoData: false });
		await sb.admin.request('PUT', '/choice/settings', { autoCompleteSeconds: null });
		receiver.requests.length = 0;
		token = await choiceToken(sb);
	});

	describe('authentication', () => {
		it('issues 14-day Bearer tokens for client credentials', async () => {
			const answer = await json(
				`${sb.url}/choice/connect/token`,
				form({
					grant_type: 'client_credentials',
					client_id: c.clientId,
					client_secret: c.clientSecret,
					scope: c.scope,
				}),
			);
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({
				access_token: expect.any(String),
				token_type: 'Bearer',
				expires_in: 1209600,
				scope: c.scope,
			});
		});

		it.each([
			['a wrong secret', 'invalid_client', { client_secret: 'nope' }],
			['another grant type', 'unsupported_grant_type', { grant_type: 'authorization_code' }],
			['an unknown scope', 'invalid_scope', { scope: 'admin' }],
		])('rejects %s with 400 %s', async (_label, error, overrides) => {
			const answer = await json(
				`${sb.url}/choice/connect/token`,
				form({
					grant_type: 'client_credentials',
					client_id: c.clientId,
					client_secret: c.clientSecret,
					scope: c.scope,
					...overrides,
				}),
			);
			expect(answer.status).toBe(400);
			expect(answer.body.error).toBe(error);
		});

		it('accepts the Bearer token or the API key header, and nothing else', async () => {
			expect((await json(api('/ping'), { headers: bearer() })).body).toMatchObject({
				message: 'pong',
				authenticatedBy: 'oauth',
			});
			expect(
				(await json(api('/ping'), { headers: { [c.apiKeyHeader]: c.apiKey } })).body
					.authenticatedBy,
			).toBe('apiKey');
			expect((await json(api('/ping'))).status).toBe(401);
			expect((await json(api('/ping'), { headers: { [c.apiKeyHeader]: 'wrong' } })).status).toBe(
				401,
			);
			expect((await json(api('/ping'), { headers: { Authorization: 'Bearer nope' } })).status).toBe(
				401,
			);
		});

		it('expires tokens after 14 days of sandbox time', async () => {
			await sb.admin.request('POST', '/clock/advance', { seconds: 1209600 - 10 });
			expect((await json(api('/ping'), { headers: bearer() })).status).toBe(200);
			await sb.admin.request('POST', '/clock/advance', { seconds: 11 });
			expect((await json(api('/ping'), { headers: bearer() })).status).toBe(401);
		});
	});

	describe('GET /packages', () => {
		it('lists packages with their products and requirements', async () => {
			const answer = await json<any[]>(api('/packages'), { headers: bearer() });
			expect(answer.status).toBe(200);
			expect(answer.body.map((p) => p.packageNumber)).toEqual([
				'101',
				'102',
				'103',
				'104',
				'105',
				'106',
				'107',
				'165',
				'170',
				'180',
				'190',
			]);
			expect(answer.body.find((p) => p.packageNumber === '104')).toMatchObject({
				name: 'Credit',
				requiredApplicantFields: ['ssn', 'address', 'city', 'state', 'zipCode'],
				verificationTypes: [],
			});
			expect(answer.body.find((p) => p.packageNumber === '165').verificationTypes).toEqual([
				'employment',
				'education',
			]);
		});
	});

	describe('POST /order', () => {
		it('accepts the seed sample and returns the order response body', async () => {
			const answer = await order(
				sampleOrder({ trackingId: 'ATS-77', returnUrl: `${receiver.url}/cb` }),
			);
			expect(answer.status).toBe(200);
			expect(answer.body).toMatchObject({
				id: expect.any(Number),
				trackingId: 'ATS-77',
				status: 'In Progress',
				result: null,
				isConsent: false,
				returnUrl: `${receiver.url}/cb`,
				applicant: { firstName: 'JOHN', middleName: 'SAMPLE', lastName: 'DOE' },
				items: [
					{
						itemNumber: { type: 'PACKAGE', value: '101' },
						name: 'National/Federal Criminal',
						status: 'In Progress',
						result: null,
					},
				],
				reportUrl: `${sb.url}/choice/api/v1/order/${answer.body.id}/report`,
			});
			expect(JSON.stringify(answer.body)).not.toContain('123456789'); // no SSN in the answer
		});

		it.each([
			['State Criminal', '102', { stateCode: 'CO' }, {}],
			['County Criminal', '103', { stateCode: 'CO', county: 'ARAPAHOE' }, {}],
			[
				'Credit',
				'104',
				{},
				{ address: '123 SAMPLE ST.', city: 'EXAMPLETOWN', state: 'CO', zipCode: '81212' },
			],
			['Motor Vehicle', '105', { stateCode: 'CO' }, { driversLicenseNumber: 'A987654321' }],
			[
				'Drug Testing',
				'106',
				{},
				{
					address: '123 SAMPLE ST.',
					city: 'EXAMPLETOWN',
					state: 'CO',
					zipCode: '81212',
					email: { applicants: 'JOHNDOE@EXAMPLE.COM' },
					phone: '555-555-5555',
				},
			],
			['Eviction', '107', { stateCode: 'CO' }, {}],
		])('accepts the seed sample for %s', async (_label, pkg, item, applicant) => {
			const body = sampleOrder({
				applicant: {
					firstName: 'JOHN',
					middleName: 'SAMPLE',
					lastName: 'DOE',
					dob,
					ssn: '123456789',
					...applicant,
				},
				items: { item: [{ itemNumber: { type: 'PACKAGE', value: pkg }, ...item }] },
			});
			const answer = await order(body);
			expect(answer.status).toBe(200);
		});

		it('requires isNew and isConsent, applicant names, dob and items', async () => {
			const answer = await order({
				order: { applicant: { dob: { month: 2, day: 30, year: 1990 } }, items: { item: [] } },
			});
			expect(answer.status).toBe(400);
			expect(fields(answer)).toEqual(
				expect.arrayContaining([
					'order.isNew',
					'order.isConsent',
					'order.items.item',
					'order.applicant.firstName',
					'order.applicant.lastName',
					'order.applicant.dob',
				]),
			);
			expect((await order({})).status).toBe(400);
			const unknownPackage = await order(sampleOrder({}, '999'));
			expect(fields(unknownPackage)).toEqual(['order.items.item[0].itemNumber.value']);
		});

		it('needs a valid id when isNew is false, and then adds to that order', async () => {
			const missing = await order(sampleOrder({ isNew: false }));
			expect(missing.status).toBe(400);
			expect(missing.body.errors).toEqual([
				{ field: 'order.id', message: 'id is required when isNew is false' },
			]);
			expect(fields(await order(sampleOrder({ isNew: false, id: 424242 })))).toEqual(['order.id']);
			const first = await order(sampleOrder());
			const added = await order(
				sampleOrder({
					isNew: false,
					id: first.body.id,
					items: { item: [{ itemNumber: { type: 'PACKAGE', value: '102' }, stateCode: 'CO' }] },
				}),
			);
			expect(added.status).toBe(200);
			expect(added.body.id).toBe(first.body.id);
			expect(added.body.items.map((i: any) => i.itemNumber.value)).toEqual(['101', '102']);
			// isNew: true ignores id
			const fresh = await order(sampleOrder({ id: first.body.id }));
			expect(fresh.body.id).not.toBe(first.body.id);
		});

		it('needs the item fields of state and county searches', async () => {
			const answer = await order(sampleOrder({}, '103'));
			expect(fields(answer)).toEqual([
				'order.items.item[0].stateCode',
				'order.items.item[0].county',
			]);
		});

		it('waives package-required applicant data when the consent form is used', async () => {
			const body = (isConsent: boolean) =>
				sampleOrder({
					isConsent,
					applicant: { firstName: 'JOHN', lastName: 'DOE', dob },
					items: { item: [{ itemNumber: { type: 'PACKAGE', value: '106' } }] },
				});
			const without = await order(body(false));
			expect(without.status).toBe(400);
			expect(fields(without)).toEqual(
				['ssn', 'address', 'city', 'state', 'zipCode', 'email.applicants', 'phone'].map(
					(f) => `order.applicant.${f}`,
				),
			);
			const withConsent = await order(body(true));
			expect(withConsent.status).toBe(200);
			expect(withConsent.body.status).toBe('Awaiting Applicant');
			expect(withConsent.body.consentUrl).toBe(`${sb.url}/choice/consent/${withConsent.body.id}`);
		});

		it('requires the verifications of the ordered package when isConsent is false, and not with consent', async () => {
			const body = (isConsent: boolean, verification?: unknown[]) =>
				sampleOrder(
					{ isConsent, verifications: verification ? { verification } : undefined },
					'165',
				);
			const none = await order(body(false));
			expect(none.status).toBe(400);
			expect(none.body.errors.map((e: any) => e.message)).toEqual([
				expect.stringContaining('verification of type employment'),
				expect.stringContaining('verification of type education'),
			]);
			expect((await order(body(true))).status).toBe(200);
			const full = await order(
				body(false, [
					{ type: 'education', education: [verificationSamples.education] },
					{ type: 'employment', employment: [verificationSamples.employment] },
				]),
			);
			expect(full.status).toBe(200);
		});

		// The seed's "required fields when not using a consent form", per verification type.
		it.each([
			['education', 'education', ['schoolName', 'schoolLocation', 'schoolType', 'degree', 'major']],
			[
				'employment',
				'employment',
				[
					'companyName',
					'position',
					'startMonth',
					'startYear',
					'contactName',
					'contactPhone',
					'contactAuthorized',
				],
			],
			['professionalreference', 'proRef', ['contactName', 'contactPhone']],
			['personalreference', 'personalRef', ['contactName', 'contactPhone']],
			['license', 'proLic', ['licenseType', 'stateCode', 'licenseNumber']],
			[
				'dot',
				'dotVerification',
				['companyName', 'position', 'startMonth', 'startYear', 'contactName', 'contactPhone'],
			],
			[
				'rental',
				'rentalHistory',
				[
					'landlord',
					'address',
					'city',
					'stateCode',
					'zipCode',
					'startMonth',
					'startYear',
					'endMonth',
					'endYear',
				],
			],
		])(
			'%s entries need their listed fields when isConsent is false',
			async (type, key, required) => {
				const verification = [{ type, [key]: [{ notes: '' }] }];
				const strict = await order(sampleOrder({ verifications: { verification } }));
				expect(strict.status).toBe(400);
				expect(fields(strict)).toEqual(
					required.map((f) => `order.verifications.verification[0].${key}[0].${f}`),
				);
				expect(
					(await order(sampleOrder({ isConsent: true, verifications: { verification } }))).status,
				).toBe(200);
			},
		);

		it('accepts the rental template spelling landLord', async () => {
			const entry = {
				landLord: 'ACME',
				address: '1 Rd',
				city: 'Walla Walla',
				stateCode: 'WA',
				zipCode: '99362',
				startMonth: '1',
				startYear: '1997',
				endMonth: 5,
				endYear: 2000,
			};
			const answer = await order(
				sampleOrder(
					{ verifications: { verification: [{ type: 'rental', rentalHistory: [entry] }] } },
					'180',
				),
			);
			expect(answer.status).toBe(200);
		});

		it.each([
			['schoolType', 'University'],
			['degree', 'PhD'],
			['currentStatus', 'Dropped Out'],
		])('enforces the %s enum, consent form or not', async (field, bad) => {
			for (const isConsent of [false, true]) {
				const entry = { ...verificationSamples.education, [field]: bad };
				const answer = await order(
					sampleOrder({
						isConsent,
						verifications: { verification: [{ type: 'education', education: [entry] }] },
					}),
				);
				expect(fields(answer)).toEqual([
					`order.verifications.verification[0].education[0].${field}`,
				]);
			}
		});

		it('accepts every enum value of the seed', async () => {
			const schoolTypes = ['None', 'High School', 'GED', 'Vocational', 'College', 'International'];
			const degrees = [
				'None',
				'Diploma',
				'Associate',
				'Bachelor',
				'Master',
				'Doctorate',
				'GED',
				'Other',
				'Certificate',
			];
			const statuses = ['None', 'Graduated', 'In Progress', 'No Degree', 'Did Not Graduate'];
			const education = degrees.map((degree, i) => ({
				...verificationSamples.education,
				degree,
				schoolType: schoolTypes[i % schoolTypes.length],
				currentStatus: statuses[i % statuses.length],
			}));
			const answer = await order(
				sampleOrder({ verifications: { verification: [{ type: 'education', education }] } }),
			);
			expect(answer.status).toBe(200);
			for (const sex of ['M', 'F', 'O', 'P', '']) {
				expect(
					(
						await order(
							sampleOrder({
								applicant: { firstName: 'A', lastName: 'B', dob, ssn: '123456789', sex },
							}),
						)
					).status,
				).toBe(200);
			}
			const badSex = await order(
				sampleOrder({
					applicant: { firstName: 'A', lastName: 'B', dob, ssn: '123456789', sex: 'X' },
				}),
			);
			expect(fields(badSex)).toEqual(['order.applicant.sex']);
		});

		it('rejects an unknown verification type and a payload under the wrong key', async () => {
			const answer = await order(
				sampleOrder({
					verifications: {
						verification: [{ type: 'credit' }, { type: 'education', employment: [] }],
					},
				}),
			);
			expect(fields(answer)).toEqual([
				'order.verifications.verification[0].type',
				'order.verifications.verification[1].education',
			]);
		});
	});

	describe('status, report and completion', () => {
		it('returns the status and an HTML report, 404 for unknown orders', async () => {
			const placed = await order(sampleOrder());
			const status = await json(api(`/order/${placed.body.id}`), { headers: bearer() });
			expect(status.body).toEqual(placed.body);
			const report = await fetch(api(`/order/${placed.body.id}/report`), { headers: bearer() });
			expect(report.status).toBe(200);
			expect(report.headers.get('content-type')).toContain('text/html');
			expect(await report.text()).toContain(`Background Report #${placed.body.id}`);
			expect((await json(api('/order/99'), { headers: bearer() })).status).toBe(404);
			expect((await fetch(api(`/order/${placed.body.id}/report`))).status).toBe(401);
		});

		it('POSTs the order response body to returnUrl when the order completes', async () => {
			const placed = await order(sampleOrder({ returnUrl: `${receiver.url}/choice-cb?k=1` }));
			const done = await sb.admin.request('POST', `/choice/orders/${placed.body.id}/complete`, {
				result: 'Consider',
			});
			expect(done.body.callbacks[0].status).toBe(200);
			expect(receiver.requests).toHaveLength(1);
			const callback = receiver.requests[0];
			expect(callback.url).toBe('/choice-cb?k=1');
			expect(callback.headers['content-type']).toBe('application/json');
			const body = JSON.parse(callback.body);
			expect(body).toMatchObject({
				id: placed.body.id,
				status: 'Complete',
				result: 'Consider',
				completedDate: expect.any(String),
			});
			expect(body.items[0]).toMatchObject({ status: 'Complete', result: 'Consider' });
			expect((await json(api(`/order/${placed.body.id}`), { headers: bearer() })).body).toEqual(
				body,
			);
			expect(
				(await sb.admin.request('POST', `/choice/orders/${placed.body.id}/complete`)).status,
			).toBe(409);
			const addToComplete = await order(sampleOrder({ isNew: false, id: placed.body.id }));
			expect(addToComplete.status).toBe(400);
		});

		it('completes on its own when sandbox time passes', async () => {
			await sb.admin.request('PUT', '/choice/settings', { autoCompleteSeconds: 60 });
			const placed = await order(sampleOrder({ returnUrl: `${receiver.url}/auto` }));
			await sb.admin.request('POST', '/clock/advance', { seconds: 59 });
			expect((await json(api(`/order/${placed.body.id}`), { headers: bearer() })).body.status).toBe(
				'In Progress',
			);
			await sb.admin.request('POST', '/clock/advance', { seconds: 2 });
			expect(
				(await json(api(`/order/${placed.body.id}`), { headers: bearer() })).body,
			).toMatchObject({ status: 'Complete', result: 'Clear' });
			expect(receiver.requests).toHaveLength(1);
		});
	});

	describe('configuration: paths and callback authentication', () => {
		it('serves the API at the configured paths (and no longer at the defaults), until reset', async () => {
			const set = await sb.admin.request('PUT', '/choice/settings', {
				paths: {
					ping: '/v2/health',
					order: '/v2/orders',
					orderStatus: '/v2/orders/{id}/status',
					orderReport: '/v2/orders/{id}/report.html',
				},
			});
			expect(set.body.paths).toEqual({
				ping: '/v2/health',
				packages: '/api/v1/packages',
				order: '/v2/orders',
				orderStatus: '/v2/orders/{id}/status',
				orderReport: '/v2/orders/{id}/report.html',
			});
			const at = (path: string) => `${sb.url}/choice${path}`;
			expect((await json(at('/v2/health'), { headers: bearer() })).body).toMatchObject({
				message: 'pong',
			});
			expect((await json(at('/api/v1/ping'), { headers: bearer() })).status).toBe(404);
			const placed = await json(at('/v2/orders'), {
				method: 'POST',
				headers: { ...bearer(), 'Content-Type': 'application/json' },
				body: JSON.stringify(sampleOrder()),
			});
			expect(placed.status).toBe(200);
			expect(placed.body.reportUrl).toBe(at(`/v2/orders/${placed.body.id}/report.html`));
			expect(
				(await json(at(`/v2/orders/${placed.body.id}/status`), { headers: bearer() })).body.id,
			).toBe(placed.body.id);
			expect(
				(await fetch(at(`/v2/orders/${placed.body.id}/report.html`), { headers: bearer() })).status,
			).toBe(200);
			expect((await json(at('/api/v1/packages'), { headers: bearer() })).status).toBe(200);
			await sb.admin.request('POST', '/reset', { demoData: false });
			token = await choiceToken(sb);
			expect((await json(at('/api/v1/ping'), { headers: bearer() })).status).toBe(200);
		});

		it('refuses a status path without {id}', async () => {
			expect(
				(
					await sb.admin.request('PUT', '/choice/settings', {
						paths: { orderStatus: '/v2/orders' },
					})
				).status,
			).toBe(400);
		});

		it('sends callbacks with Basic credentials by default, a header or nothing as configured', async () => {
			const complete = async () => {
				const placed = await order(sampleOrder({ returnUrl: `${receiver.url}/cb` }));
				await sb.admin.request('POST', `/choice/orders/${placed.body.id}/complete`);
				return receiver.requests[receiver.requests.length - 1].headers;
			};
			const basic = Buffer.from(`${c.callbackUser}:${c.callbackPassword}`).toString('base64');
			expect((await complete()).authorization).toBe(`Basic ${basic}`);
			await sb.admin.request('PUT', '/choice/settings', {
				callbackAuth: { header: 'X-Callback-Token', value: 'tok-1' },
			});
			const withHeader = await complete();
			expect(withHeader['x-callback-token']).toBe('tok-1');
			expect(withHeader.authorization).toBeUndefined();
			await sb.admin.request('PUT', '/choice/settings', { callbackAuth: 'none' });
			expect((await complete()).authorization).toBeUndefined();
		});
	});
});
