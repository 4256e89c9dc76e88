import { defineEndpoints } from '../../shared/http';

/**
 * Every call this package makes to ATS Anywhere. The status webhook goes to the order's own
 * `webhook_url` (the whole URL comes with the order, so the path is empty). The ATS treats the same
 * status sent again as the same update, so a retry after the request may have been processed is safe.
 */
export const ENDPOINTS = defineEndpoints({
	statusUpdate: { method: 'POST', path: '', retrySafe: true },
});
