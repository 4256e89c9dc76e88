import type { IWebhookFunctions } from 'n8n-workflow';

import { checkInboundAuth, headerValueMatches } from '../../../nodes/shared/webhook';
import {
	basicAuthHeader,
	basicAuthMatches,
	parseBasicAuth,
	safeEqual,
} from '../../../nodes/shared/webhook-auth';

test('parses Basic credentials, including passwords with colons', () => {
	expect(parseBasicAuth(basicAuthHeader('ACCT123', 'a:b:c'))).toEqual({
		user: 'ACCT123',
		password: 'a:b:c',
	});
	expect(parseBasicAuth('Bearer x')).toBeUndefined();
	expect(parseBasicAuth(undefined)).toBeUndefined();
	expect(parseBasicAuth('Basic bm9jb2xvbg==')).toBeUndefined();
});

test('matches only an exact pair among several accounts', () => {
	const allowed = [
		{ user: 'A', password: 'one' },
		{ user: 'B', password: 'two' },
	];
	expect(basicAuthMatches(basicAuthHeader('B', 'two'), allowed)).toEqual({
		user: 'B',
		password: 'two',
	});
	expect(basicAuthMatches(basicAuthHeader('B', 'one'), allowed)).toBeUndefined();
	expect(basicAuthMatches(basicAuthHeader('B', 'tw'), allowed)).toBeUndefined();
	expect(basicAuthMatches(undefined, allowed)).toBeUndefined();
});

test('safeEqual compares exactly', () => {
	expect(safeEqual('abc', 'abc')).toBe(true);
	expect(safeEqual('abc', 'abd')).toBe(false);
	expect(safeEqual('abc', 'abcd')).toBe(false);
});

describe('Header Auth secrets (headerValueMatches, checkInboundAuth)', () => {
	test('the secret matches bare or as "Bearer <secret>", whichever way the credential holds it', () => {
		expect(headerValueMatches('tok-1', 'tok-1')).toBe(true);
		expect(headerValueMatches('Bearer tok-1', 'tok-1')).toBe(true);
		expect(headerValueMatches('BEARER   tok-1 ', 'tok-1')).toBe(true);
		expect(headerValueMatches('tok-1', 'Bearer tok-1')).toBe(true);
		expect(headerValueMatches('Bearer tok-1', 'Bearer tok-1')).toBe(true);
	});

	test('anything else is refused, and an empty or bare "Bearer" secret never matches', () => {
		expect(headerValueMatches('Bearer tok-2', 'tok-1')).toBe(false);
		expect(headerValueMatches('Bearertok-1', 'tok-1')).toBe(false);
		expect(headerValueMatches('Basic tok-1', 'tok-1')).toBe(false);
		expect(headerValueMatches('tok-1x', 'tok-1')).toBe(false);
		expect(headerValueMatches('', 'tok-1')).toBe(false);
		expect(headerValueMatches('Bearer ', 'Bearer ')).toBe(false);
		expect(headerValueMatches('Bearer', 'Bearer')).toBe(false);
	});

	const AUTH = {
		mode: 'headerAuth',
		credentialType: 'choiceScreeningCallbackApi',
		realm: 'r',
	} as const;
	const context = (headers: Record<string, string>, credential: Record<string, unknown>) =>
		({
			getHeaderData: () => headers,
			getCredentials: async () => credential,
		}) as unknown as IWebhookFunctions;

	test('checkInboundAuth in Header Auth mode takes "Bearer <value>" in the credential\'s header', async () => {
		const credential = { headerName: 'Authorization', headerSecret: 'tok-1' };
		await expect(
			checkInboundAuth(context({ authorization: 'Bearer tok-1' }, credential), AUTH),
		).resolves.toEqual({ ok: true });
		await expect(
			checkInboundAuth(context({ authorization: 'tok-1' }, credential), AUTH),
		).resolves.toEqual({ ok: true });
		await expect(
			checkInboundAuth(context({ authorization: 'Bearer tok-2' }, credential), AUTH),
		).resolves.toMatchObject({
			ok: false,
			reason: 'missing or wrong authorization header',
		});
		await expect(
			checkInboundAuth(context({ 'x-token': 'Bearer tok-1' }, credential), AUTH),
		).resolves.toMatchObject({ ok: false });
		await expect(
			checkInboundAuth(
				context(
					{ authorization: 'Bearer' },
					{ headerName: 'Authorization', headerSecret: 'Bearer' },
				),
				AUTH,
			),
		).resolves.toMatchObject({ ok: false });
	});
});
