/**
 * Issue 15's abuse suite: hostile requests to every inbound endpoint of the three webhook triggers (ATS Anywhere
 * package list and orders, ResidentIQ postback, Choice callback) in a real n8n started with the example workflows.
 * Per category it asserts the status codes (never 5xx, never silence), the executions started (none for anything
 * refused), `/healthz`; then n8n's memory, no secret or test SSN in answers, n8n's log or execution data, and that
 * a valid ResidentIQ postback still gets its answer after n8n's own XML parser has been wedged. Prints a table.
 * Bounded: about 150 requests, at most 5 at a time, loopback only.
 */
import * as fs from 'node:fs';

import { loadExampleWorkflows, nodeOutput, PACKAGE_NAME } from '../../scripts/runtime';
import { startTestStack } from '../e2e/helpers';
import {
	atsOrder,
	choiceCallback,
	entityExpansion,
	hostile,
	json,
	riqForm,
	riqXml,
	xxe,
	XML_TYPE,
	type Body,
} from './bodies';
import { Probe } from './probe';
import { atsPayload, choiceOrder, quietSandbox, riqOrder, startCanary, type Canary } from './setup';
import { endpointsOf, secretsOf, type Endpoint, type EndpointName } from './targets';

type HostileCategory = keyof ReturnType<typeof hostile>;
const CONCURRENT = 5;

describe('inbound abuse against a real n8n (issue 15)', () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;
	let ep: Record<EndpointName, Endpoint>;
	let probe: Probe;
	let canary: Canary;
	const rss: Array<{ after: string; kb: number }> = [];
	/** Problems of one category so far, and its check at the end. */
	let mark = 0;
	const begin = () => (mark = probe.problems.length);
	const finish = async (category: string) => {
		await probe.expectHealthy(category);
		rss.push({ after: category, kb: probe.rssKb() });
		expect(probe.problems.slice(mark)).toEqual([]);
	};
	const posts = () => [ep['ats-orders'], ep['riq-postback'], ep['choice-callback']];
	/** A valid body for an endpoint, about a new order (ATS) or the given known order (RIQ, Choice). */
	const valid = (e: Endpoint, orderId: string | number = 0): Body =>
		e.name === 'ats-orders'
			? json('valid order', atsOrder(atsPayload(stack)))
			: e.name === 'riq-postback'
				? riqForm(String(orderId))
				: e.name === 'choice-callback'
					? json('valid callback', choiceCallback(Number(orderId)))
					: { label: 'GET' };

	beforeAll(async () => {
		const triggers = ['atsAnywhereTrigger', 'residentIqTrigger', 'choiceScreeningTrigger'].map(
			(t) => `${PACKAGE_NAME}.${t}`,
		);
		stack = await startTestStack({
			// Only workflows started by these webhooks: a polling trigger of the package (example 5's PageUp Trigger)
			// orders from Choice on its own once published, which choiceOrder's count of new orders cannot tell apart.
			publish: loadExampleWorkflows()
				.filter(
					(wf) =>
						wf.nodes.some((n) => triggers.includes(n.type)) &&
						!wf.nodes.some(
							(n) =>
								n.type.startsWith(`${PACKAGE_NAME}.`) &&
								n.type.endsWith('Trigger') &&
								!triggers.includes(n.type),
						),
				)
				.map((wf) => wf.id ?? ''),
			// Debug level: the most n8n writes about each request is what is searched for secrets.
			env: { N8N_LOG_LEVEL: 'debug' },
		});
		ep = endpointsOf(stack, String(atsPayload(stack).account_id));
		// Besides the imported secrets: the ATS account's own secret (derived from a master secret in that mode).
		const atsPassword = Buffer.from(
			(ep['ats-orders'].auth.good.authorization ?? '').replace(/^Basic /, ''),
			'base64',
		)
			.toString('utf8')
			.split(':')
			.slice(1)
			.join(':');
		probe = new Probe(stack, secretsOf(stack, [atsPassword]));
		canary = await startCanary();
		await quietSandbox(stack);
		// A deployment at work: each confirming trigger has confirmed an order with its credential. From then on an
		// order the vendor does not know is refused; before, it would be passed on flagged `confirmed: false`.
		for (const [e, id] of [
			[ep['riq-postback'], await riqOrder(stack)],
			[ep['choice-callback'], await choiceOrder(stack)],
		] as const)
			probe.expectStatus(e, 'warm-up', await probe.send(e, 'warm-up', valid(e, id), e.auth.good), [
				'2xx',
			]);
		rss.push({ after: 'start', kb: probe.rssKb() });
		process.stdout.write(
			`[abuse] n8n ${stack.n8nUrl} pid ${stack.n8nPid}; auth: ${Object.values(ep)
				.map((e) => `${e.name}=${e.auth.mode} (${e.auth.source})`)
				.join('; ')}; ${probe.secretCount} secret(s) watched\n`,
		);
	}, 900_000);

	afterAll(async () => {
		if (probe) {
			process.stdout.write(
				`\n[abuse] status codes and executions per endpoint and category\n${probe.table()}\n`,
			);
			process.stdout.write(
				`[abuse] n8n RSS (MB): ${rss.map((r) => `${r.after} ${(r.kb / 1024).toFixed(0)}`).join(', ')}\n`,
			);
			process.stdout.write(
				`[abuse] ${probe.problems.length} problem(s)${probe.problems.length ? `:\n  ${probe.problems.join('\n  ')}` : ''}\n`,
			);
		}
		await canary?.close();
		await stack?.cleanup();
	});

	it('wrong and missing credentials: 401, nothing started', async () => {
		begin();
		const riqId = await riqOrder(stack);
		const choiceId = await choiceOrder(stack);
		for (const e of Object.values(ep)) {
			const before = await probe.executionIds(e.workflowId);
			for (const wrong of e.auth.wrong) {
				const body = {
					...valid(e, e.name === 'riq-postback' ? riqId : choiceId),
					label: wrong.label,
				};
				probe.expectStatus(
					e,
					'credentials',
					await probe.send(e, 'credentials', body, wrong.headers),
					[401, 403],
				);
			}
			await probe.expectExecutions(e, 'credentials', before, 0);
		}
		await finish('credentials');
	}, 180_000);

	/**
	 * Choice does not document its callback, so its trigger may take any authenticated JSON it cannot read and emit
	 * it flagged `confirmed: false` (the brief's "emit with a flag") instead of refusing it: allowed for empty and
	 * wrong-typed JSON, one flagged execution per 2xx. Everything else, and every 5 MB body, must be refused.
	 */
	const mayEmitFlagged = (e: Endpoint, category: HostileCategory) =>
		e.name === 'choice-callback' && (category === 'empty' || category === 'wrongTyped');

	const bodyCategory = (category: HostileCategory, title: string) =>
		it(`${title}: 4xx, nothing started`, async () => {
			begin();
			for (const e of posts()) {
				const kind = e.name === 'riq-postback' ? 'xml' : 'json';
				const spoilt = kind === 'xml' ? riqXml('1000001') : String(valid(e, 1).body);
				const before = await probe.executionIds(e.workflowId);
				const flagged = mayEmitFlagged(e, category);
				let accepted = 0;
				for (const body of hostile(kind, spoilt)[category]) {
					const answer = await probe.send(e, category, body, e.auth.good);
					probe.expectStatus(e, category, answer, flagged ? ['4xx', '2xx'] : ['4xx']);
					if (answer.status >= 200 && answer.status < 300) accepted++;
				}
				await probe.expectExecutions(e, category, before, flagged ? accepted : 0);
				if (flagged && accepted > 0) await expectFlagged(e, category, before);
			}
			await finish(category);
		}, 240_000);

	/** Every new execution's trigger output says the callback was not confirmed. */
	const expectFlagged = async (e: Endpoint, category: string, before: Set<string>) => {
		for (const execution of await stack.api.listExecutions({
			workflowId: e.workflowId,
			includeData: true,
			limit: 50,
		})) {
			if (before.has(execution.id)) continue;
			const items = nodeOutput(execution, e.triggerName);
			if (items.length === 0 || items.some((item) => item.confirmed !== false)) {
				probe.problems.push(
					`${e.name} / ${category}: execution ${execution.id} emitted an unreadable body without confirmed: false`,
				);
			}
		}
	};

	bodyCategory('empty', 'empty bodies');
	bodyCategory('wrongTyped', 'wrong-typed bodies');
	bodyCategory('form', 'form garbage');
	bodyCategory('contentType', 'wrong content types');
	bodyCategory('big', '5 MB bodies');
	bodyCategory('truncated', 'truncated bodies');

	it("20 MB bodies to each of the four endpoints: 413 in the vendor's error shape, never 5xx, nothing started", async () => {
		begin();
		const types: Record<EndpointName, string> = {
			'ats-packages': 'application/json',
			'ats-orders': 'application/json',
			'riq-postback': XML_TYPE,
			'choice-callback': 'application/json',
		};
		for (const e of Object.values(ep)) {
			const before = await probe.executionIds(e.workflowId);
			const answer = await probe.sendBytes(e, '20 MB', '20 MB body', 20 * 1024 * 1024, {
				...e.auth.good,
				'content-type': types[e.name],
			});
			probe.expectStatus(e, '20 MB', answer, [413]);
			const shape = e.name.startsWith('ats-') ? 'error_message' : 'error';
			let body: Record<string, unknown> = {};
			try {
				body = JSON.parse(answer.text) as Record<string, unknown>;
			} catch {
				// recorded below
			}
			if (answer.status === 413 && typeof body[shape] !== 'string')
				probe.problems.push(
					`${e.name} / 20 MB: the 413 has no "${shape}": ${answer.text.slice(0, 80)}`,
				);
			await probe.expectExecutions(e, '20 MB', before, 0);
		}
		await finish('20 MB');
	}, 240_000);

	it('entity expansion and XXE to the XML endpoint: 4xx, nothing started, nothing fetched', async () => {
		begin();
		const e = ep['riq-postback'];
		for (const [category, bodies] of [
			['entity expansion', entityExpansion()],
			['XXE', xxe(canary.url)],
		] as const) {
			const before = await probe.executionIds(e.workflowId);
			for (const body of bodies) {
				const answer = await probe.send(e, category, body, e.auth.good);
				probe.expectStatus(e, category, answer, ['4xx']);
				if (/root:.*:0:0:/.test(answer.text))
					probe.problems.push(
						`${e.name} / ${category} / ${body.label}: the answer holds /etc/passwd`,
					);
			}
			await probe.expectExecutions(e, category, before, 0);
		}
		if (canary.hits.length)
			probe.problems.push(`an external entity was fetched: ${canary.hits.join(', ')}`);
		await finish('entity expansion and XXE');
	}, 180_000);

	it('replays: answered 2xx, the second starts nothing', async () => {
		begin();
		const choiceId = await choiceOrder(stack);
		for (const e of Object.values(ep)) {
			const before = await probe.executionIds(e.workflowId);
			const first = valid(e, e.name === 'riq-postback' ? await riqOrder(stack) : choiceId);
			const again: Body[] = [first, { ...first, label: 'replay' }];
			// The same RIQ report again in the other format RIQ uses (raw XML): still a replay.
			if (e.name === 'riq-postback') {
				const orderId =
					new URLSearchParams(String(first.body)).get('request')?.match(/<OrderId>(\w+)</)?.[1] ??
					'';
				again.push({ label: 'replay as raw XML', contentType: XML_TYPE, body: riqXml(orderId) });
			}
			for (const body of again)
				probe.expectStatus(e, 'replay', await probe.send(e, 'replay', body, e.auth.good), ['2xx']);
			await probe.expectExecutions(e, 'replay', before, e.name === 'ats-packages' ? 0 : 1);
		}
		await finish('replay');
	}, 180_000);

	it(`${CONCURRENT} concurrent duplicates: no 5xx, one execution`, async () => {
		begin();
		const choiceId = await choiceOrder(stack);
		for (const e of Object.values(ep)) {
			const before = await probe.executionIds(e.workflowId);
			const body = valid(e, e.name === 'riq-postback' ? await riqOrder(stack) : choiceId);
			const answers = await Promise.all(
				Array.from({ length: CONCURRENT }, () => probe.send(e, 'concurrent', body, e.auth.good)),
			);
			answers.forEach((answer) => probe.expectStatus(e, 'concurrent', answer, ['2xx', 409, 429]));
			if (!answers.some((a) => a.status >= 200 && a.status < 300))
				probe.problems.push(`${e.name} / concurrent: no request was accepted`);
			await probe.expectExecutions(e, 'concurrent', before, e.name === 'ats-packages' ? 0 : 1);
		}
		await finish('concurrent');
	}, 180_000);

	it("after n8n's XML parser is wedged, a valid ResidentIQ postback still gets its answer", async () => {
		begin();
		const riq = ep['riq-postback'];
		const ats = ep['ats-orders'];
		const entity: Body = { label: '<a>&x;</a>', contentType: XML_TYPE, body: '<a>&x;</a>' };
		const cut: Body = {
			label: 'unterminated document',
			contentType: XML_TYPE,
			body: '<BackgroundReports><BackgroundReportPackage><OrderId>1',
		};
		// The sequence of the issue, to a webhook n8n parses XML for (ATS orders) and to the RIQ postback URL.
		const wedged = [];
		for (const body of [entity, cut])
			wedged.push(await probe.sendTolerant(ats, 'wedge (n8n parser)', body, ats.auth.good));
		const before = await probe.executionIds(riq.workflowId);
		for (const body of [entity, cut])
			probe.expectStatus(riq, 'wedge', await probe.send(riq, 'wedge', body, riq.auth.good), [
				'4xx',
			]);
		const xmlPostback: Body = {
			label: 'valid raw XML postback',
			contentType: XML_TYPE,
			body: riqXml(await riqOrder(stack)),
		};
		probe.expectStatus(riq, 'wedge', await probe.send(riq, 'wedge', xmlPostback, riq.auth.good), [
			'2xx',
		]);
		probe.expectStatus(
			riq,
			'wedge',
			await probe.send(riq, 'wedge', riqForm(await riqOrder(stack)), riq.auth.good),
			['2xx'],
		);
		await probe.expectExecutions(riq, 'wedge', before, 2);
		// Shows the wedge took: n8n's own parsing of XML for the ATS URL no longer answers (n8n's bug, not asserted).
		const probeAfter = await probe.sendTolerant(
			ats,
			'wedge (n8n parser)',
			{ label: 'well-formed XML', contentType: XML_TYPE, body: '<a>1</a>' },
			ats.auth.good,
		);
		process.stdout.write(
			`[abuse] wedge sequence to ${ats.name}: ${wedged.map((a) => a.status || 'no answer').join(', ')}; XML to ${ats.name} afterwards: ${probeAfter.status || 'no answer'} (${probeAfter.status ? "n8n's parser not wedged" : "n8n's parser wedged"})\n`,
		);
		await finish('wedge');
	}, 180_000);

	it("n8n's memory comes back once it is idle", async () => {
		const start = rss[0].kb;
		const peak = Math.max(...rss.map((r) => r.kb));
		// 5 MB bodies, 10,000-field forms and entity bombs must not leave n8n holding hundreds of megabytes. RSS
		// right after the last request says little (V8 collects lazily: 500 MB above the start was seen once in a
		// run whose memory then came back), so n8n is left idle until V8's memory reducer has run, for up to 60 s.
		const idle: number[] = [];
		for (let i = 0; i < 30; i++) {
			idle.push(probe.rssKb());
			if (idle[idle.length - 1] - start < 256 * 1024) break;
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
		const end = idle[idle.length - 1];
		process.stdout.write(
			`[abuse] n8n RSS: start ${(start / 1024).toFixed(0)} MB, peak ${(peak / 1024).toFixed(0)} MB, idle ${idle
				.map((kb) => (kb / 1024).toFixed(0))
				.join(', ')} MB (every 2 s)\n`,
		);
		expect(end - start).toBeLessThan(256 * 1024);
	}, 90_000);

	it('no secret or test SSN in n8n log lines or execution data', async () => {
		const found: string[] = [];
		fs.readFileSync(stack.n8nLogFile, 'utf8')
			.split('\n')
			.forEach((line, i) => {
				const leaks = probe.leaksIn(line);
				if (leaks.length) found.push(`n8n log line ${i + 1}: ${leaks.join(', ')}`);
			});
		for (const workflowId of new Set(Object.values(ep).map((e) => e.workflowId))) {
			for (const execution of await stack.api.listExecutions({
				workflowId,
				includeData: true,
				limit: 250,
			})) {
				const leaks = probe.leaksIn(JSON.stringify(execution));
				if (leaks.length)
					found.push(`execution ${execution.id} of workflow ${workflowId}: ${leaks.join(', ')}`);
			}
		}
		expect(found).toEqual([]);
	}, 60_000);
});
