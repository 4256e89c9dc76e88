import { DateTime } from 'luxon';
import { z } from 'zod';

import {
	DATE_HINT,
	isEmail,
	isHttpUrl,
	parseDate,
	readDateOfBirth,
	ssnDigits,
} from '../../shared/validation';

/**
 * Zod schemas for what the ResidentIQ node sends. Object keys are the fields' display names (what
 * the user sees in n8n), so every problem reads "<field> <problem>", e.g. "Employer 2 Contact
 * Phone must be a 10-digit US phone number". Personal values (SSN, date of birth) are never quoted.
 */

/** RIQ's statistics route refuses windows longer than this many days. */
export const STATS_MAX_DAYS = 60;
export const DECISIONS = ['Accept', 'Conditional-High', 'Conditional-Low', 'Decline'] as const;
export type Decision = (typeof DECISIONS)[number];

const REPORT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Extra text for the error's description, carried on a custom issue. */
export type Hinted = { description?: string };

/** Items separated by commas, semicolons, spaces or new lines, or an array (from an expression). */
export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap((entry) => splitList(entry));
	if (value === undefined || value === null) return [];
	return String(value)
		.split(/[\s,;]+/)
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

const asText = (value: unknown) =>
	value === undefined || value === null ? '' : String(value).trim();
const isBlank = (value: unknown) => asText(value) === '';

function problem(
	ctx: z.RefinementCtx,
	message: string,
	description?: string,
	path: Array<string | number> = [],
) {
	ctx.addIssue({
		code: z.ZodIssueCode.custom,
		message,
		path,
		params: description ? { description } : undefined,
	});
	return z.NEVER;
}

/** Non-empty trimmed text of at most `max` characters. */
export function required(max = 200) {
	return z.unknown().transform((value, ctx) => {
		const text = asText(value);
		if (!text) return problem(ctx, 'is required');
		if (text.length > max) return problem(ctx, `is too long (at most ${max} characters)`);
		return text;
	});
}

/** Trimmed text of at most `max` characters; empty is undefined. */
export function optional(max = 200) {
	return z.unknown().transform((value, ctx) => {
		const text = asText(value);
		if (!text) return undefined;
		if (text.length > max) return problem(ctx, `is too long (at most ${max} characters)`);
		return text;
	});
}

/** Optional text that must match `test` when given. */
function optionalMatching(max: number, test: (text: string) => boolean, message: string) {
	return optional(max).transform((text, ctx) =>
		text === undefined || test(text) ? text : problem(ctx, message),
	);
}

export function reportNumber() {
	return required(64).transform((text, ctx) =>
		REPORT_NUMBER.test(text)
			? text
			: problem(
					ctx,
					'is not a ResidentIQ report number',
					'Report numbers are letters, digits, "-" or "_", as RIQ returned them in "Order ID".',
				),
	);
}

/** Nine digits; dashes and spaces are allowed in the input. The value is never echoed. */
export function ssn() {
	return z.unknown().transform((value, ctx) => {
		if (isBlank(value)) return problem(ctx, 'is required');
		return ssnDigits(value) ?? problem(ctx, 'must be 9 digits (dashes allowed)');
	});
}

/** Sent as YYYY-MM-DD, as in RIQ's sample. The value is never echoed. */
export function dateOfBirth() {
	return z.unknown().transform((value, ctx) => {
		if (isBlank(value) && !DateTime.isDateTime(value) && !(value instanceof Date))
			return problem(ctx, 'is required');
		const read = readDateOfBirth(value);
		if ('problem' in read) return problem(ctx, read.problem.message, read.problem.hint);
		return read.date.toFormat('yyyy-MM-dd');
	});
}

/** An optional date, written in RIQ's `wireFormat`. */
export function optionalDate(wireFormat: string) {
	return z.unknown().transform((value, ctx) => {
		if (isBlank(value) && !DateTime.isDateTime(value) && !(value instanceof Date)) return undefined;
		const date = parseDate(value);
		return date ? date.toFormat(wireFormat) : problem(ctx, 'is not a date', DATE_HINT);
	});
}

export const email = () => optionalMatching(254, isEmail, 'is not a valid email address');

/** US phone number as ten digits (formatting and a leading +1 are removed). */
export function phone() {
	return optional(40).transform((text, ctx) => {
		if (text === undefined) return undefined;
		let digits = text.replace(/[\s().+-]/g, '');
		if (/^1\d{10}$/.test(digits)) digits = digits.slice(1);
		return /^\d{10}$/.test(digits) ? digits : problem(ctx, 'must be a 10-digit US phone number');
	});
}

export function state(isRequired: boolean) {
	return (isRequired ? required(40) : optional(40)).transform((text, ctx) => {
		if (text === undefined) return undefined;
		return /^[A-Za-z]{2}$/.test(text)
			? text.toUpperCase()
			: problem(ctx, 'must be a 2-letter state code such as SD');
	});
}

export function zip(isRequired: boolean) {
	return (isRequired ? required(40) : optional(40)).transform((text, ctx) =>
		text === undefined || /^\d{5}(-?\d{4})?$/.test(text)
			? text
			: problem(ctx, 'must be a 5-digit ZIP code (ZIP+4 allowed)'),
	);
}

/** A non-negative amount in dollars; 0 or empty means "not sent". */
export function amount() {
	return z.unknown().transform((value, ctx) => {
		if (value === undefined || value === null || value === '') return undefined;
		const number = typeof value === 'number' ? value : Number(String(value).replace(/[$,\s]/g, ''));
		if (!Number.isFinite(number) || number < 0)
			return problem(ctx, 'must be an amount of 0 or more');
		return number === 0 ? undefined : String(Math.round(number * 100) / 100);
	});
}

export const httpUrl = () =>
	optionalMatching(2000, isHttpUrl, 'must be an absolute http:// or https:// URL');

export function decision() {
	return z.unknown().transform((value, ctx) => {
		const text = asText(value);
		const match = DECISIONS.find((entry) => entry.toLowerCase() === text.toLowerCase());
		return match ?? problem(ctx, `must be one of ${DECISIONS.join(', ')}`);
	});
}

/** RIQ document type code (0 = rental application, 3 = other). */
export function fileType() {
	return z.unknown().transform((value, ctx) => {
		const text = asText(value);
		return /^\d{1,3}$/.test(text)
			? text
			: problem(ctx, 'must be a number such as 0 (rental application) or 3 (other)');
	});
}

/**
 * Report numbers, de-duplicated; an empty list is allowed here and refused by `atLeastOneReport`
 * at the level of the whole input (its message names the field itself).
 */
export function reportNumbers() {
	return z.unknown().transform((value, ctx) => {
		const unique = [...new Set(splitList(value))];
		for (const entry of unique) {
			if (entry.length > 64 || !REPORT_NUMBER.test(entry)) {
				return problem(
					ctx,
					'is not a ResidentIQ report number',
					'Report numbers are letters, digits, "-" or "_", as RIQ returned them in "Order ID".',
				);
			}
		}
		return unique;
	});
}

/** Refuses an empty report number list, naming the field: "<label>: enter at least one report number". */
export function atLeastOneReport(label: string, list: unknown, ctx: z.RefinementCtx): void {
	if (Array.isArray(list) && list.length === 0) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `${label}: enter at least one report number`,
		});
	}
}

/**
 * The statistics window: both dates readable, end not before start, at most 60 days, counted as
 * End Date minus Start Date (04-01 to 05-31 is 60 days). Returned in RIQ's MM-DD-YYYY.
 */
export const statsWindow = z
	.object({ 'Start Date': z.unknown(), 'End Date': z.unknown() })
	.transform((input, ctx) => {
		const start = parseDate(input['Start Date']);
		const end = parseDate(input['End Date']);
		const hint = 'Use YYYY-MM-DD or MM-DD-YYYY.';
		if (!start) problem(ctx, 'is missing or not a date', hint, ['Start Date']);
		if (!end) problem(ctx, 'is missing or not a date', hint, ['End Date']);
		if (!start || !end) return z.NEVER;
		if (end < start)
			return problem(
				ctx,
				`End Date (${end.toISODate()}) is before Start Date (${start.toISODate()})`,
			);
		const days = Math.round(end.diff(start, 'days').days);
		if (days > STATS_MAX_DAYS) {
			return problem(
				ctx,
				`The statistics window is ${days} days; ResidentIQ allows at most ${STATS_MAX_DAYS}`,
				`Choose an End Date no later than ${start.plus({ days: STATS_MAX_DAYS }).toISODate()}, or split the period into several runs.`,
			);
		}
		return { startDate: start.toFormat('MM-dd-yyyy'), endDate: end.toFormat('MM-dd-yyyy'), days };
	});
