import { isHttpUrl } from './http';
import { isRecord, type AtsOrder } from './ats-model';

/** The seed's webhook: background_check_id, status, result, result_link_url. */
export function validateAtsWebhook(body: unknown, order: AtsOrder): string[] {
	if (!isRecord(body)) return ['body must be a JSON object'];
	const errors: string[] = [];
	const id = body.background_check_id;
	if (typeof id !== 'string' && typeof id !== 'number')
		errors.push('background_check_id is required');
	else if (String(id) !== order.backgroundCheckId) {
		errors.push(
			`background_check_id ${String(id)} does not match this webhook_url's order ${order.backgroundCheckId}`,
		);
	}
	if (typeof body.status !== 'string' || body.status.trim() === '')
		errors.push('status is required');
	const complete = typeof body.status === 'string' && body.status.toLowerCase() === 'complete';
	for (const key of ['result', 'result_link_url']) {
		if (body[key] === undefined || body[key] === null) {
			if (complete) errors.push(`${key} is required when status is complete`);
		} else if (typeof body[key] !== 'string' || body[key] === '')
			errors.push(`${key} must be a non-empty string`);
	}
	if (
		typeof body.result_link_url === 'string' &&
		body.result_link_url !== '' &&
		!isHttpUrl(body.result_link_url)
	) {
		errors.push('result_link_url must be an absolute http(s) URL');
	}
	return errors;
}
