import { DateTime } from 'luxon';

import {
	buildOrderFromFields,
	buildOrderFromJson,
	normaliseSsn,
	orderIdValue,
	parseDob,
} from '../../../nodes/ChoiceScreening/helpers/buildOrder';
import { validateOrder } from '../../../nodes/ChoiceScreening/helpers/validate';
import { describeProblems, formatPath, mergeProblems } from '../../../nodes/shared/validation';
import { VERIFICATIONS } from '../../../nodes/ChoiceScreening/descriptions/model';

describe('paths and messages', () => {
	test('paths read like the order JSON', () => {
		expect(formatPath(['verifications', 'verification', 0, 'employment', 1, 'contactPhone'])).toBe(
			'verifications.verification[0].employment[1].contactPhone',
		);
		expect(formatPath([])).toBe('');
	});

	test('a problem found while building hides schema problems at or under the same place', () => {
		const merged = mergeProblems(
			[{ path: ['applicant', 'dob'], message: 'must be a date' }],
			[
				{ path: ['applicant', 'dob'], message: 'is required' },
				{ path: ['applicant', 'dob', 'month'], message: 'is required' },
				{ path: ['applicant', 'dobExtra'], message: 'kept' },
			],
		);
		expect(describeProblems(merged)).toEqual([
			'applicant.dob must be a date',
			'applicant.dobExtra kept',
		]);
	});
});

describe('the verification table', () => {
	test('lists the seven types of the seed with their payload arrays and required fields', () => {
		expect(VERIFICATIONS.map((spec) => [spec.type, spec.key, spec.required])).toEqual([
			['education', 'education', ['schoolName', 'schoolLocation', 'schoolType', 'degree', 'major']],
			[
				'employment',
				'employment',
				[
					'companyName',
					'position',
					'startMonth',
					'startYear',
					'contactName',
					'contactPhone',
					'contactAuthorized',
				],
			],
			['license', 'proLic', ['licenseType', 'stateCode', 'licenseNumber']],
			['professionalreference', 'proRef', ['contactName', 'contactPhone']],
			['personalreference', 'personalRef', ['contactName', 'contactPhone']],
			[
				'rental',
				'rentalHistory',
				[
					'landlord',
					'address',
					'city',
					'stateCode',
					'zipCode',
					'startMonth',
					'startYear',
					'endMonth',
					'endYear',
				],
			],
			[
				'dot',
				'dotVerification',
				['companyName', 'position', 'startMonth', 'startYear', 'contactName', 'contactPhone'],
			],
		]);
	});

	test('every required field is one of the type fields', () => {
		for (const spec of VERIFICATIONS) {
			const names = spec.fields.map((field) => field.name);
			for (const required of spec.required) expect(names).toContain(required);
		}
	});
});

describe('values from the node fields', () => {
	test.each([
		['1990-07-08', { year: 1990, month: 7, day: 8 }],
		['1990-7-8', { year: 1990, month: 7, day: 8 }],
		['07/08/1990', { year: 1990, month: 7, day: 8 }],
		['1990-07-08T00:00:00.000+14:00', { year: 1990, month: 7, day: 8 }],
		['07-08-1990', { year: 1990, month: 7, day: 8 }],
	])('date of birth %j', (text, expected) => {
		expect(parseDob(text)).toEqual(expected);
	});

	test('dates of birth as date objects, empty, or unreadable', () => {
		expect(parseDob(DateTime.fromISO('1985-12-31', { zone: 'America/Denver' }))).toEqual({
			year: 1985,
			month: 12,
			day: 31,
		});
		expect(parseDob(new Date(Date.UTC(1985, 11, 31)))).toEqual({ year: 1985, month: 12, day: 31 });
		expect(parseDob('')).toBeUndefined();
		expect(parseDob(undefined)).toBeUndefined();
		expect(parseDob('31.12.1985')).toBe('invalid');
		// Not a real date: refused here, with the formats named (it used to be left to the order rules).
		expect(parseDob('1990-02-30')).toBe('invalid');
		expect(parseDob('13/08/1990')).toBe('invalid');
	});

	test('SSN: dashes and spaces removed from nine digits, anything else left for validation', () => {
		expect(normaliseSsn('123-45-6789')).toBe('123456789');
		expect(normaliseSsn(' 123 45 6789 ')).toBe('123456789');
		expect(normaliseSsn('12345678')).toBe('12345678');
		expect(normaliseSsn('')).toBeUndefined();
	});

	test('order ids become numbers only when they are whole numbers', () => {
		expect(orderIdValue(' 1234567 ')).toBe(1234567);
		expect(orderIdValue(42)).toBe(42);
		expect(orderIdValue('12a')).toBe('12a');
		expect(orderIdValue('')).toBeUndefined();
	});

	test('a minimal order has only the keys the user set (and isNotifyOnComplete, always sent)', () => {
		const { order, problems } = buildOrderFromFields(
			{
				isConsent: false,
				firstName: ' Jane ',
				lastName: 'Roe',
				dateOfBirth: '1980-01-02',
				applicantFields: { middleName: '', sex: '' },
				items: {
					item: [
						{
							itemType: 'PACKAGE',
							packageNumber: '101',
							stateCode: '',
							county: '',
							itemOptions: {},
						},
					],
				},
				verifications: {},
			},
			'create',
		);
		expect(problems).toEqual([]);
		expect(order).toStrictEqual({
			isNew: true,
			isConsent: false,
			isNotifyOnComplete: false,
			applicant: { firstName: 'Jane', lastName: 'Roe', dob: { month: 1, day: 2, year: 1980 } },
			items: { item: [{ itemNumber: { type: 'PACKAGE', value: '101' } }] },
		});
		expect(validateOrder(order, 'create')).toEqual([]);
	});

	test('package products that are not a JSON list are a problem at their item', () => {
		const { problems } = buildOrderFromFields(
			{
				isConsent: false,
				firstName: 'J',
				lastName: 'D',
				dateOfBirth: '1980-01-02',
				items: {
					item: [
						{ itemType: 'Product', productNumber: '1', itemOptions: { packageProducts: '{nope' } },
					],
				},
			},
			'create',
		);
		expect(describeProblems(problems)).toEqual([
			'items.item[0].packageProducts must be a JSON list of packageProduct objects',
		]);
	});
});

describe('Order JSON', () => {
	const order = {
		isConsent: true,
		applicant: { firstName: 'J', lastName: 'D', dob: { month: 1, day: 2, year: 1980 } },
		items: { item: [{ itemNumber: { type: 'PACKAGE', value: '1' } }] },
	};

	test('accepts {order} or the bare order, and does not change the caller’s object', () => {
		const wrapped = { order: { ...order } };
		const filled = { ...order, isNew: true, isNotifyOnComplete: false };
		expect(buildOrderFromJson(wrapped, 'create').order).toEqual(filled);
		expect(wrapped.order).not.toHaveProperty('isNew');
		expect(buildOrderFromJson(JSON.stringify(order), 'create').order).toEqual(filled);
		expect(buildOrderFromJson({ ...order, isNotifyOnComplete: true }, 'create').order).toEqual({
			...filled,
			isNotifyOnComplete: true,
		});
	});

	test('Add to Order takes the id from the parameter unless the JSON has a different one', () => {
		expect(buildOrderFromJson(order, 'addToOrder', '99').order).toMatchObject({
			isNew: false,
			id: 99,
		});
		expect(buildOrderFromJson({ ...order, id: 98 }, 'addToOrder', '99').problems).toEqual([
			{ path: ['id'], message: 'differs from the Order ID parameter' },
		]);
	});

	test('non-objects are refused', () => {
		expect(buildOrderFromJson('[1,2]', 'create').problems[0].message).toBe(
			'Order JSON must be an object',
		);
	});
});
