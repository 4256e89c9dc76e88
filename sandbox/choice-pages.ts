import type { ChoiceOrder } from './choice-model';
import { escapeHtml } from './http';

/** The web server's page for a path the API does not have (as an IIS-hosted API answers). */
export const NOT_FOUND_PAGE =
	'<!DOCTYPE html><html><head><title>404 - File or directory not found.</title></head><body><h2>404 - File or directory not found.</h2></body></html>';

/** The HTML report of an order. */
export function reportPage(order: ChoiceOrder): string {
	const rows = order.items
		.map(
			(item) =>
				`<tr><td>${escapeHtml(item.name)}</td><td>${escapeHtml(item.status)}</td><td>${escapeHtml(item.result ?? '')}</td></tr>`,
		)
		.join('');
	return [
		'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Choice Screening Sandbox Report</title>',
		'<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:4px 8px}</style></head><body>',
		`<h1>Background Report #${order.id}</h1>`,
		`<p>Applicant: ${escapeHtml(`${order.applicant.firstName} ${order.applicant.lastName}`)}</p>`,
		`<p>Status: <strong>${escapeHtml(order.status)}</strong> Result: <strong>${escapeHtml(order.result ?? 'pending')}</strong></p>`,
		`<table><tr><th>Search</th><th>Status</th><th>Result</th></tr>${rows}</table>`,
		'</body></html>',
	].join('');
}

/** Stand-in for Choice's hosted consent form (isConsent: true). */
export function consentPage(order: ChoiceOrder): string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Consent form</title></head><body><h1>Background check consent (sandbox)</h1><p>Order #${order.id} for ${escapeHtml(`${order.applicant.firstName} ${order.applicant.lastName}`)}: ${escapeHtml(order.status)}.</p><p>In the sandbox the applicant's side is simulated: the order completes on its timer or via POST /_admin/choice/orders/${order.id}/complete.</p></body></html>`;
}
