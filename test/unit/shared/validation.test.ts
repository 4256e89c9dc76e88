import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';
import { z } from 'zod';

import { invalidInputError } from '../../../nodes/shared/errors';
import {
	DATE_HINT,
	isObj,
	parseDate,
	problemsOf,
	readDateOfBirth,
	ssnDigits,
} from '../../../nodes/shared/validation';

const node: INode = {
	id: '1',
	name: 'Node',
	type: 'n8n-nodes-background-checks.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('the one path from input problems to the node error', () => {
	test('one problem: the message names the field, the description says nothing was sent', () => {
		const error = invalidInputError(node, [{ path: ['applicant', 'ssn'], message: 'is wrong' }], {
			itemIndex: 2,
			vendor: 'Vendor',
		});
		expect(error.message).toBe('applicant.ssn is wrong');
		expect(error.description).toBe('Nothing was sent to Vendor.');
		expect(error.context.itemIndex).toBe(2);
	});

	test('several problems: a headline, display names, the hints once, and a list to fix', () => {
		const error = invalidInputError(
			node,
			[
				{ path: ['dob'], message: 'is not a date', hint: DATE_HINT },
				{ path: ['start'], message: 'is not a date', hint: DATE_HINT },
				{ path: [], message: 'Enter at least one report' },
			],
			{
				itemIndex: 0,
				vendor: 'Vendor',
				headline: 'Not sent',
				label: (path) => ({ dob: 'Date of Birth', start: 'Start Date' })[String(path[0])] ?? '',
			},
		);
		expect(error.message).toBe(
			'Not sent: Date of Birth is not a date; Start Date is not a date; Enter at least one report',
		);
		expect(error.description).toBe(
			'Nothing was sent to Vendor. Use YYYY-MM-DD or MM/DD/YYYY.\nFix:\n- Date of Birth is not a date\n- Start Date is not a date\n- Enter at least one report',
		);
	});

	test('a zod custom issue carries its hint; a missing value reads "is required"', () => {
		const schema = z.object({
			a: z.string(),
			b: z
				.unknown()
				.superRefine((_value, ctx) =>
					ctx.addIssue({ code: 'custom', message: 'is odd', params: { description: 'Try even.' } }),
				),
		});
		const result = schema.safeParse({ b: 1 });
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(problemsOf(result.error)).toEqual([
				{ path: ['a'], message: 'is required' },
				{ path: ['b'], message: 'is odd', hint: 'Try even.' },
			]);
		}
	});

	test('personal data in a message is redacted', () => {
		const error = invalidInputError(node, [{ path: [], message: 'SSN 123-45-6789 is taken' }], {
			itemIndex: 0,
			vendor: 'Vendor',
		});
		expect(error.message).not.toContain('123-45-6789');
	});
});

describe('shared value helpers', () => {
	test.each([
		['123-45-6789', '123456789'],
		[' 123 45 6789 ', '123456789'],
		[123456789, '123456789'],
		['12345678', undefined],
		['1234567890', undefined],
		['', undefined],
		[undefined, undefined],
	])('SSN %p reads as %p', (value, expected) => {
		expect(ssnDigits(value)).toBe(expected);
	});

	test('dates are read as written, in every accepted form', () => {
		for (const text of ['1990-07-08', '1990-7-8', '07/08/1990', '7/8/1990', '07-08-1990']) {
			expect(parseDate(text)?.toISODate()).toBe('1990-07-08');
		}
		expect(parseDate('1990-07-08T23:30:00-07:00')?.toISODate()).toBe('1990-07-08');
		expect(parseDate('1990-02-30')).toBeUndefined();
	});

	test('a date of birth is a real date, not in the future, not before 1900', () => {
		expect(readDateOfBirth('1990-07-08')).toEqual({ date: DateTime.utc(1990, 7, 8) });
		expect(readDateOfBirth('13/08/1990')).toEqual({
			problem: { message: 'is not a date', hint: 'Use YYYY-MM-DD or MM/DD/YYYY.' },
		});
		expect(readDateOfBirth(DateTime.utc().plus({ days: 2 }).toISODate())).toEqual({
			problem: { message: 'is in the future' },
		});
		expect(readDateOfBirth('1899-12-31')).toEqual({ problem: { message: 'is before 1900' } });
	});

	test('isObj: plain objects only', () => {
		expect([{}, { a: 1 }, [], null, 'x', 1].map(isObj)).toEqual([
			true,
			true,
			false,
			false,
			false,
			false,
		]);
	});
});
