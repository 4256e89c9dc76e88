import { defineEndpoints } from '../../shared/http';

/**
 * Every PageUp call. GET has no effect and PUT is a full override (repeating it changes nothing more), so
 * both may be retried after a request that may have been processed.
 */
export const ENDPOINTS = defineEndpoints({
	listPending: { method: 'GET', path: '/v3/{tenantId}/backgroundchecking', retrySafe: true },
	updateCheck: { method: 'PUT', path: '/v3/{tenantId}/backgroundchecking/{id}', retrySafe: true },
});
