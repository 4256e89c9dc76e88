import {
	CHOICE_PATHS,
	type ChoicePathName,
} from '../../../credentials/ChoiceScreeningApi.credentials';
import { defineEndpoints } from '../../shared/http';

/**
 * Choice's API, one line per endpoint. The paths here are the defaults (assumed: see the credential
 * file); a Custom credential may set its own, which `choiceRequest` uses instead.
 */
export const ENDPOINTS = defineEndpoints<ChoicePathName>({
	ping: { method: 'GET', path: CHOICE_PATHS.ping, retrySafe: true },
	packages: { method: 'GET', path: CHOICE_PATHS.packages, retrySafe: true },
	// A second POST could create a second order: only a 429 or a connection that never reached Choice is retried.
	order: { method: 'POST', path: CHOICE_PATHS.order, retrySafe: false },
	orderStatus: { method: 'GET', path: CHOICE_PATHS.orderStatus, retrySafe: true },
	orderReport: { method: 'GET', path: CHOICE_PATHS.orderReport, retrySafe: true },
});

export type ChoiceEndpoint = ChoicePathName;
