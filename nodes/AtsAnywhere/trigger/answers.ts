import type { IDataObject } from 'n8n-workflow';

import type { InboundAnswer } from '../../shared/ledger';

/** What the ATS receives when n8n answers for a workflow that failed before its Answer step. */
const FAILED_BEFORE_ANSWER =
	'The order could not be processed: the provider workflow failed before accepting it. Please send it again later.';

/**
 * What the ATS must get for whatever is about to be written: 201 with a body naming the order, or
 * a non-201 whose JSON has `error_message` (n8n's own "Error in workflow" 500, sent when an
 * execution fails before answering, has only `message`).
 */
export function normaliseAnswer(
	statusCode: number,
	body: IDataObject | undefined,
	backgroundCheckId: string,
): InboundAnswer {
	if (statusCode === 201) {
		return {
			statusCode,
			body:
				body && Object.keys(body).length
					? body
					: { background_check_id: backgroundCheckId, message: 'Order received' },
		};
	}
	if (body && typeof body.error_message === 'string' && body.error_message.trim())
		return { statusCode, body };
	return {
		statusCode: statusCode >= 400 ? statusCode : 500,
		body: { error_message: FAILED_BEFORE_ANSWER },
	};
}
