import nock from 'nock';

export { SEED_SAMPLES, seedBody, type SeedSampleName } from './seed';

export const API = 'https://api.choicescreening.com';
export const AUTH = 'https://csauth.choicescreening.com';
export const STAGE_API = 'https://stageapi.choicescreening.com';
export const STAGE_AUTH = 'https://stageauth.choicescreening.com';

export const CLIENT_SECRET = 'cs-client-secret-value';
export const API_KEY = 'cs-api-key-value';

export const oauthCredentials = {
	choiceScreeningApi: {
		authentication: 'clientCredentials',
		environment: 'production',
		clientId: 'client-1',
		clientSecret: CLIENT_SECRET,
		scope: 'choice.api',
	},
};

export const apiKeyCredentials = {
	choiceScreeningApi: {
		authentication: 'apiKey',
		environment: 'production',
		apiKey: API_KEY,
	},
};

/** The token endpoint, answering `times` times with tok-1, tok-2, ... and recording the form bodies. */
export function mockToken(times = 1, host = AUTH, path = '/connect/token') {
	const forms: Array<Record<string, string>> = [];
	const scope = nock(host)
		.post(path, (body: string | Record<string, string>) => {
			forms.push(typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body);
			return true;
		})
		.times(times)
		.reply(200, () => ({
			access_token: `tok-${forms.length}`,
			token_type: 'Bearer',
			expires_in: 1209600,
		}));
	return { scope, forms };
}

/** A Choice order response body (the public status model's shape). */
export function orderResponse(id: number, extra: Record<string, unknown> = {}) {
	return {
		order: {
			id,
			isError: false,
			isComplete: false,
			status: 'Pending',
			statusDateTime: '2026-11-20T10:00:00Z',
			applicant: { firstName: 'JOHN', middleName: 'SAMPLE', lastName: 'DOE', reference: '' },
			items: { item: [] },
			...extra,
		},
	};
}

/** The order endpoint, recording each parsed request body. */
export function mockOrder(
	reply: (body: unknown) => [number, unknown] = () => [200, orderResponse(1234567)],
	host = API,
) {
	const bodies: unknown[] = [];
	const scope = nock(host)
		.post('/api/v1/order', (body: unknown) => {
			bodies.push(typeof body === 'string' ? JSON.parse(body) : body);
			return true;
		})
		.reply(() => reply(bodies[bodies.length - 1]));
	return { scope, bodies };
}

/**
 * Everything in an error a user or a log could see, except `node`: n8n attaches the node's own saved
 * parameters to every error, and a test that types an SSN into a parameter would find it there.
 */
export function errorText(error: unknown): string {
	const rest: Record<string, unknown> = { ...((error ?? {}) as Record<string, unknown>) };
	delete rest.node;
	const e = error as { message?: string; description?: string };
	return [String(e?.message), String(e?.description), JSON.stringify(rest)].join('\n');
}
