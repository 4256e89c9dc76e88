import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { loadOptions, loadPackage, PACKAGE_NAME, runNode } from '../../../harness';
import {
	credentials,
	errorAnswer,
	PASSWORD,
	readXml,
	requestOf,
	riqAnswer,
	riqRoute,
	serialise,
	USER_ID,
} from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const MODELS = riqAnswer(`<BackgroundReportPackage><AlternativeScoringModels>
	<Model><Name>default</Name><RecDecAccept>85-100</RecDecAccept><RecDecConditionalHigh>75-84</RecDecConditionalHigh><RecDecConditionalLow>45-74</RecDecConditionalLow><RecDecDeny>0-44</RecDecDeny></Model>
	<Model><Name>Test Affordable &amp; Senior</Name><RecDecAccept>50-100</RecDecAccept><RecDecConditionalHigh>21-49</RecDecConditionalHigh><RecDecConditionalLow>6-20</RecDecConditionalLow><RecDecDeny>0-5</RecDecDeny></Model>
</AlternativeScoringModels></BackgroundReportPackage>`);

const HOSTILE = `A&B <x/> "q" 'a' ]]> <![CDATA[ z`;

describe('Group → Set Decision (/decision/group)', () => {
	test('one OrderId per report, then the decision; Success read back', async () => {
		const recorded = riqRoute('/decision/group', {
			body: riqAnswer(
				'<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>500001</OrderId><Success>True</Success></BackgroundReportPackage>',
			),
		});
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'group',
					operation: 'setDecision',
					orderIds: '500001, 500002;500003, 500002',
					decision: 'Conditional-Low',
				},
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(recorded.bodies[0]).toBe(
			`<?xml version="1.0"?><BackgroundCheck userId="${USER_ID}" password="${PASSWORD}"><BackgroundSearchPackage action="decision"><OrderId>500001</OrderId><OrderId>500002</OrderId><OrderId>500003</OrderId><PropertyDecision>Conditional-Low</PropertyDecision></BackgroundSearchPackage></BackgroundCheck>`,
		);
		expect(items[0].json).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			orderIds: ['500001', '500002', '500003'],
			decision: 'Conditional-Low',
			success: true,
		});
	});

	test('Success = False, an empty list and a bad decision are errors; nothing is retried after a 500', async () => {
		riqRoute(
			'/decision/group',
			{
				body: riqAnswer(
					'<BackgroundReportPackage><Success>False</Success></BackgroundReportPackage>',
				),
			},
			{ status: 500, body: '' },
		);
		const parameters = {
			resource: 'group',
			operation: 'setDecision',
			orderIds: '500001',
			decision: 'Decline',
		};
		const refused = await runNode({ type: 'residentIq', parameters }, { credentials });
		expect(refused.error?.message).toBe(
			'ResidentIQ: the group decision was not recorded for reports 500001',
		);
		const failed = await runNode({ type: 'residentIq', parameters }, { credentials });
		expect(failed.error?.message).toBe('ResidentIQ: the service failed to process the request');
		expect(nock.pendingMocks()).toEqual([]);
		const empty = await runNode(
			{ type: 'residentIq', parameters: { ...parameters, orderIds: ' , ' } },
			{ credentials },
		);
		expect(empty.error?.message).toBe('Report Numbers: enter at least one report number');
		const wrong = await runNode(
			{ type: 'residentIq', parameters: { ...parameters, decision: 'Maybe' } },
			{ credentials },
		);
		expect(wrong.error?.message).toBe(
			'Decision must be one of Accept, Conditional-High, Conditional-Low, Decline',
		);
	});
});

describe('scoring models (/scoring/models)', () => {
	test('Account → Get Scoring Models: the documented request, one item per model with its bands', async () => {
		const recorded = riqRoute('/scoring/models', { body: MODELS });
		const { items, error } = await runNode(
			{ type: 'residentIq', parameters: { resource: 'account', operation: 'getScoringModels' } },
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(requestOf(recorded.bodies[0])).toEqual({
			root: 'BackgroundReports',
			attributes: { userId: USER_ID, password: PASSWORD },
			content: { BackgroundSearchPackage: '' },
		});
		expect(items.map((item) => item.json)).toEqual([
			{
				name: 'default',
				bands: {
					accept: { min: 85, max: 100, text: '85-100' },
					conditionalHigh: { min: 75, max: 84, text: '75-84' },
					conditionalLow: { min: 45, max: 74, text: '45-74' },
					decline: { min: 0, max: 44, text: '0-44' },
				},
			},
			{
				name: 'Test Affordable & Senior',
				bands: {
					accept: { min: 50, max: 100, text: '50-100' },
					conditionalHigh: { min: 21, max: 49, text: '21-49' },
					conditionalLow: { min: 6, max: 20, text: '6-20' },
					decline: { min: 0, max: 5, text: '0-5' },
				},
			},
		]);
		expect(serialise(items)).not.toContain(PASSWORD);
	});

	test('the Create drop-down lists the models ("default" first) with their bands', async () => {
		riqRoute('/scoring/models', { body: MODELS });
		const options = await loadOptions(
			{ type: 'residentIq', parameters: { resource: 'report', operation: 'create' } },
			'getScoringModels',
			{ credentials },
		);
		expect(options).toEqual([
			{
				name: 'default',
				value: 'default',
				description:
					'Score bands: Accept 85-100, Conditional-High 75-84, Conditional-Low 45-74, Decline 0-44',
			},
			{
				name: 'Test Affordable & Senior',
				value: 'Test Affordable & Senior',
				description:
					'Score bands: Accept 50-100, Conditional-High 21-49, Conditional-Low 6-20, Decline 0-5',
			},
		]);
	});

	test('the Create field says the model cannot change after submission', () => {
		const node = loadPackage().nodes.get(`${PACKAGE_NAME}.residentIq`);
		const field = node?.description.properties.find((property) => property.name === 'scoringModel');
		expect(field).toMatchObject({
			type: 'options',
			default: 'default',
			typeOptions: { loadOptionsMethod: 'getScoringModels' },
		});
		expect(field?.description).toMatch(/cannot be changed after submission/);
	});
});

describe('Create: scoring model and income verification', () => {
	const base = {
		resource: 'report',
		operation: 'create',
		product: 'RIQ Standard',
		referenceId: 'APP-9',
		firstName: 'Hank',
		lastName: 'Mess',
		ssn: '333221111',
		dateOfBirth: '1970-12-01',
		street: '2401 Mt Rushmore Rd',
		city: 'Rapid City',
		state: 'SD',
		zip: '57701',
	};
	const PENDING = riqAnswer(
		'<BackgroundReportPackage><ReferenceId>APP-9</ReferenceId><OrderId>500009</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
	);

	function additionalItems(body: string) {
		const doc = readXml(body) as {
			BackgroundReports: { BackgroundSearchPackage: { Screenings: { AdditionalItems?: unknown } } };
		};
		const items = doc.BackgroundReports.BackgroundSearchPackage.Screenings.AdditionalItems;
		return items === undefined ? [] : Array.isArray(items) ? items : [items];
	}

	test('a named model and income verification with rent and income go as AdditionalItems, hostile text escaped', async () => {
		const recorded = riqRoute('', { body: PENDING });
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					...base,
					scoringModel: HOSTILE,
					monthlyRent: 1250.5,
					monthlyIncome: 4100,
					additionalFields: { incomeVerification: true },
				},
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		const body = recorded.bodies[0];
		expect(body).toContain(
			'<AdditionalItems type="x:monthly_rent"><Text>1250.5</Text></AdditionalItems><AdditionalItems type="x:monthly_income"><Text>4100</Text></AdditionalItems><AdditionalItems type="x:scoring_model"><Text>A&amp;B &lt;x/&gt; &quot;q&quot; &apos;a&apos; ]]&gt; &lt;![CDATA[ z</Text></AdditionalItems><AdditionalItems type="x:income_verification"><Text>true</Text></AdditionalItems>',
		);
		expect(additionalItems(body)).toEqual([
			{ '@_type': 'x:monthly_rent', Text: '1250.5' },
			{ '@_type': 'x:monthly_income', Text: '4100' },
			{ '@_type': 'x:scoring_model', Text: HOSTILE },
			{ '@_type': 'x:income_verification', Text: 'true' },
		]);
	});

	test('"default" (the location\'s standard model) and income verification off send nothing extra', async () => {
		const recorded = riqRoute('', { body: PENDING });
		const { error } = await runNode(
			{ type: 'residentIq', parameters: { ...base, scoringModel: 'default' } },
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(additionalItems(recorded.bodies[0])).toEqual([]);
	});
});

describe("Create: the postback URL gets the trigger's Basic Auth from a credential", () => {
	test('user and password go into the URL RIQ calls, percent-encoded, never into the output', async () => {
		const recorded = riqRoute('', {
			body: riqAnswer(
				'<BackgroundReportPackage><ReferenceId>APP-5</ReferenceId><OrderId>500005</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
			),
		});
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'create',
					product: 'RIQ Standard',
					referenceId: 'APP-5',
					firstName: 'Hank',
					lastName: 'Mess',
					ssn: '333221111',
					dateOfBirth: '1970-12-01',
					street: '2401 Mt Rushmore Rd',
					city: 'Rapid City',
					state: 'SD',
					zip: '57701',
					postbackUrl: 'https://n8n.example.com/webhook/abc/riq-postback',
					postbackAuthentication: 'basicAuth',
				},
			},
			{
				credentials: {
					...credentials,
					residentIqPostbackApi: { user: 'riq', password: 'p@ss:w/rd' },
				},
			},
		);
		expect(error).toBeUndefined();
		const doc = readXml(recorded.bodies[0]) as {
			BackgroundReports: {
				BackgroundSearchPackage: { Screenings: { AdditionalItems: { Text: string } } };
			};
		};
		expect(doc.BackgroundReports.BackgroundSearchPackage.Screenings.AdditionalItems).toEqual({
			'@_type': 'x:postback_url',
			Text: 'https://riq:p%40ss%3Aw%2Frd@n8n.example.com/webhook/abc/riq-postback',
		});
		expect(serialise(items)).not.toContain('p@ss');
		expect(serialise(items)).not.toContain('p%40ss');
	});
});

describe('Get Status: a report in error state is a status', () => {
	test('x:error for the report (with its OrderId): status "error" with RIQ\'s description', async () => {
		riqRoute('/status', {
			body: riqAnswer(
				'<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>500001</OrderId><ScreeningStatus><OrderStatus>x:error</OrderStatus></ScreeningStatus><ErrorReport><ErrorCode>7</ErrorCode><ErrorDescription>Applicant identity could not be verified</ErrorDescription></ErrorReport></BackgroundReportPackage>',
			),
		});
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'getStatus',
					orderId: '500001',
					reportType: 'full',
				},
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			trackingId: 'APP-1',
			status: 'error',
			statusRaw: 'x:error',
			decision: null,
			decisionDescription: null,
			reportUrl: null,
			reportType: 'full',
			reportUrlIssuedAt: null,
			reportUrlExpiresAt: null,
			errorCode: '7',
			errorDescription: 'Applicant identity could not be verified',
		});
	});

	test("a refused request (RIQ's standard error, no OrderId) still throws", async () => {
		riqRoute('/status', {
			body: errorAnswer('3', 'Report 500001 was not found for this client location'),
		});
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'getStatus',
					orderId: '500001',
					reportType: 'full',
				},
			},
			{ credentials },
		);
		expect(error?.message).toBe(
			'ResidentIQ: Report 500001 was not found for this client location [3]',
		);
	});
});

describe('AI agents', () => {
	// n8n runs a usableAsTool node under its type name with "Tool" appended.
	beforeAll(() => {
		const nodes = loadPackage().nodes;
		nodes.set(`${PACKAGE_NAME}.residentIqTool`, nodes.get(`${PACKAGE_NAME}.residentIq`)!);
	});

	const effects: Array<[string, INodeParameters]> = [
		[
			'Create',
			{
				resource: 'report',
				operation: 'create',
				product: 'RIQ Standard',
				referenceId: 'A',
				firstName: 'H',
				lastName: 'M',
				ssn: '333221111',
				dateOfBirth: '1970-12-01',
				street: 's',
				city: 'c',
				state: 'SD',
				zip: '57701',
			},
		],
		[
			'Set Decision',
			{ resource: 'report', operation: 'setDecision', orderId: '500001', decision: 'Decline' },
		],
		[
			'Set Group Decision',
			{ resource: 'group', operation: 'setDecision', orderIds: '500001', decision: 'Decline' },
		],
		['Link', { resource: 'group', operation: 'link', orderId: '500001', otherOrderIds: '500002' }],
		['Unlink', { resource: 'group', operation: 'unlink', orderIds: '500001' }],
		['Upload Documents', { resource: 'report', operation: 'uploadDocuments', orderId: '500001' }],
	];

	test.each(effects)('%s refuses under an agent, sending nothing', async (name, parameters) => {
		const { error } = await runNode({ type: 'residentIqTool', parameters }, { credentials });
		expect(error?.message).toBe(`${name} is not available to AI agents`);
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('a status read goes through under an agent; "Allow Agents" lets an effect through', async () => {
		riqRoute('/status', {
			body: riqAnswer(
				'<BackgroundReportPackage><OrderId>500001</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
			),
		});
		const read = await runNode(
			{
				type: 'residentIqTool',
				parameters: {
					resource: 'report',
					operation: 'getStatus',
					orderId: '500001',
					reportType: 'decision',
				},
			},
			{ credentials },
		);
		expect(read.error).toBeUndefined();
		expect(read.items[0].json).toMatchObject({ orderId: '500001', status: 'pending' });
		riqRoute('/decision', {
			body: riqAnswer(
				'<BackgroundReportPackage><OrderId>500001</OrderId><Success>True</Success></BackgroundReportPackage>',
			),
		});
		const allowed = await runNode(
			{
				type: 'residentIqTool',
				parameters: {
					resource: 'report',
					operation: 'setDecision',
					orderId: '500001',
					decision: 'Accept',
					allowAgentActions: true,
				},
			},
			{ credentials },
		);
		expect(allowed.error).toBeUndefined();
		expect(allowed.items[0].json).toMatchObject({ decision: 'Accept', success: true });
	});
});

test('one input error names every problem with its field, history entries included, nothing sent', async () => {
	const { error } = await runNode(
		{
			type: 'residentIq',
			parameters: {
				resource: 'report',
				operation: 'create',
				product: 'RIQ Standard',
				referenceId: 'APP-7',
				firstName: 'Hank',
				lastName: 'Mess',
				ssn: '12-34',
				dateOfBirth: '1970-12-01',
				street: 's',
				city: 'c',
				state: 'South Dakota',
				zip: '57701',
				employment: {
					entries: [{ organizationName: 'Twin', contactPhone: '123' }, { organizationName: '' }],
				},
				residence: { entries: [{}] },
			},
		},
		{ credentials },
	);
	expect(error?.message).toBe(
		[
			'SSN must be 9 digits (dashes allowed)',
			'State must be a 2-letter state code such as SD',
			'Employer 1 Contact Phone must be a 10-digit US phone number',
			'Employer 2 Employer Name is required',
			'Residence 1 is empty: fill in at least a date, the rent or the landlord contact',
		].join('; '),
	);
	expect(error?.message).not.toContain('12-34');
	expect(nock.pendingMocks()).toEqual([]);
});
