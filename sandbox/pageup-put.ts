import type { PageUpStatus } from './pageup-model';
import { PAGEUP_STATUSES, asStatus } from './pageup-model';

/** The seed's PUT rules; `rejectRepeatedStatus` refuses a PUT that repeats the current status. */
export function validatePageUpPut(
	body: unknown,
	current: PageUpStatus,
	rejectRepeatedStatus: boolean,
): string[] {
	if (body === null || typeof body !== 'object' || Array.isArray(body))
		return ['The body must be a JSON object'];
	const input = body as Record<string, unknown>;
	const errors: string[] = [];
	const status = asStatus(input.status);
	if (input.status === undefined) errors.push('status is required');
	else if (!status) errors.push(`status must be one of ${PAGEUP_STATUSES.join(', ')}`);
	else if (rejectRepeatedStatus && status === current) {
		errors.push(`The background check is already ${current}`);
	} else if (status === 'pending' && current !== 'queued') {
		errors.push(`status can only be set to pending from queued (current status is ${current})`);
	}
	for (const key of ['referenceNumber', 'reasonForFail'] as const) {
		if (input[key] !== undefined && input[key] !== null && typeof input[key] !== 'string')
			errors.push(`${key} must be a string`);
	}
	if (
		status === 'failed' &&
		(typeof input.reasonForFail !== 'string' || input.reasonForFail.trim() === '')
	) {
		errors.push('reasonForFail is required when status is failed');
	}
	if (input.results !== undefined && input.results !== null) {
		if (!Array.isArray(input.results)) errors.push('results must be an array');
		else {
			input.results.forEach((result: unknown, index: number) => {
				if (result === null || typeof result !== 'object') {
					errors.push(`results[${index}] must be an object`);
					return;
				}
				const entry = result as Record<string, unknown>;
				if (typeof entry.reportType !== 'string' || entry.reportType.trim() === '') {
					errors.push(`results[${index}].reportType is required`);
				}
				for (const key of ['reportLink', 'status']) {
					if (entry[key] !== undefined && entry[key] !== null && typeof entry[key] !== 'string') {
						errors.push(`results[${index}].${key} must be a string`);
					}
				}
			});
		}
	}
	return errors;
}

/**
 * Ways of refusing a PUT that repeats the current status, for `rejectRepeatedStatus`: `already` (400, "The
 * background check is already <status>", the default), `bare400` (400, no body), `emptyJson400` (400, `{}`),
 * `conflict409`, `unprocessable422`, `bothStatuses` (400, "Cannot change the status from <s> to <s>").
 */
export const REPEAT_REFUSALS = [
	'already',
	'bare400',
	'emptyJson400',
	'conflict409',
	'unprocessable422',
	'bothStatuses',
] as const;
export type RepeatRefusal = (typeof REPEAT_REFUSALS)[number];

/** The answer for a refused repeat worded `wording` (`body` undefined: no body at all). */
export function repeatRefusalAnswer(
	wording: Exclude<RepeatRefusal, 'already'>,
	status: PageUpStatus,
): { status: number; body?: unknown } {
	switch (wording) {
		case 'bare400':
			return { status: 400 };
		case 'emptyJson400':
			return { status: 400, body: {} };
		case 'conflict409':
			return { status: 409, body: { message: 'Conflict' } };
		case 'unprocessable422':
			return { status: 422, body: { errors: ['The request could not be processed'] } };
		case 'bothStatuses':
			return {
				status: 400,
				body: { message: `Cannot change the status from ${status} to ${status}` },
			};
	}
}
