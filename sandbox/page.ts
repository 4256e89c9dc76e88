/**
 * The sandbox's root page for people: per vendor, what it holds and its latest requests, in tables (refreshes
 * every 5 s). The same facts as JSON: /_admin/state and /_admin/requests.
 */
import { escapeHtml, type OutboundCall } from './http';
import type { RequestLogEntry, Sandbox } from './sandbox';

const LATEST = 15;

type Cell = string | number | boolean | null | undefined;

function table(headers: string[], rows: Cell[][], empty: string): string {
	if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
	const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
	const body = rows
		.map(
			(row) =>
				`<tr>${row.map((cell) => `<td>${escapeHtml(String(cell ?? ''))}</td>`).join('')}</tr>`,
		)
		.join('');
	return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** "201" / "refused: ..." / "" of the sandbox's own latest call. */
function outcome(calls: OutboundCall[] | undefined): string {
	const last = calls?.[calls.length - 1];
	if (!last) return '';
	return `${calls?.length ?? 0}× last: ${last.status ?? last.error ?? 'no answer'}`;
}

function requests(log: RequestLogEntry[], vendor: string): string {
	const rows = log
		.filter((entry) => entry.vendor === vendor)
		.slice(-LATEST)
		.reverse()
		.map((e) => [e.at.slice(11, 19), e.method, e.path, e.route, e.status, e.fault]);
	return `<h3>Latest requests to it</h3>${table(['time', 'method', 'path', 'route', 'status', 'fault'], rows, 'none yet')}`;
}

export function statusPage(sandbox: Sandbox): string {
	const pageUp = sandbox.pageUp.snapshot();
	const ats = sandbox.ats.snapshot();
	const riq = sandbox.riq.snapshot();
	const choice = sandbox.choice.snapshot();
	const faults = sandbox.faults.snapshot();
	const log = sandbox.requestLog;
	const base = sandbox.url;
	const section = (title: string, prefix: string, body: string, vendor: string) =>
		`<section><h2>${escapeHtml(title)} <small>${escapeHtml(`${base}${prefix}`)}</small></h2>${body}${requests(log, vendor)}</section>`;

	const sections = [
		section(
			'PageUp (the ATS the provider polls)',
			'/pageup',
			table(
				[
					'check id',
					'tenant',
					'status',
					'reference number',
					'reason for fail',
					'results',
					'status changes',
				],
				pageUp.checks.map((c) => [
					c.id,
					c.tenantId,
					c.status,
					c.referenceNumber,
					c.reasonForFail,
					c.results.length,
					c.history.length,
				]),
				'no checks',
			),
			'pageup',
		),
		section(
			'ATS Anywhere (the ATS that calls your provider endpoints)',
			'/ats',
			table(
				['package list URL', 'order URL', 'client accounts'],
				[
					[
						ats.provider.packagesUrl ?? 'not set',
						ats.provider.ordersUrl ?? 'not set',
						ats.provider.accounts.map((a) => a.accountId).join(', '),
					],
				],
				'',
			) +
				table(
					[
						'background_check_id',
						'account',
						'order answer',
						'accepted',
						'problems',
						'status webhooks',
					],
					ats.orders.map((o) => [
						o.backgroundCheckId,
						o.accountId,
						o.call.status ?? o.call.error,
						o.accepted ? 'yes' : 'no',
						o.problems.join('; '),
						o.webhooks.length
							? o.webhooks
									.map((w) => `${w.httpStatus}${w.accepted ? '' : ` (${w.errors.join('; ')})`}`)
									.join(', ')
							: 'none yet',
					]),
					'no orders sent yet (POST /_admin/ats/orders sends one)',
				),
			'ats',
		),
		section(
			'ResidentIQ',
			'/riq',
			table(
				[
					'order id',
					'reference',
					'product',
					'status',
					'recommended',
					'property decision',
					'postbacks',
				],
				riq.orders.map((o) => [
					o.orderId,
					o.referenceId,
					o.product,
					o.status,
					o.recommendedDecision,
					o.propertyDecision,
					outcome(o.postbacks),
				]),
				'no orders',
			),
			'riq',
		),
		section(
			'Choice Screening',
			'/choice',
			table(
				['order id', 'tracking id', 'status', 'result', 'callbacks'],
				choice.orders.map((o) => {
					const order = o as typeof o & Record<string, Cell>;
					return [order.id, order.trackingId, order.status, order.result, outcome(o.callbacks)];
				}),
				'no orders',
			),
			'choice',
		),
	];
	const faultRows = faults.rules.map((rule) => [
		rule.vendor,
		rule.route ?? 'all',
		JSON.stringify({
			...rule,
			key: undefined,
			stats: undefined,
			vendor: undefined,
			route: undefined,
		}),
		JSON.stringify(rule.stats),
	]);
	return [
		'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">',
		'<title>Sandbox</title><style>',
		'body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.4em 0 1em}',
		'th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f2f2f2}',
		'section{border-top:2px solid #888;margin-top:1.2em}small{color:#666;font-weight:normal}.empty{color:#666}',
		'</style></head><body>',
		`<h1>Vendor sandbox</h1><p>Sandbox time ${escapeHtml(sandbox.clock.iso())}. This page refreshes every 5 s. `,
		`JSON: <a href="/_admin/state">/_admin/state</a>, <a href="/_admin/requests">/_admin/requests</a>, admin routes: <a href="/_admin">/_admin</a>.</p>`,
		`<h2>Injected faults</h2>${table(['vendor', 'route', 'rule', 'hits'], faultRows, 'none')}`,
		...sections,
		sandbox.backgroundErrors.length
			? `<h2>Background errors</h2>${table(
					['error'],
					sandbox.backgroundErrors.map((e) => [e]),
					'',
				)}`
			: '',
		'</body></html>',
	].join('');
}
