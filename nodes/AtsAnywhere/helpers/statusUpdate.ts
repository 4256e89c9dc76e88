import { z } from 'zod';

import { isHttpsUrl, isHttpUrl, requiredText } from '../../shared/validation';

/** The status webhook as sent: where to, and the seed's four keys. */
export const statusUpdateSchema = z.object({
	webhook_url: requiredText().refine(
		isHttpUrl,
		"must be an absolute http(s) URL (the order's webhook_url)",
	),
	background_check_id: requiredText(),
	status: requiredText(),
	result: requiredText(),
	result_link_url: requiredText().refine(
		isHttpsUrl,
		"must be an https:// URL (this node sends result links only over https: the link leads to a candidate's report)",
	),
});
