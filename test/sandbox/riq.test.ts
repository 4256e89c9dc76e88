/* eslint-disable @typescript-eslint/no-explicit-any -- parsed XML is checked element by element */
import type { RunningSandbox } from '../../sandbox/server';
import { parseXml } from '../../sandbox/xml';
import type { Receiver } from './helpers';
import {
	demoCredentials,
	riq,
	riqRequest,
	riqSubmission,
	riqSubmit,
	start,
	startReceiver,
} from './helpers';

const c = demoCredentials.residentIq;

describe('ResidentIQ sandbox (seed 003)', () => {
	let sb: RunningSandbox;
	let receiver: Receiver;
	const byOrder = (orderId: string, extra: Record<string, unknown> = {}, action = 'status') =>
		riqRequest({ '@_action': action, OrderId: orderId, ...extra });
	const complete = async (orderId: string, decision?: string) =>
		(
			await sb.admin.request(
				'POST',
				`/riq/orders/${orderId}/complete`,
				decision ? { decision } : {},
			)
		).body;
	const expectError = (answer: { status: number; pkg: any }, code: number, text?: string) => {
		expect(answer.status).toBe(200); // RIQ reports errors inside HTTP 200
		expect(answer.pkg.ScreeningStatus.OrderStatus).toBe('x:error');
		expect(answer.pkg.ErrorReport.ErrorCode).toBe(String(code));
		if (text) expect(answer.pkg.ErrorReport.ErrorDescription).toContain(text);
	};
	const linkItems = (...ids: string[]) => ({
		AdditionalItems: ids.map((id) => ({ '@_type': 'x:link_order', Text: id })),
	});

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
		await sb.admin.request('PUT', '/riq/settings', { autoCompleteSeconds: null });
		receiver.requests.length = 0;
	});

	describe('credentials and errors', () => {
		it('answers XML and echoes the root credentials back', async () => {
			const answer = await riq(sb, '/packages', riqRequest({ '@_action': 'status' }));
			expect(answer.status).toBe(200);
			expect(answer.contentType).toContain('application/xml');
			expect(answer.root['@_userId']).toBe(c.userId);
			expect(answer.root['@_password']).toBe(c.password);
		});

		it('reports wrong credentials as x:error in HTTP 200', async () => {
			const answer = await riq(
				sb,
				'/packages',
				riqRequest({ '@_action': 'status' }, { password: 'wrong' }),
			);
			expectError(answer, 2, 'invalid userId or password');
			expect(answer.root['@_userId']).toBe(c.userId);
			expectError(
				await riq(
					sb,
					'/packages',
					riqRequest({ '@_action': 'status' }, { userId: 'someone-else' }),
				),
				2,
			);
		});

		it('reports a body that is not XML as x:error', async () => {
			expectError(await riq(sb, '', 'this is not xml'), 1);
		});

		it('answers 404 for routes the seed does not have', async () => {
			const response = await fetch(`${sb.url}/riq/api/partner/nope`, {
				method: 'POST',
				body: riqRequest({}),
			});
			expect(response.status).toBe(404);
		});
	});

	describe('POST /api/partner/packages', () => {
		it('lists the products available to the location', async () => {
			const answer = await riq(sb, '/packages', riqRequest({ '@_action': 'status' }));
			expect(answer.pkg.ProductsAvailable.Product).toEqual([
				'RIQ Basic',
				'RIQ Standard',
				'RIQ Premium',
			]);
		});
	});

	describe('POST /api/partner (submit)', () => {
		it('accepts the published sample payload (mismatched root tags included) and answers x:pending', async () => {
			const sample = `<?xml version="1.0"?>
<BackgroundReports userId="${c.userId}" password="${c.password}">
    <BackgroundSearchPackage action="submit" type="RIQ Standard">
        <ReferenceId>PARTNER-9</ReferenceId>
        <PersonalData>
            <PersonName><GivenName>Hank</GivenName><MiddleName>Danger</MiddleName><FamilyName>Mess</FamilyName></PersonName>
            <DemographicDetail>
                <GovernmentId issuingAuthority="SSN">333221111</GovernmentId>
                <DateOfBirth>1970-12-01</DateOfBirth>
            </DemographicDetail>
        </PersonalData>
        <Screenings useConfigurationDefaults="yes">
            <AdditionalItems type="x:monthly_rent"><Text>915</Text></AdditionalItems>
        </Screenings>
        <SupportingDocumentation>
            <OriginalFileName>Signed_Rental_Application.pdf</OriginalFileName>
            <Name>davebirt</Name>
            <EncodedContent>JVBERi0xLjQK</EncodedContent>
        </SupportingDocumentation>
    </BackgroundSearchPackage>
</BackgroundCheck>`;
			const answer = await riq(sb, '', sample);
			expect(answer.pkg.ReferenceId).toBe('PARTNER-9');
			expect(answer.pkg.OrderId).toMatch(/^\d+$/);
			expect(answer.pkg.ScreeningStatus.OrderStatus).toBe('x:pending');
			const order = (await sb.admin.request('GET', '/state')).body.riq.orders[0];
			expect(order).toMatchObject({
				referenceId: 'PARTNER-9',
				product: 'RIQ Standard',
				status: 'pending',
				ssn: '*****1111',
			});
			expect(order.documents).toEqual([
				{ name: 'Signed_Rental_Application.pdf', fileType: null, bytes: 9, via: 'submit' },
			]);
		});

		it('accepts both test SSNs and rejects others unless strict mode is off', async () => {
			await riqSubmit(sb, { ssn: '333221111' });
			await riqSubmit(sb, { ssn: '111223333' });
			const other = await riq(
				sb,
				'',
				riqRequest(riqSubmission({ ssn: '123456789', referenceId: 'R-X' })),
			);
			expectError(other, 1, 'test SSN');
			expect(other.pkg.ReferenceId).toBe('R-X');
			await sb.admin.request('PUT', '/riq/settings', { strictTestSsns: false });
			await riqSubmit(sb, { ssn: '123456789' });
		});

		it.each([
			['an unknown product', { '@_type': 'Platinum' }, 'Unknown product'],
			['no ReferenceId', { ReferenceId: '' }, 'ReferenceId'],
			[
				'a bad postback url',
				{ Screenings: { AdditionalItems: [{ '@_type': 'x:postback_url', Text: '{someurl}' }] } },
				'postback_url',
			],
			[
				'a non-numeric rent',
				{ Screenings: { AdditionalItems: [{ '@_type': 'x:monthly_rent', Text: 'lots' }] } },
				'monthly_rent',
			],
			[
				'a bad date of birth',
				{
					PersonalData: {
						PersonName: { GivenName: 'A', FamilyName: 'B' },
						DemographicDetail: { GovernmentId: '333221111', DateOfBirth: '12/01/1970' },
					},
				},
				'DateOfBirth',
			],
			[
				'no family name',
				{
					PersonalData: {
						PersonName: { GivenName: 'A' },
						DemographicDetail: { GovernmentId: '333221111' },
					},
				},
				'FamilyName',
			],
		])('rejects %s', async (_label, override, text) => {
			expectError(await riq(sb, '', riqRequest({ ...riqSubmission(), ...override })), 1, text);
		});
	});

	describe('POST /api/partner/status and report URLs', () => {
		it('shows pending, then ready with the decision, its description and a report URL', async () => {
			const orderId = await riqSubmit(sb, { referenceId: 'REF-S' });
			const pending = await riq(sb, '/status', byOrder(orderId, { 'report-type': 'full' }));
			expect(pending.pkg).toEqual({
				ReferenceId: 'REF-S',
				OrderId: orderId,
				ScreeningStatus: { OrderStatus: 'x:pending' },
			});
			await complete(orderId);
			const ready = await riq(sb, '/status', byOrder(orderId, { 'report-type': 'full' }));
			expect(ready.pkg.ScreeningStatus).toEqual({
				OrderStatus: 'x:ready',
				OrderDecision: 'Accept',
				OrderDecisionDescription: expect.any(String),
			});
			expect(ready.pkg.ReportURL).toMatch(new RegExp(`^${sb.url}/riq/reports/`));
			const decisionOnly = await riq(
				sb,
				'/status',
				byOrder(orderId, { 'report-type': 'decision' }),
			);
			expect(decisionOnly.pkg.ReportURL).toBeUndefined();
			expect(decisionOnly.pkg.ScreeningStatus.OrderDecision).toBe('Accept');
		});

		it('gives the adverse test SSN a Decline', async () => {
			const orderId = await riqSubmit(sb, { ssn: '111223333' });
			await complete(orderId);
			expect((await riq(sb, '/status', byOrder(orderId))).pkg.ScreeningStatus.OrderDecision).toBe(
				'Decline',
			);
		});

		it('rejects unknown orders and bad report types', async () => {
			expectError(await riq(sb, '/status', byOrder('42')), 3);
			expectError(await riq(sb, '/status', riqRequest({ '@_action': 'status' })), 1, 'OrderId');
			const orderId = await riqSubmit(sb);
			expectError(await riq(sb, '/status', byOrder(orderId, { 'report-type': 'summary' })), 1);
		});

		it('expires report URLs after 5 minutes of sandbox time', async () => {
			const orderId = await riqSubmit(sb);
			await complete(orderId);
			const url = (await riq(sb, '/status', byOrder(orderId))).pkg.ReportURL as string;
			const page = await fetch(url);
			expect(page.status).toBe(200);
			expect(page.headers.get('content-type')).toContain('text/html');
			expect(await page.text()).toContain(orderId);
			await sb.admin.request('POST', '/clock/advance', { seconds: 299 });
			const url2 = (await riq(sb, '/status', byOrder(orderId))).pkg.ReportURL as string;
			await sb.admin.request('POST', '/clock/advance', { seconds: 2 });
			expect((await fetch(url)).status).toBe(410); // 301 s old
			expect((await fetch(url2)).status).toBe(200); // 2 s old
		});

		it('lets a report URL load only twice', async () => {
			const orderId = await riqSubmit(sb);
			await complete(orderId);
			const url = (await riq(sb, '/status', byOrder(orderId))).pkg.ReportURL as string;
			expect((await fetch(url)).status).toBe(200);
			expect((await fetch(url)).status).toBe(200);
			expect((await fetch(url)).status).toBe(410);
		});
	});

	describe('postbacks', () => {
		it('POSTs the ready status to x:postback_url as a form field "request" holding the XML', async () => {
			const orderId = await riqSubmit(sb, {
				postbackUrl: `${receiver.url}/riq-hook?secret=abc`,
				referenceId: 'REF-P',
			});
			expect(receiver.requests).toHaveLength(0);
			const done = await complete(orderId);
			expect(done.postbacks).toHaveLength(1);
			expect(done.postbacks[0].status).toBe(200);
			expect(receiver.requests).toHaveLength(1);
			const request = receiver.requests[0];
			expect(request.url).toBe('/riq-hook?secret=abc');
			expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
			const xml = new URLSearchParams(request.body).get('request') as string;
			const pkg = (parseXml(xml).BackgroundReports as any).BackgroundReportPackage;
			expect(pkg).toMatchObject({
				ReferenceId: 'REF-P',
				OrderId: orderId,
				ScreeningStatus: { OrderStatus: 'x:ready', OrderDecision: 'Accept' },
			});
			expect(pkg.ReportURL).toContain('/riq/reports/');
			expect(xml).not.toContain(c.password);
		});

		it('can send raw application/xml instead', async () => {
			await sb.admin.request('PUT', '/riq/settings', { postbackFormat: 'xml' });
			const orderId = await riqSubmit(sb, { postbackUrl: `${receiver.url}/raw` });
			await complete(orderId);
			expect(receiver.requests[0].headers['content-type']).toContain('application/xml');
			expect(
				(parseXml(receiver.requests[0].body).BackgroundReports as any).BackgroundReportPackage
					.OrderId,
			).toBe(orderId);
		});

		it('moves pending -> ready on its own when sandbox time passes', async () => {
			await sb.admin.request('PUT', '/riq/settings', { autoCompleteSeconds: 30 });
			const orderId = await riqSubmit(sb, { postbackUrl: `${receiver.url}/auto` });
			await sb.admin.request('POST', '/clock/advance', { seconds: 10 });
			expect((await riq(sb, '/status', byOrder(orderId))).pkg.ScreeningStatus.OrderStatus).toBe(
				'x:pending',
			);
			await sb.admin.request('POST', '/clock/advance', { seconds: 21 });
			expect((await riq(sb, '/status', byOrder(orderId))).pkg.ScreeningStatus.OrderStatus).toBe(
				'x:ready',
			);
			expect(receiver.requests.map((r) => r.url)).toEqual(['/auto']);
		});

		it('records a postback that cannot be delivered', async () => {
			const orderId = await riqSubmit(sb, { postbackUrl: 'http://127.0.0.1:1/closed' });
			const done = await complete(orderId);
			expect(done.postbacks[0].error).toBeDefined();
			expect(done.postbacks[0].status).toBeUndefined();
		});
	});

	describe('groups: /link, /unlink, /group-data', () => {
		it('links applicants, reports the group decision, and dissolves a group of one', async () => {
			const a = await riqSubmit(sb, { ssn: '333221111' });
			const b = await riqSubmit(sb, { ssn: '111223333' });
			const d = await riqSubmit(sb, { ssn: '333221111' });
			const linked = await riq(sb, '/link', byOrder(a, linkItems(b, d)));
			expect(linked.pkg.OrderId).toBe(a);
			expect(linked.pkg.ScreeningStatus.OrderStatus).toBe('x:pending');
			const group = await riq(sb, '/group-data', byOrder(b));
			expect(group.pkg.RIQGroupIdentifier).toMatch(/^G[0-9A-F]+$/);
			expect(group.pkg.GroupedReports.ReportId).toEqual([a, b, d]);

			await complete(a);
			await complete(b);
			// The status of A reflects the whole group: B's Decline wins over A's Accept.
			expect((await riq(sb, '/status', byOrder(a))).pkg.ScreeningStatus.OrderDecision).toBe(
				'Decline',
			);

			const unlinked = await riq(sb, '/unlink', byOrder(b));
			expect(unlinked.pkg).toMatchObject({
				OrderId: b,
				ScreeningStatus: { OrderStatus: 'x:unlinked' },
			});
			expect((await riq(sb, '/status', byOrder(a))).pkg.ScreeningStatus.OrderDecision).toBe(
				'Accept',
			);
			expect((await riq(sb, '/group-data', byOrder(a))).pkg.GroupedReports.ReportId).toEqual([
				a,
				d,
			]);

			await riq(sb, '/unlink', byOrder(d));
			// A alone is not a group any more.
			expectError(await riq(sb, '/group-data', byOrder(a)), 4, 'not part of a group');
			expect((await sb.admin.request('GET', '/state')).body.riq.groups).toEqual({});
		});

		it('accepts link items at the root, as the seed sample places them, and unlinks several at once', async () => {
			const a = await riqSubmit(sb);
			const b = await riqSubmit(sb);
			const d = await riqSubmit(sb);
			await riq(
				sb,
				'/link',
				riqRequest({ '@_action': 'status', OrderId: a }, { extraRoot: linkItems(b, d) }),
			);
			expect((await riq(sb, '/group-data', byOrder(a))).pkg.GroupedReports.ReportId).toEqual([
				a,
				b,
				d,
			]);
			await riq(sb, '/unlink', byOrder(a, linkItems(b)));
			expectError(await riq(sb, '/group-data', byOrder(d)), 4);
		});

		it('groups on submit with x:link_order and merges groups', async () => {
			const a = await riqSubmit(sb);
			const b = await riqSubmit(sb, { linkTo: a });
			const d = await riqSubmit(sb);
			const e = await riqSubmit(sb, { linkTo: d });
			expect((await riq(sb, '/group-data', byOrder(a))).pkg.GroupedReports.ReportId).toEqual([
				a,
				b,
			]);
			await riq(sb, '/link', byOrder(b, linkItems(e)));
			expect((await riq(sb, '/group-data', byOrder(d))).pkg.GroupedReports.ReportId).toEqual([
				a,
				b,
				d,
				e,
			]);
		});

		it('rejects unknown reports, empty links and unlinking an ungrouped report', async () => {
			const a = await riqSubmit(sb);
			expectError(await riq(sb, '/link', byOrder(a, linkItems('999999'))), 3);
			expectError(await riq(sb, '/link', byOrder(a)), 1, 'link_order');
			expectError(await riq(sb, '/unlink', byOrder(a)), 4, 'not part of a group');
			expectError(await riq(sb, '', riqRequest(riqSubmission({ linkTo: '999999' }))), 3);
		});
	});

	describe('POST /api/partner/decision and /document/aal', () => {
		const decide = (orderId: string, decision: string, action = 'decision') =>
			riq(
				sb,
				'/decision',
				riqRequest({ '@_action': action, OrderId: orderId, PropertyDecision: decision }),
			);

		it('accepts only Accept / Conditional-High / Conditional-Low / Decline', async () => {
			const orderId = await riqSubmit(sb);
			await complete(orderId);
			for (const decision of ['Accept', 'Conditional-High', 'Conditional-Low', 'Decline']) {
				const answer = await decide(orderId, decision);
				expect(answer.pkg).toEqual({
					ReferenceId: 'PARTNER-REF-1',
					OrderId: orderId,
					Success: 'True',
				});
			}
			expectError(await decide(orderId, 'Maybe'), 1, 'PropertyDecision');
			expectError(await decide(orderId, 'accept'), 1);
			expectError(await decide(orderId, 'Accept', 'status'), 1, 'action');
		});

		it('refuses a decision on a pending report', async () => {
			const orderId = await riqSubmit(sb);
			expectError(await decide(orderId, 'Accept'), 4, 'pending');
		});

		it('returns adverse-action letters generated from adverse decisions as base64 PDFs', async () => {
			const orderId = await riqSubmit(sb, { ssn: '111223333' });
			await complete(orderId);
			const none = await riq(sb, '/document/aal', byOrder(orderId));
			expect(none.pkg.SupportingDocumentation).toBe('');
			await decide(orderId, 'Accept');
			await decide(orderId, 'Decline');
			await decide(orderId, 'Conditional-Low');
			const letters = await riq(sb, '/document/aal', byOrder(orderId));
			const docs = letters.pkg.SupportingDocumentation.Document as any[];
			expect(docs.map((doc) => doc.Name)).toEqual([`AAL_${orderId}_1.pdf`, `AAL_${orderId}_2.pdf`]);
			const pdf = Buffer.from(docs[0].EncodedContent, 'base64').toString('latin1');
			expect(pdf.startsWith('%PDF-1.4')).toBe(true);
			expect(pdf).toContain('Decline');
			expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
		});
	});

	describe('POST /api/partner/statistics', () => {
		const mmddyyyy = (daysAgo: number) => {
			const d = new Date(Date.now() - daysAgo * 86400000);
			return `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}-${d.getUTCFullYear()}`;
		};
		const stats = (start: string, end: string) =>
			riq(
				sb,
				'/statistics',
				riqRequest({ '@_action': 'decision', Stats: { StartDate: start, EndDate: end } }),
			);

		it('returns credit score, evictions and bankruptcies per report created in the window', async () => {
			const clean = (
				await sb.admin.request('POST', '/riq/orders', {
					ssn: '333221111',
					createdDaysAgo: 5,
					ready: true,
				})
			).body.orderId;
			const adverse = (
				await sb.admin.request('POST', '/riq/orders', {
					ssn: '111223333',
					createdDaysAgo: 20,
					ready: true,
				})
			).body.orderId;
			await sb.admin.request('POST', '/riq/orders', {
				ssn: '333221111',
				createdDaysAgo: 90,
				ready: true,
			});
			const answer = await stats(mmddyyyy(59), mmddyyyy(0));
			const rows = answer.root.Stats.Stat as any[];
			expect(rows.map((row) => row.ReportNumber)).toEqual([clean, adverse]);
			expect(rows[0]).toMatchObject({
				CreditScore: '742',
				Evictions: { '@_Count': '0' },
				Bankruptcies: { '@_Count': '0' },
			});
			expect(rows[1]).toMatchObject({
				CreditScore: '31',
				Evictions: { '@_Count': '1', Eviction: [{ FileDate: '2/13/2019' }] },
				Bankruptcies: {
					'@_Count': '1',
					Bankruptcy: [
						{ Type: 'BankruptcyChapter7', CourtName: 'US BKPT CT CO DENVER', Status: 'Discharged' },
					],
				},
			});
			expect(answer.root.BackgroundReportPackage).toBeUndefined();
		});

		it('allows exactly 60 days and refuses 61', async () => {
			expect((await stats('04-01-2020', '05-31-2020')).root.Stats).toBe(''); // 60 days, nothing in it
			expectError(await stats('04-01-2020', '06-01-2020'), 5, '60 days');
		});

		it('requires MM-DD-YYYY dates in order', async () => {
			expectError(await stats('2020-04-01', '2020-05-01'), 1, 'MM-DD-YYYY');
			expectError(await stats('13-01-2020', '05-01-2020'), 1);
			expectError(await stats('05-01-2020', '04-01-2020'), 1, 'before');
			expectError(
				await riq(sb, '/statistics', riqRequest({ '@_action': 'decision' })),
				1,
				'StartDate',
			);
		});
	});

	describe('POST /api/partner/document/upload', () => {
		const upload = (orderId: string, documents: unknown[]) =>
			riq(
				sb,
				'/document/upload',
				riqRequest({
					'@_action': 'decision',
					OrderId: orderId,
					SupportingDocumentation: { Document: documents },
				}),
			);

		it('stores base64 documents for a report', async () => {
			const orderId = await riqSubmit(sb);
			const answer = await upload(orderId, [
				{
					OriginalFileName: 'Doc1.png',
					FileType: '3',
					EncodedContent: Buffer.from('png-bytes').toString('base64'),
				},
				{
					OriginalFileName: 'Doc2.pdf',
					FileType: '0',
					EncodedContent: Buffer.from('%PDF-1.4').toString('base64'),
				},
			]);
			expect(answer.pkg).toEqual({
				OrderId: orderId,
				VerificationDocumentation: 'Document(s) uploaded for this report.',
			});
			const order = (await sb.admin.request('GET', '/state')).body.riq.orders[0];
			expect(order.documents.map((d: any) => [d.name, d.fileType, d.bytes])).toEqual([
				['Doc1.png', '3', 9],
				['Doc2.pdf', '0', 8],
			]);
		});

		it('rejects bad base64, no documents and unknown reports', async () => {
			const orderId = await riqSubmit(sb);
			expectError(
				await upload(orderId, [
					{ OriginalFileName: 'x.pdf', FileType: '3', EncodedContent: '{BASE64 STRING}' },
				]),
				1,
				'base64',
			);
			expectError(
				await upload(orderId, [
					{ OriginalFileName: 'x.pdf', FileType: 'pdf', EncodedContent: 'AAAA' },
				]),
				1,
				'FileType',
			);
			expectError(await riq(sb, '/document/upload', byOrder(orderId)), 1, 'Document');
			expectError(await upload('123', [{ OriginalFileName: 'x.pdf', EncodedContent: 'AAAA' }]), 3);
		});
	});
});
