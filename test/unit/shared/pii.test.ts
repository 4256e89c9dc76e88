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
		expect(text).not.toMatch(
			/123456789|1990-01-02|111-22-3333|hunter22|123-45-6789|ABCD-secret-XYZ/,
		);
		expect(text).toContain('x=1');
	});

	test('leaves ordinary numbers alone', () => {
		expect(redactText('order 12345 failed at 2026-11-22T10:00:00Z')).toBe(
			'order 12345 failed at 2026-11-22T10:00:00Z',
		);
	});

	test.each([
		['DOB 07/08/1990', 'DOB **********'],
		['Applicant dob: 1990-07-08 does not match', 'Applicant dob: *** does not match'],
		['date of birth is July 8, 1990.', 'date of birth is **********.'],
		['Date of Birth 8 Jul 1990 invalid', 'Date of Birth ********** invalid'],
		['born on 7.8.1990', 'born on **********'],
		['D.O.B. 07-08-90', 'D.O.B. **********'],
	])('a date of birth in prose: %s', (text, expected) => {
		expect(redactText(text)).toBe(expected);
	});

	test.each([
		['License A987654321 is expired', 'License *** is expired'],
		["Driver's license number: D1234-5678-9012", "Driver's license number: ***"],
		['DL# 123456789 state CO', 'DL# *** state CO'],
		['passport no. X12345678', 'passport no. ***'],
	])('a licence number in prose: %s', (text, expected) => {
		expect(redactText(text)).toBe(expected);
	});

	test('labels without a number or date are left alone', () => {
		const text =
			'License is invalid for state CO; DOB is required; order 1234567 complete on 2026-11-22';
		expect(redactText(text)).toBe(text);
	});
});
