import { NodeOperationError } from 'n8n-workflow';

import {
	maskErrorNode,
	maskField,
	maskNode,
	maskObject,
	redactText,
} from '../../../nodes/shared/pii';

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

describe('redactText: the forms a first run met', () => {
	test.each([
		['an SSN beginning with 9 (ITIN form)', 'SSN 987-65-4321 rejected', '987-65-4321'],
		['an ITIN without separators', 'value 912345678 rejected', '912345678'],
		['ssn without a colon', 'Invalid ssn 987654321 for applicant', '987654321'],
		[
			'a date of birth before its label',
			"The value '07/08/1990' is not valid for Dob",
			'07/08/1990',
		],
		[
			'an ISO date of birth before dateOfBirth',
			'"1990-07-08" is not a valid dateOfBirth',
			'1990-07-08',
		],
		[
			'a licence number after a field name and a space',
			"driversLicenseNumber 'A987654321'",
			'A987654321',
		],
	])('%s', (_form, text, secret) => {
		const redacted = redactText(text);
		expect(redacted).not.toContain(secret);
		expect(redacted).toMatch(/\*\*\*/);
	});

	test('a field name followed by words is left alone', () => {
		const text = 'Check the password and the apiKey in the credential; ssn is required';
		expect(redactText(text)).toBe(text);
	});

	test('a date far from any birth label is left alone', () => {
		const text = "Start date '2026-01-05' is after the end date; dob is required";
		expect(redactText(text)).toBe(text);
	});
});

describe('maskNode', () => {
	const node = {
		id: 'n1',
		name: 'Order Screening Report',
		type: 'n8n-nodes-background-checks.residentIq',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		notes: 'Applicant SSN 987-65-4321',
		parameters: {
			referenceId: '={{ $json.referenceId }}',
			firstName: 'Hank',
			ssn: '333221111',
			dateOfBirth: '1970-12-01',
			birth: '07/08/1990',
			comment: 'DOB 07/08/1990, ssn 987654321',
			mapped: '={{ $json.applicant.ssn }}',
			literal: "={{ '333-22-1111' }}",
			additionalFields: { driversLicenseNumber: 'A987654321', licence: 'x' },
			fields: { field: [{ name: 'dateOfBirth', value: '1990-07-08' }] },
		},
	};

	test('masks personal-data parameters by name, then by shape; leaves the rest and the original', () => {
		const masked = maskNode(node);
		const text = JSON.stringify(masked);
		for (const secret of [
			'333221111',
			'1970-12-01',
			'07/08/1990',
			'987654321',
			'987-65-4321',
			'A987654321',
			'333-22-1111',
			'1990-07-08',
		])
			expect(text).not.toContain(secret);
		expect(masked.parameters.firstName).toBe('Hank');
		expect(masked.parameters.referenceId).toBe('={{ $json.referenceId }}');
		expect(masked.parameters.mapped).toBe('={{ $json.applicant.ssn }}');
		expect(masked.name).toBe(node.name);
		expect(node.parameters.ssn).toBe('333221111');
	});

	test('maskErrorNode replaces the node an error carries', () => {
		const error = new NodeOperationError(node, 'RIQ: the service failed to process the request');
		maskErrorNode(error);
		expect(JSON.stringify(error)).not.toContain('333221111');
		expect(JSON.stringify(error)).not.toContain('1970-12-01');
		expect(error.node.name).toBe(node.name);
	});
});

test('masking a masked node again changes nothing', () => {
	const node = {
		id: 'n',
		name: 'n',
		type: 't',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: { ssn: '987654321', dateOfBirth: '1990-07-08' },
	};
	expect(maskNode(maskNode(node))).toEqual(maskNode(node));
	expect(maskNode(node).parameters.ssn).toBe('*****4321');
});
