import {
	groupMembers,
	mapStatus,
	reportStatus,
	statistic,
} from '../../../nodes/ResidentIq/helpers/mapping';
import { child, parseXml, reportPackages } from '../../../nodes/ResidentIq/transport/xml';

test.each([
	['x:pending', 'pending'],
	['x:ready', 'ready'],
	['x:error', 'error'],
	['X:Ready', 'ready'],
	['x:unlinked', 'unlinked'],
	['x:In_Progress', 'in_progress'],
	['completed', 'completed'],
])('status %s -> %s, raw kept', (raw, plain) => {
	expect(mapStatus(raw)).toEqual({ status: plain, statusRaw: raw });
});

test('no status gives nulls', () => {
	expect(mapStatus(undefined)).toEqual({ status: null, statusRaw: null });
	expect(mapStatus('')).toEqual({ status: null, statusRaw: null });
});

test('report status: every key present, unknown elements ignored', () => {
	const [pkg] = reportPackages(
		parseXml(
			'<BackgroundReports><BackgroundReportPackage><OrderId>7</OrderId><Surprise>1</Surprise><ReportUrl>https://r</ReportUrl></BackgroundReportPackage></BackgroundReports>',
		),
	);
	expect(reportStatus(pkg)).toEqual({
		orderId: '7',
		referenceId: null,
		status: null,
		statusRaw: null,
		decision: null,
		decisionDescription: null,
		reportUrl: 'https://r',
	});
	expect(reportStatus(undefined).orderId).toBeNull();
});

test('group members from bare ReportIds and from member elements', () => {
	const [pkg] = reportPackages(
		parseXml(`<BackgroundReports><BackgroundReportPackage><GroupedReports>
			<ReportId>1</ReportId>
			<Member><ReportId>2</ReportId><FullName>A B</FullName></Member>
			<Member><FullName>no id</FullName></Member>
		</GroupedReports></BackgroundReportPackage></BackgroundReports>`),
	);
	expect(groupMembers(pkg)).toEqual([
		{ reportId: '1', fullName: null, propertyDecision: null },
		{ reportId: '2', fullName: 'A B', propertyDecision: null },
	]);
	expect(groupMembers(undefined)).toEqual([]);
});

test('statistics: the Count attribute wins, the list length is the fallback; odd scores stay text', () => {
	const doc =
		parseXml(`<BackgroundReports><Stats><Stat><ReportNumber>9</ReportNumber><CreditScore>n/a</CreditScore>
		<Evictions><Eviction><FileDate>13/45/2019</FileDate></Eviction><Eviction><FileDate>02-13-2019</FileDate></Eviction></Evictions>
		<Bankruptcies Count="3"/></Stat></Stats></BackgroundReports>`);
	const stat = child(child(doc.BackgroundReports, 'Stats'), 'Stat');
	expect(statistic(stat as Record<string, unknown>)).toEqual({
		reportNumber: '9',
		creditScore: 'n/a',
		evictionCount: 2,
		evictions: [
			{ fileDate: '13/45/2019', fileDateIso: null },
			{ fileDate: '02-13-2019', fileDateIso: '2019-02-13' },
		],
		bankruptcyCount: 3,
		bankruptcies: [],
	});
});

test('a report URL that is not a web address is dropped', () => {
	const status = (url: string) =>
		reportStatus(
			reportPackages(
				parseXml(
					`<BackgroundReports><BackgroundReportPackage><ReportURL>${url}</ReportURL></BackgroundReportPackage></BackgroundReports>`,
				),
			)[0],
		).reportUrl;
	expect(status('javascript:alert(1)')).toBeNull();
	expect(status('https://riq.example/r/1')).toBe('https://riq.example/r/1');
	expect(status('http://x y')).toBeNull();
});
