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

const READY = riqAnswer(`<BackgroundReportPackage>
   <ReferenceId>APP-1</ReferenceId>
    <OrderId>500001</OrderId>
    <ScreeningStatus>
      <OrderStatus>x:ready</OrderStatus>
      <OrderDecision>Conditional-Low</OrderDecision>
      <OrderDecisionDescription>Approved with an additional deposit &amp; a guarantor</OrderDecisionDescription>
      <SomethingNew>ignored</SomethingNew>
    </ScreeningStatus>
    <ReportURL>https://apiqa.residentiq.com/reports/abc123</ReportURL>
  </BackgroundReportPackage>`);

describe('Get Status', () => {
	test('full: sends the status request and maps status, decision and the report URL', async () => {
		const recorded = riqRoute('/status', { body: READY });
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'getStatus',
					orderId: ' 500001 ',
					reportType: 'full',
				},
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(requestOf(recorded.bodies[0])).toEqual({
			root: 'BackgroundCheck',
			attributes: { userId: USER_ID, password: PASSWORD },
			content: {
				BackgroundSearchPackage: { '@_action': 'status', OrderId: '500001', 'report-type': 'full' },
			},
		});
		const { reportUrlIssuedAt, reportUrlExpiresAt, ...rest } = items[0].json;
		expect(rest).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			trackingId: 'APP-1',
			status: 'ready',
			statusRaw: 'x:ready',
			decision: 'Conditional-Low',
			decisionDescription: 'Approved with an additional deposit & a guarantor',
			reportUrl: 'https://apiqa.residentiq.com/reports/abc123',
			reportType: 'full',
		});
		expect(typeof reportUrlIssuedAt).toBe('string');
		// The link's five-minute life, from when it was issued.
		expect(Date.parse(String(reportUrlExpiresAt)) - Date.parse(String(reportUrlIssuedAt))).toBe(
			5 * 60 * 1000,
		);
		expect(serialise(items)).not.toContain(PASSWORD);
		expect(serialise(items)).not.toContain(USER_ID);
	});

	test('decision only, pending report: nulls for what RIQ did not send; unknown statuses lose their prefix', async () => {
		const recorded = riqRoute(
			'/status',
			{
				body: riqAnswer(
					'<BackgroundReportPackage><ReferenceId>APP-2</ReferenceId><OrderId>500002</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
				),
			},
			{
				body: riqAnswer(
					'<BackgroundReportPackage><OrderId>500002</OrderId><ScreeningStatus><OrderStatus>x:In_Review</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
				),
			},
		);
		const params = {
			resource: 'report',
			operation: 'getStatus',
			orderId: '500002',
			reportType: 'decision',
		};
		const first = await runNode({ type: 'residentIq', parameters: params }, { credentials });
		expect(
			(requestOf(recorded.bodies[0]).content.BackgroundSearchPackage as Record<string, unknown>)[
				'report-type'
			],
		).toBe('decision');
		expect(first.items[0].json).toEqual({
			orderId: '500002',
			referenceId: 'APP-2',
			trackingId: 'APP-2',
			status: 'pending',
			statusRaw: 'x:pending',
			decision: null,
			decisionDescription: null,
			reportUrl: null,
			reportType: 'decision',
			reportUrlIssuedAt: null,
			reportUrlExpiresAt: null,
		});
		const second = await runNode({ type: 'residentIq', parameters: params }, { credentials });
		expect(second.items[0].json).toMatchObject({ status: 'in_review', statusRaw: 'x:In_Review' });
	});

	test('status is a read: retried after a 503 and a 500', async () => {
		riqRoute(
			'/status',
			{ status: 503, body: 'busy', headers: { 'Retry-After': '0' } },
			{ status: 500, body: 'oops', headers: { 'Retry-After': '0' } },
		);
		const recorded = riqRoute('/status', { body: READY });
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'report', operation: 'getStatus', orderId: '500001' },
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(recorded.bodies).toHaveLength(1);
		expect(items[0].json.status).toBe('ready');
		expect(nock.isDone()).toBe(true);
	});

	test("an unknown report number is RIQ's x:error, surfaced as the node error", async () => {
		riqRoute('/status', {
			body: errorAnswer('3', 'Report 999 was not found for this client location'),
		});
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'report', operation: 'getStatus', orderId: '999' },
			},
			{ credentials },
		);
		expect(error?.message).toBe(
			'ResidentIQ: Report 999 was not found for this client location [3]',
		);
	});

	test("an error status with RIQ's XML body gives RIQ's description; an empty one the status hint", async () => {
		riqRoute('/status', {
			status: 400,
			body: errorAnswer('1', `OrderId is required (user ${USER_ID}, password ${PASSWORD})`),
		});
		const described = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'report', operation: 'getStatus', orderId: '1' },
			},
			{ credentials },
		);
		expect(described.error?.message).toBe(
			`ResidentIQ: OrderId is required (user ${USER_ID}, password ***) [1]`,
		);
		riqRoute(
			'/status',
			...[1, 2, 3].map(() => ({ status: 429, body: '', headers: { 'Retry-After': '0' } })),
		);
		const limited = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'report', operation: 'getStatus', orderId: '1' },
			},
			{ credentials },
		);
		expect(limited.error?.message).toBe('ResidentIQ: rate limited: too many requests');
		expect(nock.isDone()).toBe(true);
	});

	test('a report number with markup in it is refused before sending', async () => {
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'getStatus',
					orderId: '5</OrderId><OrderId>6',
				},
			},
			{ credentials },
		);
		expect(error?.message).toBe('Report Number is not a ResidentIQ report number');
	});
});

describe('Set Decision', () => {
	test('sends the decision action and reports success', async () => {
		const recorded = riqRoute('/decision', {
			body: riqAnswer(
				'<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>500001</OrderId><Success>True</Success></BackgroundReportPackage>',
			),
		});
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'setDecision',
					orderId: '500001',
					decision: 'Conditional-High',
				},
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(requestOf(recorded.bodies[0]).content).toEqual({
			BackgroundSearchPackage: {
				'@_action': 'decision',
				OrderId: '500001',
				PropertyDecision: 'Conditional-High',
			},
		});
		expect(items[0].json).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			decision: 'Conditional-High',
			success: true,
		});
	});

	test('Success = False is an error, not a quiet success; a decision is never retried', async () => {
		const recorded = riqRoute('/decision', {
			body: riqAnswer(
				'<BackgroundReportPackage><OrderId>500001</OrderId><Success>False</Success></BackgroundReportPackage>',
			),
		});
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'setDecision',
					orderId: '500001',
					decision: 'Decline',
				},
			},
			{ credentials },
		);
		expect(error?.message).toBe('ResidentIQ: the decision was not recorded for report 500001');
		expect(recorded.bodies).toHaveLength(1);

		const failed = riqRoute('/decision', { status: 502, body: 'bad gateway' });
		const again = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'setDecision',
					orderId: '500001',
					decision: 'Decline',
				},
			},
			{ credentials },
		);
		expect(again.error?.message).toBe('ResidentIQ: bad gateway');
		expect(failed.bodies).toHaveLength(1);
	});

	test('a decision given by expression must be one of the four', async () => {
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'setDecision',
					orderId: '500001',
					decision: '={{ "Maybe" }}',
				},
			},
			{ credentials },
		);
		expect(error?.message).toBe(
			'Decision must be one of Accept, Conditional-High, Conditional-Low, Decline',
		);
	});
});

describe('Upload Documents', () => {
	const item: INodeExecutionData = {
		json: {},
		binary: {
			data: {
				data: Buffer.from('%PDF-1.7 paystub').toString('base64'),
				fileName: 'paystub.pdf',
				mimeType: 'application/pdf',
			},
			photo: {
				data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]).toString('base64'),
				fileName: 'id.png',
				mimeType: 'image/png',
			},
		},
		pairedItem: { item: 0 },
	};

	test('reads every binary property and sends them in one upload', async () => {
		const recorded = riqRoute('/document/upload', {
			body: riqAnswer(
				'<BackgroundReportPackage><OrderId>500001</OrderId><VerificationDocumentation>Document(s) uploaded for this report.</VerificationDocumentation></BackgroundReportPackage>',
			),
		});
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'uploadDocuments',
					orderId: '500001',
					binaryPropertyNames: 'data,photo',
					documentType: '0',
				},
			},
			{ credentials, items: [item] },
		);
		expect(error).toBeUndefined();
		expect(requestOf(recorded.bodies[0]).content).toEqual({
			BackgroundSearchPackage: {
				'@_action': 'decision',
				OrderId: '500001',
				SupportingDocumentation: {
					Document: [
						{
							OriginalFileName: 'paystub.pdf',
							FileType: '0',
							EncodedContent: Buffer.from('%PDF-1.7 paystub').toString('base64'),
						},
						{
							OriginalFileName: 'id.png',
							FileType: '0',
							EncodedContent: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]).toString('base64'),
						},
					],
				},
			},
		});
		expect(items[0].json).toEqual({
			orderId: '500001',
			message: 'Document(s) uploaded for this report.',
			documents: [
				{ fileName: 'paystub.pdf', fileType: '0', bytes: 16 },
				{ fileName: 'id.png', fileType: '0', bytes: 7 },
			],
		});
	});

	test('a missing property fails the item with nothing sent', async () => {
		const recorded = riqRoute('/document/upload', {
			body: riqAnswer('<BackgroundReportPackage/>'),
		});
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'uploadDocuments',
					orderId: '500001',
					binaryPropertyNames: 'data, lease',
				},
			},
			{ credentials, items: [item] },
		);
		expect(error?.message).toContain("'lease'");
		expect(recorded.bodies).toHaveLength(0);
	});
});

describe('Get Adverse Action Letters', () => {
	const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
	const text = Buffer.from('Second notice');

	test('each letter becomes a binary file on the output item', async () => {
		const recorded = riqRoute('/document/aal', {
			body: riqAnswer(`<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>500001</OrderId>
				<SupportingDocumentation>
					<Document><Name>AAL_500001_1.pdf</Name><EncodedContent>${pdf.toString('base64')}</EncodedContent></Document>
					<Document><Name>../notice 2.txt</Name><EncodedContent>
					${text.toString('base64')}
					</EncodedContent></Document>
				</SupportingDocumentation></BackgroundReportPackage>`),
		});
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'report', operation: 'getAdverseActionLetters', orderId: '500001' },
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(requestOf(recorded.bodies[0]).content).toEqual({
			BackgroundSearchPackage: { '@_action': 'status', OrderId: '500001' },
		});
		expect(items[0].json).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			letterCount: 2,
			letters: [
				{ fileName: 'AAL_500001_1.pdf', binaryProperty: 'letter_0', bytes: pdf.length },
				{ fileName: 'notice 2.txt', binaryProperty: 'letter_1', bytes: text.length },
			],
		});
		expect(serialise(items[0].json)).not.toContain(pdf.toString('base64'));
		const binary = items[0].binary ?? {};
		expect(Object.keys(binary)).toEqual(['letter_0', 'letter_1']);
		expect(binary.letter_0).toMatchObject({
			fileName: 'AAL_500001_1.pdf',
			mimeType: 'application/pdf',
			fileExtension: 'pdf',
		});
		expect(Buffer.from(binary.letter_0.data, 'base64').equals(pdf)).toBe(true);
		expect(binary.letter_1).toMatchObject({ fileName: 'notice 2.txt', mimeType: 'text/plain' });
		expect(Buffer.from(binary.letter_1.data, 'base64').toString()).toBe('Second notice');
	});

	test('no letters on file: an item saying so, without binary data', async () => {
		riqRoute('/document/aal', {
			body: riqAnswer(
				'<BackgroundReportPackage><OrderId>500001</OrderId><SupportingDocumentation></SupportingDocumentation></BackgroundReportPackage>',
			),
		});
		const { items } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'report',
					operation: 'getAdverseActionLetters',
					orderId: '500001',
					binaryPrefix: 'aal',
				},
			},
			{ credentials },
		);
		expect(items[0].json).toEqual({
			orderId: '500001',
			referenceId: null,
			letterCount: 0,
			letters: [],
		});
		expect(items[0].binary).toBeUndefined();
	});

	test('content that is not base64 is an error, not a corrupt file', async () => {
		riqRoute('/document/aal', {
			body: riqAnswer(
				'<BackgroundReportPackage><OrderId>500001</OrderId><SupportingDocumentation><Document><Name>a.pdf</Name><EncodedContent>not*base64!</EncodedContent></Document></SupportingDocumentation></BackgroundReportPackage>',
			),
		});
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'report', operation: 'getAdverseActionLetters', orderId: '500001' },
			},
			{ credentials },
		);
		expect(error?.message).toBe('ResidentIQ: letter 1 of report 500001 has no readable content');
	});
});
