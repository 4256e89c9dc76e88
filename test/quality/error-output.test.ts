import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { runNode, type CredentialsMap, type TestNodeSpec } from '../../harness';
import { API as CHOICE, apiKeyCredentials } from '../workflow/choicescreening/fixtures';
import {
	API as PAGEUP_API,
	BASE_PATH as PAGEUP_PATH,
	credentials as pageUpCredentials,
	LOGIN as PAGEUP_LOGIN,
} from '../workflow/pageup/fixtures';
import { BASE as RIQ, credentials as riqCredentials } from '../workflow/residentiq/fixtures';
import { actionNodes } from './nodes';

/**
 * Every action node under "On Error: Continue (using error output)": of three items the middle one fails
 * (with an error that has a description, so the router's error item is not one n8n routes by its json
 * alone), and it leaves by the error output, paired with its input, while the other two go on by the
 * success output.
 */

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

interface Case {
	node: TestNodeSpec;
	credentials: CredentialsMap;
	/** The three input items: the middle one fails. */
	items: IDataObject[];
	/** The vendor's answers: good for the first and last item, an error for the middle one. */
	mock: () => void;
	/** What the failing item's error says. */
	error: RegExp;
}

const ATS = 'https://ats.example.com';

const riqStatus = (orderId: string) =>
	`<?xml version="1.0"?><BackgroundReports><BackgroundReportPackage><OrderId>${orderId}</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage></BackgroundReports>`;
const riqRefusal =
	'<?xml version="1.0"?><BackgroundReports><BackgroundReportPackage><ScreeningStatus><OrderStatus>x:error</OrderStatus></ScreeningStatus><ErrorReport><ErrorCode>3</ErrorCode><ErrorDescription>Report was not found for this client location</ErrorDescription></ErrorReport></BackgroundReportPackage></BackgroundReports>';

const cases: Record<string, Case> = {
	pageUp: {
		node: {
			type: 'pageUp',
			parameters: {
				resource: 'backgroundCheck',
				operation: 'returnToPending',
				checkId: '={{ $json.id }}',
			},
		},
		credentials: pageUpCredentials,
		items: [{ id: '1001' }, { id: '1002' }, { id: '1003' }],
		mock: () => {
			nock(PAGEUP_LOGIN)
				.post('/connect/token')
				.reply(200, { access_token: 'tok', token_type: 'Bearer', expires_in: 3600 });
			const path = (id: string) => `${PAGEUP_PATH}/${id}`;
			nock(PAGEUP_API).put(path('1001')).reply(200, { id: 1001, status: 'pending' });
			nock(PAGEUP_API).put(path('1002')).reply(404, { message: 'Background check 1002 not found' });
			nock(PAGEUP_API).put(path('1003')).reply(200, { id: 1003, status: 'pending' });
		},
		error: /^PageUp: Background check 1002 not found/,
	},
	atsAnywhere: {
		node: {
			type: 'atsAnywhere',
			parameters: {
				resource: 'statusUpdate',
				operation: 'send',
				result: 'Pass',
				resultLinkUrl: '=https://reports.example.com/{{ $json.background_check_id }}',
			},
		},
		credentials: {},
		items: ['a', 'b', 'c'].map((id) => ({
			webhook_url: `${ATS}/hooks/${id}`,
			background_check_id: `BC-${id}`,
		})),
		mock: () => {
			nock(ATS).post('/hooks/a').reply(200, { ok: true });
			nock(ATS).post('/hooks/b').reply(404, { error_message: 'Unknown background check BC-b' });
			nock(ATS).post('/hooks/c').reply(200, { ok: true });
		},
		error: /Unknown background check BC-b/,
	},
	residentIq: {
		node: {
			type: 'residentIq',
			parameters: {
				resource: 'report',
				operation: 'getStatus',
				orderId: '={{ $json.report }}',
				reportType: 'decision',
			},
		},
		credentials: riqCredentials,
		items: [{ report: '500001' }, { report: '500002' }, { report: '500003' }],
		mock: () => {
			for (const report of ['500001', '500002', '500003']) {
				nock(RIQ)
					.post('/api/partner/status', (body: string) => body.includes(`<OrderId>${report}<`))
					.reply(200, report === '500002' ? riqRefusal : riqStatus(report), {
						'Content-Type': 'application/xml',
					});
			}
		},
		error: /^ResidentIQ: Report was not found for this client location/,
	},
	choiceScreening: {
		// Get Status reads five items at once by default: the router's worker pool is on the path.
		node: {
			type: 'choiceScreening',
			parameters: { resource: 'order', operation: 'getStatus', orderId: '={{ $json.order }}' },
		},
		credentials: apiKeyCredentials,
		items: [{ order: '1' }, { order: '2' }, { order: '3' }],
		mock: () => {
			nock(CHOICE)
				.get('/api/v1/order/1')
				.reply(200, { order: { id: 1, status: 'Complete' } });
			nock(CHOICE).get('/api/v1/order/2').reply(404, { message: 'Order 2 does not exist' });
			nock(CHOICE)
				.get('/api/v1/order/3')
				.reply(200, { order: { id: 3, status: 'Complete' } });
		},
		error: /^Choice Screening: Order 2 does not exist/,
	},
};

test('every action node has a case', () => {
	expect(Object.keys(cases).sort()).toEqual(
		actionNodes()
			.map((node) => node.name)
			.sort(),
	);
});

describe.each(Object.entries(cases))(
	'%s under "On Error: Continue (using error output)"',
	(_name, example) => {
		test('the failing item leaves by the error output, the others go on', async () => {
			example.mock();
			const run = await runNode(
				{ ...example.node, settings: { onError: 'continueErrorOutput' } },
				{ credentials: example.credentials, items: example.items },
			);
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
			expect(run.errorItems).toHaveLength(1);
			const [failed] = run.errorItems;
			expect(failed.pairedItem).toEqual({ item: 1 });
			// n8n keeps the error on the item and its message as the json (it drops the rest of the json).
			expect(failed.json).toEqual({ error: expect.stringMatching(example.error) });
			expect(failed.error?.description).toEqual(expect.any(String));
			expect(nock.pendingMocks()).toEqual([]);
		});
	},
);
