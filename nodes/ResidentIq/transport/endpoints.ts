import { defineEndpoints } from '../../shared/http';

/**
 * The Partner API, every route a POST of XML below the credential's base URL. `retrySafe` says
 * whether sending the same request twice is harmless: a second submit is a second order, a second
 * decision can produce a second adverse-action letter, a second upload duplicates documents, and a
 * repeated unlink fails once the first one worked. Those are retried only when RIQ cannot have
 * received them (429, connection refused).
 */
export const ENDPOINTS = defineEndpoints({
	submit: { method: 'POST', path: '/api/partner', retrySafe: false },
	status: { method: 'POST', path: '/api/partner/status', retrySafe: true },
	link: { method: 'POST', path: '/api/partner/link', retrySafe: true },
	unlink: { method: 'POST', path: '/api/partner/unlink', retrySafe: false },
	groupData: { method: 'POST', path: '/api/partner/group-data', retrySafe: true },
	letters: { method: 'POST', path: '/api/partner/document/aal', retrySafe: true },
	packages: { method: 'POST', path: '/api/partner/packages', retrySafe: true },
	decision: { method: 'POST', path: '/api/partner/decision', retrySafe: false },
	groupDecision: { method: 'POST', path: '/api/partner/decision/group', retrySafe: false },
	statistics: { method: 'POST', path: '/api/partner/statistics', retrySafe: true },
	upload: { method: 'POST', path: '/api/partner/document/upload', retrySafe: false },
	scoringModels: { method: 'POST', path: '/api/partner/scoring/models', retrySafe: true },
});

export type RiqRoute = keyof typeof ENDPOINTS;

/** Routes that carry documents get a longer timeout. */
export const SLOW_ROUTES: ReadonlySet<RiqRoute> = new Set<RiqRoute>(['submit', 'upload']);
