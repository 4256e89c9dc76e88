import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../../../harness';
import {
	credentials,
	errorAnswer,
	PASSWORD,
	requestOf,
	riqAnswer,
	riqRoute,
	serialise,
	USER_ID,
} from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const PENDING = riqAnswer(
	'<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>000512</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
);

const baseParameters = {
	resource: 'report',
	operation: 'create',
	product: 'RIQ Standard',
	referenceId: 'APP-1',
	firstName: 'Hank',
	lastName: 'Mess',
	ssn: '333-22-1111',
	dateOfBirth: '12/01/1970',
	street: '2401 Mt Rushmore Rd, 311',
	city: 'Rapid City',
	state: 'sd',
	zip: '57701',
	email: 'hank@example.com',
	phone: '(800) 867-5309',
	monthlyRent: 915,
	monthlyIncome: 8157,
	postbackUrl: 'https://n8n.example.com/webhook/3f6c/riq-postback',
};

function binaryItem(
	files: Record<string, { content: string; fileName: string; mimeType: string }>,
): INodeExecutionData {
	const binary: INodeExecutionData['binary'] = {};
	for (const [name, file] of Object.entries(files)) {
		binary[name] = {
			data: Buffer.from(file.content).toString('base64'),
			fileName: file.fileName,
			mimeType: file.mimeType,
		};
	}
	return { json: {}, binary, pairedItem: { item: 0 } };
}

test('sends the order as RIQ documents it, with the credential on the root, and maps the answer', async () => {
	const recorded = riqRoute('', { body: PENDING });
	const { items, error } = await runNode(
		{
			type: 'residentIq',
			parameters: {
				...baseParameters,
				additionalFields: {
					middleName: 'Danger',
					linkToReport: '500001',
					clientUser: 'leasing-agent-4',
				},
				employment: {
					entries: [
						{
							organizationName: 'Twin Hospitality',
							title: 'Assistant Manager',
							jobLevel: 'Full-time',
							startDate: '2016-09-18',
							endDate: '08/01/2018',
							compensation: 3200,
							contactName: 'Jerry Garcia',
							contactPhone: '800-867-5309',
							street: '750 Cathedral Dr',
							city: 'Rapid City',
							state: 'SD',
							zip: '57701',
						},
					],
				},
				residence: {
					entries: [
						{
							startDate: '2017-10-01',
							endDate: '2019-05-01',
							monthlyRent: 915,
							contactName: 'Residence Verification Contact',
							contactPhone: '6055933559',
							street: '38th St',
							city: 'Rapid City',
							state: 'SD',
							zip: '57702',
						},
					],
				},
			},
		},
		{ credentials },
	);
	expect(error).toBeUndefined();
	expect(recorded.bodies).toHaveLength(1);
	expect(recorded.headers[0]['content-type']).toMatch(/application\/xml/);
	const request = requestOf(recorded.bodies[0]);
	expect(request.root).toBe('BackgroundReports');
	expect(request.attributes).toEqual({ userId: USER_ID, password: PASSWORD });
	expect(request.content).toEqual({
		BackgroundSearchPackage: {
			'@_action': 'submit',
			'@_type': 'RIQ Standard',
			ReferenceId: 'APP-1',
			ClientUser: 'leasing-agent-4',
			PersonalData: {
				PersonName: { GivenName: 'Hank', MiddleName: 'Danger', FamilyName: 'Mess' },
				DemographicDetail: {
					GovernmentId: { '@_issuingAuthority': 'SSN', '#text': '333221111' },
					DateOfBirth: '1970-12-01',
				},
				PostalAddress: {
					'@_type': 'current',
					PostalCode: '57701',
					Region: 'SD',
					Municipality: 'Rapid City',
					DeliveryAddress: { AddressLine: '2401 Mt Rushmore Rd, 311' },
				},
				EmailAddress: 'hank@example.com',
				Telephone: '8008675309',
			},
			Screenings: {
				'@_useConfigurationDefaults': 'yes',
				Screening: [
					{
						'@_type': 'employment',
						'@_verify': 'yes',
						OrganizationName: 'Twin Hospitality',
						Title: 'Assistant Manager',
						JobLevelInfo: 'Full-time',
						StartDate: '09/18/2016',
						EndDate: '08/01/2018',
						Compensation: '3200',
						ContactInfo: {
							PersonName: { FormattedName: 'Jerry Garcia' },
							Telephone: '8008675309',
							PostalAddress: {
								PostalCode: '57701',
								Region: 'SD',
								Municipality: 'Rapid City',
								DeliveryAddress: { AddressLine: '750 Cathedral Dr' },
							},
						},
					},
					{
						'@_type': 'resident',
						'@_verify': 'yes',
						StartDate: '2017-10-01',
						EndDate: '2019-05-01',
						MonthlyRentAmount: '915',
						ContactInfo: {
							PersonName: { FormattedName: 'Residence Verification Contact' },
							Telephone: '6055933559',
							PostalAddress: {
								PostalCode: '57702',
								Region: 'SD',
								Municipality: 'Rapid City',
								DeliveryAddress: { AddressLine: '38th St' },
							},
						},
					},
				],
				AdditionalItems: [
					{ '@_type': 'x:monthly_rent', Text: '915' },
					{ '@_type': 'x:monthly_income', Text: '8157' },
					{ '@_type': 'x:postback_url', Text: 'https://n8n.example.com/webhook/3f6c/riq-postback' },
					{ '@_type': 'x:link_order', Text: '500001' },
				],
			},
		},
	});
	expect(items.map((item) => item.json)).toEqual([
		{
			// The fields Choice's order gives too, then RIQ's own answer.
			orderId: '000512',
			trackingId: 'APP-1',
			referenceId: 'APP-1',
			status: 'pending',
			statusRaw: 'x:pending',
			product: 'RIQ Standard',
			documents: [],
			response: {
				ReferenceId: 'APP-1',
				OrderId: '000512',
				ScreeningStatus: { OrderStatus: 'x:pending' },
			},
		},
	]);
	expect(items[0].pairedItem).toEqual({ item: 0 });
	expect(serialise(items)).not.toContain(PASSWORD);
});

test('hostile values are escaped: they come back verbatim and add no elements', async () => {
	const recorded = riqRoute('', { body: PENDING });
	const hostile = `O'Brien & <Sons>`;
	const injection = '</GivenName><Injected>x</Injected><GivenName>';
	const { error } = await runNode(
		{
			type: 'residentIq',
			parameters: {
				...baseParameters,
				product: 'Basic" type="evil',
				firstName: injection,
				lastName: hostile,
				street: ']]><![CDATA[<x/>]]>',
				referenceId: 'APP-&amp;-1',
			},
		},
		{ credentials },
	);
	expect(error).toBeUndefined();
	expect(recorded.bodies[0]).not.toContain('<Injected>');
	const pkg = requestOf(recorded.bodies[0]).content.BackgroundSearchPackage as Record<
		string,
		unknown
	>;
	expect(pkg['@_type']).toBe('Basic" type="evil');
	expect(pkg.ReferenceId).toBe('APP-&amp;-1');
	const personal = pkg.PersonalData as Record<string, Record<string, unknown>>;
	expect(personal.PersonName).toEqual({ GivenName: injection, FamilyName: hostile });
	expect((personal.PostalAddress.DeliveryAddress as Record<string, unknown>).AddressLine).toBe(
		']]><![CDATA[<x/>]]>',
	);
	expect(Object.keys(personal)).toEqual([
		'PersonName',
		'DemographicDetail',
		'PostalAddress',
		'EmailAddress',
		'Telephone',
	]);
});

test("supporting documents come from binary properties, each in its Document as in RIQ's sample", async () => {
	const recorded = riqRoute('', { body: PENDING }, { body: PENDING });
	const files = {
		data: {
			content: '%PDF-1.4 signed application',
			fileName: 'Signed_Rental_Application.pdf',
			mimeType: 'application/pdf',
		},
		idScan: { content: 'PNGDATA', fileName: '../../etc/id scan.png', mimeType: 'image/png' },
	};
	const one = await runNode(
		{
			type: 'residentIq',
			parameters: { ...baseParameters, additionalFields: { documentProperties: 'data' } },
		},
		{ credentials, items: [binaryItem(files)] },
	);
	expect(one.error).toBeUndefined();
	const first = requestOf(recorded.bodies[0]).content.BackgroundSearchPackage as Record<
		string,
		unknown
	>;
	expect(first.SupportingDocumentation).toEqual({
		Document: {
			OriginalFileName: 'Signed_Rental_Application.pdf',
			FileType: '0',
			EncodedContent: Buffer.from(files.data.content).toString('base64'),
		},
	});
	expect(one.items[0].json.documents).toEqual([
		{ fileName: 'Signed_Rental_Application.pdf', fileType: '0', bytes: files.data.content.length },
	]);

	const two = await runNode(
		{
			type: 'residentIq',
			parameters: {
				...baseParameters,
				additionalFields: { documentProperties: 'data, idScan', documentType: '3' },
			},
		},
		{ credentials, items: [binaryItem(files)] },
	);
	expect(two.error).toBeUndefined();
	const second = requestOf(recorded.bodies[1]).content.BackgroundSearchPackage as Record<
		string,
		unknown
	>;
	expect(second.SupportingDocumentation).toEqual({
		Document: [
			{
				OriginalFileName: 'Signed_Rental_Application.pdf',
				FileType: '3',
				EncodedContent: Buffer.from(files.data.content).toString('base64'),
			},
			{
				OriginalFileName: 'id scan.png',
				FileType: '3',
				EncodedContent: Buffer.from(files.idScan.content).toString('base64'),
			},
		],
	});
});

test('a missing binary property stops the item before anything is sent', async () => {
	const recorded = riqRoute('', { body: PENDING });
	const { error } = await runNode(
		{
			type: 'residentIq',
			parameters: { ...baseParameters, additionalFields: { documentProperties: 'data, missing' } },
		},
		{
			credentials,
			items: [
				binaryItem({ data: { content: 'x', fileName: 'a.pdf', mimeType: 'application/pdf' } }),
			],
		},
	);
	expect(error?.message).toMatch(/missing/);
	expect(recorded.bodies).toHaveLength(0);
});

test('x:error inside HTTP 200 becomes a node error with RIQ code, description and item index; no secrets', async () => {
	riqRoute('', {
		body: errorAnswer('1', `Unknown product for user ${USER_ID} / password ${PASSWORD}`, 'APP-1'),
	});
	const { error, items } = await runNode(
		{ type: 'residentIq', parameters: baseParameters },
		{ credentials },
	);
	expect(items).toHaveLength(0);
	expect(error?.message).toMatch(/^ResidentIQ: Unknown product/);
	expect(error?.message).toContain('[1]');
	expect((error as { description?: string }).description).toContain('RIQ error code 1');
	expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
	const everything = serialise(error) + String((error as { description?: string }).description);
	expect(everything).not.toContain(PASSWORD);
	expect(everything).not.toContain('333221111');
	expect(everything).not.toContain('1970-12-01');
});

test('continue on fail: a failing item becomes an error item, the others go through', async () => {
	riqRoute('', { body: errorAnswer('1', 'ReferenceId is required') }, { body: PENDING });
	const { items, error } = await runNode(
		{
			type: 'residentIq',
			parameters: { ...baseParameters, referenceId: '={{ $json.ref }}' },
			settings: { continueOnFail: true },
		},
		{ credentials, items: [{ ref: 'APP-0' }, { ref: 'APP-1' }] },
	);
	expect(error).toBeUndefined();
	expect(items).toHaveLength(2);
	expect(items[0].json.error).toBe('ResidentIQ: ReferenceId is required [1]');
	expect(items[0].pairedItem).toEqual({ item: 0 });
	expect(items[1].json).toMatchObject({ orderId: '000512', status: 'pending' });
	expect(items[1].pairedItem).toEqual({ item: 1 });
});

test('invalid input is refused before any request, without echoing the SSN or birth date', async () => {
	const cases: Array<[Record<string, unknown>, RegExp]> = [
		[{ ssn: '333-22-111' }, /SSN must be 9 digits/],
		[{ dateOfBirth: '1970-13-45' }, /Date of Birth is not a date/],
		[{ dateOfBirth: '2999-01-01' }, /Date of Birth is in the future/],
		[{ state: 'South Dakota' }, /State must be a 2-letter state code/],
		[{ zip: '577' }, /ZIP Code must be a 5-digit ZIP code/],
		[{ email: 'not-an-email' }, /Email is not a valid email address/],
		[{ phone: '12345' }, /Phone must be a 10-digit US phone number/],
		[{ postbackUrl: 'ftp://example.com/x' }, /Postback URL must be an absolute http/],
		[{ referenceId: '  ' }, /Reference ID is required/],
		[{ monthlyRent: -5 }, /Monthly Rent must be an amount of 0 or more/],
	];
	for (const [override, message] of cases) {
		const { error } = await runNode(
			{ type: 'residentIq', parameters: { ...baseParameters, ...override } },
			{ credentials },
		);
		expect(error?.message).toMatch(message);
		// What the node writes (message and description); n8n itself attaches the node's parameters.
		const text = `${error?.message} ${(error as { description?: string }).description ?? ''}`;
		expect(text).not.toContain('333-22-111');
		expect(text).not.toContain('1970-13-45');
	}
	expect(nock.pendingMocks()).toEqual([]);
});

test('the order is not retried once it may have reached RIQ (HTTP 500), but is after a 429', async () => {
	const failed = riqRoute('', {
		status: 500,
		body: '<html><body>Internal error</body></html>',
		headers: { 'Content-Type': 'text/html' },
	});
	const first = await runNode({ type: 'residentIq', parameters: baseParameters }, { credentials });
	expect(failed.bodies).toHaveLength(1);
	expect(first.error?.message).toBe(
		'ResidentIQ: the service answered HTTP 500 without an error description',
	);
	expect(nock.isDone()).toBe(true);

	const limited = riqRoute(
		'',
		{ status: 429, body: '', headers: { 'Retry-After': '0' } },
		{ body: PENDING },
	);
	const second = await runNode({ type: 'residentIq', parameters: baseParameters }, { credentials });
	expect(second.error).toBeUndefined();
	expect(limited.bodies).toHaveLength(2);
	expect(second.items[0].json.orderId).toBe('000512');
});

test('an accepted order without a report number is an error that says what to check', async () => {
	riqRoute('', {
		body: riqAnswer(
			'<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
		),
	});
	const { error } = await runNode(
		{ type: 'residentIq', parameters: baseParameters },
		{ credentials },
	);
	expect(error?.message).toBe('ResidentIQ: the order was accepted without a report number');
	expect((error as { description?: string }).description).toContain('APP-1');
});
