/**
 * The ResidentIQ Trigger in a real n8n, for what only a real n8n shows (issue 15):
 * - it reads its own body: after the sequence that wedges n8n's shared XML parser (`<a>&x;</a>`, then a
 *   document cut mid-element, both to another XML webhook), a valid postback still gets its answer;
 * - malformed XML gets a clean 400, no execution and no stack trace;
 * - a replayed postback is answered 200 and starts nothing.
 */
import {
	PACKAGE_NAME,
	RIQ_POSTBACK_CREDENTIAL,
	loadExampleWorkflows,
	type Stack,
	type WorkflowInput,
} from '../../scripts/runtime';
import { startTestStack } from './helpers';

const { user, password } = RIQ_POSTBACK_CREDENTIAL.data;
const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function post(
	url: string,
	body: string,
	headers: Record<string, string>,
	timeoutMs = 15_000,
) {
	const started = Date.now();
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers,
			body,
			signal: AbortSignal.timeout(timeoutMs),
		});
		return { status: response.status, text: await response.text(), ms: Date.now() - started };
	} catch (error) {
		return { status: 0, text: (error as Error).name, ms: Date.now() - started };
	}
}

const postback = (orderId: string) =>
	`<?xml version="1.0"?><BackgroundReports><BackgroundReportPackage><OrderId>${orderId}</OrderId><ScreeningStatus><OrderStatus>x:ready</OrderStatus></ScreeningStatus></BackgroundReportPackage></BackgroundReports>`;

describe('ResidentIQ Trigger in a real n8n', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;
	let riq: WorkflowInput;
	let riqUrl: string;
	let otherXmlUrl: string;
	const xml = { 'content-type': 'application/xml' };

	beforeAll(async () => {
		const examples = loadExampleWorkflows();
		const publish = examples
			.filter((w) => w.name.startsWith('3b.') || w.name.startsWith('4b.'))
			.map((w) => w.id ?? '');
		stack = await startTestStack({ publish });
		const byName = (prefix: string) =>
			stack.workflows.find((w) => w.name.startsWith(prefix)) as WorkflowInput;
		riq = byName('3b.');
		const trigger = riq.nodes.find((n) => n.type === `${PACKAGE_NAME}.residentIqTrigger`);
		riqUrl = `${stack.n8nUrl}/webhook/${trigger?.webhookId}/riq-postback`;
		// Another XML-capable webhook of the same n8n, whose body n8n parses with its shared xml2js parser.
		const choice = byName('4b.').nodes.find(
			(n) => n.type === `${PACKAGE_NAME}.choiceScreeningTrigger`,
		);
		otherXmlUrl = `${stack.n8nUrl}/webhook/${choice?.webhookId}/callback`;
	}, 900_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	const executions = async (s: Stack) => (await s.api.executionIds(riq.id ?? '')).size;

	it('malformed XML: 400, no execution, no stack trace', async () => {
		const before = await executions(stack);
		const bodies = [
			'<',
			'<?xml vers',
			'<BackgroundReports><BackgroundReportPackage><OrderId>1',
			`${'<a>'.repeat(5000)}1${'</a>'.repeat(5000)}`,
		];
		const answers = [];
		for (const body of bodies)
			answers.push(await post(riqUrl, body, { ...xml, authorization: basic }));
		process.stdout.write(
			`[e2e riq] malformed XML answers: ${answers.map((a) => `${a.status} ${a.text}`).join(' | ')}\n`,
		);
		for (const answer of answers) {
			expect(answer.status).toBe(400);
			expect(answer.text).toBe('{"error":"Not a ResidentIQ postback"}');
		}
		expect(await executions(stack)).toBe(before);
	});

	it('after the wedge sequence on another XML webhook, a valid postback still gets its answer; a replay starts nothing', async () => {
		const { orderId } = await stack.admin.call<{ orderId: string }>('POST', '/riq/orders', {
			ready: true,
		});
		const entity = await post(otherXmlUrl, '<a>&x;</a>', xml, 10_000);
		const cut = await post(
			otherXmlUrl,
			'<BackgroundReports><BackgroundReportPackage><OrderId>1',
			xml,
			10_000,
		);
		const wedged = await post(otherXmlUrl, '<ok/>', xml, 10_000);
		process.stdout.write(
			`[e2e riq] wedge sequence on ${otherXmlUrl}: entity ${entity.status} (${entity.ms} ms), cut ${cut.status} (${cut.ms} ms), next XML ${wedged.status === 0 ? `no answer in ${wedged.ms} ms` : wedged.status}\n`,
		);
		const before = await executions(stack);
		const answer = await post(riqUrl, postback(orderId), { ...xml, authorization: basic });
		process.stdout.write(
			`[e2e riq] valid postback after the wedge: ${answer.status} ${answer.text} (${answer.ms} ms)\n`,
		);
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toEqual({ status: 'received', reports: 1 });
		const execution = await stack.api.waitForExecution(riq.id ?? '', {
			timeoutMs: 60_000,
			match: (e) => Number(e.id) > 0,
		});
		expect(execution).toBeDefined();
		expect(await executions(stack)).toBe(before + 1);

		const replay = await post(riqUrl, postback(orderId), { ...xml, authorization: basic });
		expect(replay.status).toBe(200);
		expect(JSON.parse(replay.text)).toEqual({ status: 'received', reports: 1, replays: 1 });
		// The default authentication (the URL and the read-back from RIQ) asks for no header: the same postback
		// without one is the same replay.
		const withoutHeader = await post(riqUrl, postback(orderId), xml);
		expect(withoutHeader.status).toBe(200);
		expect(JSON.parse(withoutHeader.text)).toEqual({ status: 'received', reports: 1, replays: 1 });
		// Give a stray execution time to appear before counting.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(await executions(stack)).toBe(before + 1);
		const health = await fetch(`${stack.n8nUrl}/healthz`);
		expect(health.status).toBe(200);
	});
});
