import { describePageUpError } from '../../../nodes/PageUp/helpers/checks';
import { stripFuzz } from '../../../nodes/PageUp/helpers/fuzz';

describe('stripFuzz', () => {
	test('drops GUID-named properties at every depth and keeps everything else', () => {
		expect(
			stripFuzz({
				'8f14e45f-ceea-467a-9575-1e2b3b4c5d6e': '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
				'{8F14E45F-CEEA-467A-9575-1E2B3B4C5D6F}': 'x',
				id: 1,
				list: [{ a: 1, '11111111222233334444555555555555': 'y' }],
				'not-a-guid': true,
			}),
		).toEqual({ id: 1, list: [{ a: 1 }], 'not-a-guid': true });
	});
});

describe('describePageUpError', () => {
	test('joins the message with field errors and masks personal data', () => {
		expect(
			describePageUpError({
				message: 'The request is invalid.',
				errors: { 'results[0].reportType': ['is required'], ssn: ['123-45-6789 bad'] },
				'8f14e45f-ceea-467a-9575-1e2b3b4c5d6e': 'x',
			}),
		).toEqual({ message: 'The request is invalid.: results[0].reportType: is required; ssn: ***' });
	});

	test('reads OAuth errors, lists of errors and plain text', () => {
		expect(
			describePageUpError({ error: 'invalid_client', error_description: 'Unknown client' })
				?.message,
		).toBe('Unknown client');
		expect(describePageUpError({ errors: ['a', { message: 'b' }] })?.message).toBe('a; b');
		expect(describePageUpError('  Service down ')?.message).toBe('Service down');
		expect(describePageUpError([1, 2])).toBeUndefined();
	});
});
