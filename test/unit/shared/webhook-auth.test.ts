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
