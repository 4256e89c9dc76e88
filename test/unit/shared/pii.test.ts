import { maskField, maskObject, redactText } from '../../../nodes/shared/pii';

describe('maskObject', () => {
	test('masks by field name at any depth, keeping the last four of SSNs and licences', () => {
		const masked = maskObject({
			applicant: {
				firstName: 'Ana',
				ssn: '123-45-6789',
				dob: { month: 1, day: 2, year: 1990 },
				dateOfBirth: '1990-01-02',
				driversLicenseNumber: 'D1234567',
			},
			credentials: { password: 'p', clientSecret: 's3cret' },
			list: [{ SSN: '987654321' }],
		});
		expect(masked).toEqual({
			applicant: {
				firstName: 'Ana',
				ssn: '*****6789',
				dob: '***',
				dateOfBirth: '**********',
				driversLicenseNumber: '*****4567',
			},
			credentials: { password: '***', clientSecret: '***' },
			list: [{ SSN: '*****4321' }],
		});
	});

	test('does not touch look-alike names or empty values', () => {
		expect(maskObject({ ssnVerified: true, tokenType: 'Bearer', ssn: '' })).toEqual({
			ssnVerified: true,
			tokenType: 'Bearer',
			ssn: '',
		});
		expect(maskField('name', 'x')).toBe('x');
	});
});

describe('redactText', () => {
	test('removes SSN shapes, sensitive key/value pairs, XML elements and known secrets', () => {
		const text = redactText(
			'ssn=123456789&x=1 "dob":"1990-01-02" <SSN>111-22-3333</SSN> password="hunter22" id 123-45-6789 key ABCD-secret-XYZ',
			['ABCD-secret-XYZ'],
		);
		expect(text).not.toMatch(/123456789|1990-01-02|111-22-3333|hunter22|123-45-6789|ABCD-secret-XYZ/);
		expect(text).toContain('x=1');
	});

	test('leaves ordinary numbers alone', () => {
		expect(redactText('order 12345 failed at 2026-11-22T10:00:00Z')).toBe(
			'order 12345 failed at 2026-11-22T10:00:00Z',
		);
	});
});
