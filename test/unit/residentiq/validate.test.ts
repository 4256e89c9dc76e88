import { DateTime } from 'luxon';

import { parseDate, splitList } from '../../../nodes/ResidentIq/helpers/validate';

test.each([
	['2020-04-01', '2020-04-01'],
	['2020-04-01T23:30:00', '2020-04-01'],
	['2020-04-01T23:30:00-07:00', '2020-04-01'],
	['04-01-2020', '2020-04-01'],
	['4-1-2020', '2020-04-01'],
	['04/01/2020', '2020-04-01'],
	['4/1/2020', '2020-04-01'],
])('date %s is read as %s (the day as written)', (input, expected) => {
	expect(parseDate(input)?.toISODate()).toBe(expected);
});

test('date objects from expressions are read too', () => {
	expect(
		parseDate(DateTime.fromISO('2021-06-30T22:00:00', { zone: 'America/Denver' }))?.toISODate(),
	).toBe('2021-06-30');
	expect(parseDate(new Date(Date.UTC(2021, 5, 30)))?.toISODate()).toBe('2021-06-30');
});

test.each(['', '   ', '2020-02-30', '13-01-2020', 'yesterday', undefined, null, 42])(
	'%p is not a date',
	(input) => {
		expect(parseDate(input)).toBeUndefined();
	},
);

test('lists split on commas, semicolons, spaces and new lines; arrays and numbers work', () => {
	expect(splitList('1, 2;3\n4  5')).toEqual(['1', '2', '3', '4', '5']);
	expect(splitList([1, '2, 3', [4]])).toEqual(['1', '2', '3', '4']);
	expect(splitList(undefined)).toEqual([]);
	expect(splitList(' , ')).toEqual([]);
});
