import nock from 'nock';

import { loadOptions, runNode } from '../../../harness';
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

describe('Group', () => {
	test('Link: one report with several others as x:link_order items', async () => {
		const recorded = riqRoute('/link', {
			body: riqAnswer(
				'<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>500001</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus><OrderDecision></OrderDecision></ScreeningStatus></BackgroundReportPackage>',
			),
		});
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'group',
					operation: 'link',
					orderId: '500001',
					otherOrderIds: '500002; 500003\n500002',
				},
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(requestOf(recorded.bodies[0])).toEqual({
			root: 'BackgroundCheck',
			attributes: { userId: USER_ID, password: PASSWORD },
			content: {
				BackgroundSearchPackage: {
					'@_action': 'status',
					OrderId: '500001',
					AdditionalItems: [
						{ '@_type': 'x:link_order', Text: '500002' },
						{ '@_type': 'x:link_order', Text: '500003' },
					],
				},
			},
		});
		expect(items[0].json).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			status: 'pending',
			statusRaw: 'x:pending',
			decision: null,
			decisionDescription: null,
			reportUrl: null,
			reportUrlIssuedAt: null,
			reportUrlExpiresAt: null,
			linkedOrderIds: ['500002', '500003'],
		});
	});

	test('Link: a list from an expression works; linking a report to itself is refused before sending', async () => {
		const recorded = riqRoute('/link', {
			body: riqAnswer(
				'<BackgroundReportPackage><OrderId>500001</OrderId></BackgroundReportPackage>',
			),
		});
		const ok = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'group',
					operation: 'link',
					orderId: '500001',
					otherOrderIds: '={{ $json.others }}',
				},
			},
			{ credentials, items: [{ others: [500002, '500003'] }] },
		);
		expect(ok.error).toBeUndefined();
		const pkg = requestOf(recorded.bodies[0]).content.BackgroundSearchPackage as Record<
			string,
			unknown
		>;
		expect(pkg.AdditionalItems).toEqual([
			{ '@_type': 'x:link_order', Text: '500002' },
			{ '@_type': 'x:link_order', Text: '500003' },
		]);
		const self = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'group',
					operation: 'link',
					orderId: '500001',
					otherOrderIds: '500001, 500002',
				},
			},
			{ credentials },
		);
		expect(self.error?.message).toBe(
			'Link With Report Numbers must not contain the report 500001 itself',
		);
		const none = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'group',
					operation: 'link',
					orderId: '500001',
					otherOrderIds: ' , ',
				},
			},
			{ credentials },
		);
		expect(none.error?.message).toBe('Link With Report Numbers: enter at least one report number');
		expect(recorded.bodies).toHaveLength(1);
	});

	test('Unlink: the first report is the OrderId, the rest are x:link_order items; never retried', async () => {
		const recorded = riqRoute('/unlink', {
			body: riqAnswer(
				'<BackgroundReportPackage><ReferenceId>APP-3</ReferenceId><OrderId>500003</OrderId><ScreeningStatus><OrderStatus>x:unlinked</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
			),
		});
		const { items } = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'group', operation: 'unlink', orderIds: '500003, 500004' },
			},
			{ credentials },
		);
		expect(requestOf(recorded.bodies[0]).content).toEqual({
			BackgroundSearchPackage: {
				'@_action': 'status',
				OrderId: '500003',
				AdditionalItems: { '@_type': 'x:link_order', Text: '500004' },
			},
		});
		expect(items[0].json).toEqual({
			orderId: '500003',
			referenceId: 'APP-3',
			status: 'unlinked',
			statusRaw: 'x:unlinked',
			unlinkedOrderIds: ['500003', '500004'],
		});

		const failed = riqRoute('/unlink', { status: 503, body: 'down' });
		const again = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'group', operation: 'unlink', orderIds: '500003' },
			},
			{ credentials },
		);
		expect(again.error?.message).toBe('ResidentIQ: down');
		expect(failed.bodies).toHaveLength(1);
	});

	test('Get Members: bare ReportId list (RIQ sample) and member elements (newer docs)', async () => {
		const recorded = riqRoute(
			'/group-data',
			{
				body: riqAnswer(`<BackgroundReportPackage><ReferenceId>APP-1</ReferenceId><OrderId>500001</OrderId>
					<RIQGroupIdentifier>G1A2B3</RIQGroupIdentifier>
					<GroupedReports><ReportId>012345</ReportId><ReportId>123456</ReportId></GroupedReports></BackgroundReportPackage>`),
			},
			{
				body: riqAnswer(`<BackgroundReportPackage><OrderId>500001</OrderId><RIQGroupIdentifier>G9</RIQGroupIdentifier>
					<GroupedReports><Report><ReportId>500001</ReportId><FullName>Hank Mess</FullName><PropertyDecision>Accept</PropertyDecision></Report></GroupedReports></BackgroundReportPackage>`),
			},
		);
		const params = { resource: 'group', operation: 'getMembers', orderId: '500001' };
		const first = await runNode({ type: 'residentIq', parameters: params }, { credentials });
		expect(requestOf(recorded.bodies[0]).content).toEqual({
			BackgroundSearchPackage: { '@_action': 'status', OrderId: '500001' },
		});
		expect(first.items[0].json).toEqual({
			orderId: '500001',
			referenceId: 'APP-1',
			groupId: 'G1A2B3',
			memberCount: 2,
			memberOrderIds: ['012345', '123456'],
			members: [
				{ reportId: '012345', fullName: null, propertyDecision: null },
				{ reportId: '123456', fullName: null, propertyDecision: null },
			],
		});
		const second = await runNode({ type: 'residentIq', parameters: params }, { credentials });
		expect(second.items[0].json).toMatchObject({
			groupId: 'G9',
			memberOrderIds: ['500001'],
			members: [{ reportId: '500001', fullName: 'Hank Mess', propertyDecision: 'Accept' }],
		});
	});

	test("Get Members of a report without a group: RIQ's error", async () => {
		riqRoute('/group-data', { body: errorAnswer('4', 'Report 500009 is not part of a group') });
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: { resource: 'group', operation: 'getMembers', orderId: '500009' },
			},
			{ credentials },
		);
		expect(error?.message).toBe('ResidentIQ: Report 500009 is not part of a group [4]');
	});
});

describe('Account', () => {
	const PRODUCTS = riqAnswer(
		'<BackgroundReportPackage><ProductsAvailable><Product>RIQ Basic</Product><Product>RIQ Standard &amp; Income</Product></ProductsAvailable></BackgroundReportPackage>',
	);

	test('Get Products: one item per product, from the empty packages request', async () => {
		const recorded = riqRoute('/packages', { body: PRODUCTS });
		const { items } = await runNode(
			{ type: 'residentIq', parameters: { resource: 'account', operation: 'getProducts' } },
			{ credentials },
		);
		expect(requestOf(recorded.bodies[0])).toEqual({
			root: 'BackgroundCheck',
			attributes: { userId: USER_ID, password: PASSWORD },
			content: { BackgroundSearchPackage: { '@_action': 'status' } },
		});
		expect(items.map((item) => item.json)).toEqual([
			{ name: 'RIQ Basic' },
			{ name: 'RIQ Standard & Income' },
		]);
	});

	test('the Create product list is loaded from /packages', async () => {
		riqRoute('/packages', { body: PRODUCTS });
		const options = await loadOptions(
			{ type: 'residentIq', parameters: { resource: 'report', operation: 'create' } },
			'getProducts',
			{
				credentials,
			},
		);
		expect(options).toEqual([
			{ name: 'RIQ Basic', value: 'RIQ Basic' },
			{ name: 'RIQ Standard & Income', value: 'RIQ Standard & Income' },
		]);
	});

	test("a rejected credential shows RIQ's description in the product list, without the password", async () => {
		riqRoute('/packages', {
			body: errorAnswer(
				'2',
				`Unable to identify the client location ${USER_ID} (password ${PASSWORD})`,
			),
		});
		const failure = loadOptions({ type: 'residentIq', parameters: {} }, 'getProducts', {
			credentials,
		});
		await expect(failure).rejects.toThrow(
			/^ResidentIQ: Unable to identify the client location loc-user-7 \(password \*\*\*\) \[2\]$/,
		);
	});

	const STATS = riqAnswer(`<Stats>
		<Stat><ReportNumber>012345</ReportNumber><CreditScore>31</CreditScore>
			<Evictions Count="1"><Eviction><FileDate>2/13/2019</FileDate></Eviction></Evictions>
			<Bankruptcies Count="1"><Bankruptcy><Type>BankruptcyChapter7</Type><CourtName>US BKPT CT CO DENVER</CourtName><Status>Discharged</Status></Bankruptcy></Bankruptcies>
		</Stat>
		<Stat><ReportNumber>12346</ReportNumber><CreditScore>742</CreditScore><Evictions Count="0"/><Bankruptcies Count="0"></Bankruptcies></Stat>
	</Stats>`);

	test('Get Statistics: MM-DD-YYYY on the wire, one item per report', async () => {
		const recorded = riqRoute('/statistics', { body: STATS });
		const { items, error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'account',
					operation: 'getStatistics',
					startDate: '2020-04-01T00:00:00',
					endDate: '05-01-2020',
				},
			},
			{ credentials },
		);
		expect(error).toBeUndefined();
		expect(requestOf(recorded.bodies[0]).content).toEqual({
			BackgroundSearchPackage: {
				'@_action': 'decision',
				Stats: { StartDate: '04-01-2020', EndDate: '05-01-2020' },
			},
		});
		expect(items.map((item) => item.json)).toEqual([
			{
				reportNumber: '012345',
				creditScore: 31,
				evictionCount: 1,
				evictions: [{ fileDate: '2/13/2019', fileDateIso: '2019-02-13' }],
				bankruptcyCount: 1,
				bankruptcies: [
					{ type: 'BankruptcyChapter7', courtName: 'US BKPT CT CO DENVER', status: 'Discharged' },
				],
				startDate: '04-01-2020',
				endDate: '05-01-2020',
			},
			{
				reportNumber: '12346',
				creditScore: 742,
				evictionCount: 0,
				evictions: [],
				bankruptcyCount: 0,
				bankruptcies: [],
				startDate: '04-01-2020',
				endDate: '05-01-2020',
			},
		]);
		expect(serialise(items)).not.toContain(PASSWORD);
	});

	test('the 60-day rule and date checks run before any request', async () => {
		const cases: Array<[string, string, string]> = [
			['2020-04-01', '2020-05-31', 'The statistics window is 60 days'],
			[
				'2020-04-01',
				'2020-06-01',
				'The statistics window is 61 days; ResidentIQ allows at most 60',
			],
			['05-01-2020', '04-30-2020', 'End Date (2020-04-30) is before Start Date (2020-05-01)'],
			['2020-02-30', '2020-03-01', 'Start Date is missing or not a date'],
			// An empty field is caught by n8n itself; an expression that gives nothing is caught here.
			['2020-04-01', '={{ $json.missing }}', 'End Date is missing or not a date'],
		];
		const recorded = riqRoute('/statistics', { body: STATS });
		for (const [startDate, endDate, message] of cases) {
			const { error } = await runNode(
				{
					type: 'residentIq',
					parameters: { resource: 'account', operation: 'getStatistics', startDate, endDate },
				},
				{ credentials },
			);
			if (message.endsWith('60 days')) {
				// Exactly 60 days is allowed and goes out.
				expect(error).toBeUndefined();
				continue;
			}
			expect(error?.message).toBe(message);
		}
		expect(recorded.bodies).toHaveLength(1);
		const tooLong = await runNode(
			{
				type: 'residentIq',
				parameters: {
					resource: 'account',
					operation: 'getStatistics',
					startDate: '2020-04-01',
					endDate: '2020-07-01',
				},
			},
			{ credentials },
		);
		expect((tooLong.error as { description?: string }).description).toBe(
			'Nothing was sent to ResidentIQ. Choose an End Date no later than 2020-05-31, or split the period into several runs.',
		);
	});

	test("an empty window gives no items; RIQ's own window error still surfaces", async () => {
		riqRoute(
			'/statistics',
			{ body: riqAnswer('<Stats></Stats>') },
			{ body: errorAnswer('5', 'The requested window is 61 days; the maximum is 60 days') },
		);
		const params = {
			resource: 'account',
			operation: 'getStatistics',
			startDate: '2020-04-01',
			endDate: '2020-04-02',
		};
		const empty = await runNode({ type: 'residentIq', parameters: params }, { credentials });
		expect(empty.error).toBeUndefined();
		expect(empty.items).toEqual([]);
		const refused = await runNode({ type: 'residentIq', parameters: params }, { credentials });
		expect(refused.error?.message).toBe(
			'ResidentIQ: The requested window is 61 days; the maximum is 60 days [5]',
		);
	});
});
