import { DateTime } from 'luxon';
import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { inputError } from '../../shared/errors';

/** RIQ's statistics route refuses windows longer than this many days. */
export const STATS_MAX_DAYS = 60;
export const DECISIONS = ['Accept', 'Conditional-High', 'Conditional-Low', 'Decline'] as const;
export type Decision = (typeof DECISIONS)[number];

const REPORT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const emailSchema = z.string().email();
const urlSchema = z
	.string()
	.url()
	.refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');

/** A calendar date read from what users type or n8n's date picker gives; undefined when unreadable. */
export function parseDate(value: unknown): DateTime | undefined {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone: 'utc' });
	else if (typeof value === 'string' && value.trim()) {
		const trimmed = value.trim();
		const iso = DateTime.fromISO(trimmed, { setZone: true });
		if (iso.isValid) parsed = iso;
		else {
			for (const format of ['MM-dd-yyyy', 'M-d-yyyy', 'MM/dd/yyyy', 'M/d/yyyy']) {
				const candidate = DateTime.fromFormat(trimmed, format, { zone: 'utc' });
				if (candidate.isValid) {
					parsed = candidate;
					break;
				}
			}
		}
	}
	if (!parsed?.isValid) return undefined;
	// Keep the date as written (no shift into another zone).
	return DateTime.fromObject({ year: parsed.year, month: parsed.month, day: parsed.day }, { zone: 'utc' });
}

/** Items separated by commas, semicolons, spaces or new lines, or an array (from an expression). */
export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap((entry) => splitList(entry));
	if (value === undefined || value === null) return [];
	return String(value)
		.split(/[\s,;]+/)
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/**
 * Checks user input before anything is sent. Every failure is a NodeOperationError naming the
 * field and the item; values of personal fields (SSN, date of birth) are never quoted.
 */
export class InputCheck {
	constructor(
		private readonly context: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	fail(message: string, description?: string): never {
		throw inputError(this.context.getNode(), message, this.itemIndex, description);
	}

	/** Non-empty trimmed text, at most `max` characters. */
	required(label: string, value: unknown, max = 200): string {
		const text = value === undefined || value === null ? '' : String(value).trim();
		if (!text) this.fail(`${label} is required`);
		if (text.length > max) this.fail(`${label} is too long (at most ${max} characters)`);
		return text;
	}

	optional(label: string, value: unknown, max = 200): string | undefined {
		const text = value === undefined || value === null ? '' : String(value).trim();
		if (!text) return undefined;
		if (text.length > max) this.fail(`${label} is too long (at most ${max} characters)`);
		return text;
	}

	reportNumber(label: string, value: unknown): string {
		const text = this.required(label, value, 64);
		if (!REPORT_NUMBER.test(text)) {
			this.fail(`${label} is not a ResidentIQ report number`, 'Report numbers are letters, digits, "-" or "_", as RIQ returned them in "Order ID".');
		}
		return text;
	}

	/** One or more report numbers, de-duplicated, none equal to `exclude`. */
	reportNumbers(label: string, value: unknown, exclude?: string): string[] {
		const numbers = splitList(value);
		if (numbers.length === 0) this.fail(`${label}: enter at least one report number`);
		const unique = [...new Set(numbers.map((number) => this.reportNumber(label, number)))];
		if (exclude !== undefined && unique.includes(exclude)) {
			this.fail(`${label} must not contain the report ${exclude} itself`);
		}
		return unique;
	}

	/** Nine digits; dashes and spaces are allowed in the input. The value is never echoed. */
	ssn(value: unknown): string {
		const digits = String(value ?? '').replace(/[\s-]/g, '');
		if (!digits) this.fail('SSN is required');
		if (!/^\d{9}$/.test(digits)) this.fail('SSN must be 9 digits (dashes allowed)');
		return digits;
	}

	/** Sent as YYYY-MM-DD, as in RIQ's sample. The value is never echoed. */
	dateOfBirth(value: unknown): string {
		if (value === undefined || value === null || String(value).trim() === '') this.fail('Date of Birth is required');
		const date = parseDate(value);
		if (!date) this.fail('Date of Birth is not a date', 'Use YYYY-MM-DD or MM/DD/YYYY.');
		const today = DateTime.utc().startOf('day');
		if (date > today) this.fail('Date of Birth is in the future');
		if (date.year < 1900) this.fail('Date of Birth is before 1900');
		return date.toFormat('yyyy-MM-dd');
	}

	/** A date for a history entry, in the given wire format. */
	date(label: string, value: unknown, wireFormat: string): string | undefined {
		if (value === undefined || value === null || String(value).trim() === '') return undefined;
		const date = parseDate(value);
		if (!date) this.fail(`${label} is not a date`, 'Use YYYY-MM-DD or MM/DD/YYYY.');
		return date.toFormat(wireFormat);
	}

	email(value: unknown): string | undefined {
		const text = this.optional('Email', value, 254);
		if (text !== undefined && !emailSchema.safeParse(text).success) this.fail('Email is not a valid email address');
		return text;
	}

	/** US phone number as ten digits (formatting and a leading +1 are removed). */
	phone(label: string, value: unknown): string | undefined {
		const text = this.optional(label, value, 40);
		if (text === undefined) return undefined;
		let digits = text.replace(/[\s().+-]/g, '');
		if (/^1\d{10}$/.test(digits)) digits = digits.slice(1);
		if (!/^\d{10}$/.test(digits)) this.fail(`${label} must be a 10-digit US phone number`);
		return digits;
	}

	state(label: string, value: unknown, required: boolean): string | undefined {
		const text = required ? this.required(label, value, 40) : this.optional(label, value, 40);
		if (text !== undefined && !/^[A-Za-z]{2}$/.test(text)) this.fail(`${label} must be a 2-letter state code such as SD`);
		return text?.toUpperCase();
	}

	zip(label: string, value: unknown, required: boolean): string | undefined {
		const text = required ? this.required(label, value, 40) : this.optional(label, value, 40);
		if (text !== undefined && !/^\d{5}(-?\d{4})?$/.test(text)) this.fail(`${label} must be a 5-digit ZIP code (ZIP+4 allowed)`);
		return text;
	}

	/** A non-negative amount in dollars; 0 or empty means "not sent". */
	amount(label: string, value: unknown): string | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		const number = typeof value === 'number' ? value : Number(String(value).replace(/[$,\s]/g, ''));
		if (!Number.isFinite(number) || number < 0) this.fail(`${label} must be an amount of 0 or more`);
		if (number === 0) return undefined;
		return String(Math.round(number * 100) / 100);
	}

	httpUrl(label: string, value: unknown): string | undefined {
		const text = this.optional(label, value, 2000);
		if (text !== undefined && !urlSchema.safeParse(text).success) this.fail(`${label} must be an absolute http:// or https:// URL`);
		return text;
	}

	decision(value: unknown): Decision {
		const text = String(value ?? '').trim();
		const match = DECISIONS.find((decision) => decision.toLowerCase() === text.toLowerCase());
		if (!match) this.fail(`Decision must be one of ${DECISIONS.join(', ')}`);
		return match;
	}

	/** RIQ document type code (0 = rental application, 3 = other). */
	fileType(value: unknown): string {
		const text = String(value ?? '').trim();
		if (!/^\d{1,3}$/.test(text)) this.fail('Document Type must be a number such as 0 (rental application) or 3 (other)');
		return text;
	}

	/**
	 * The statistics window, checked before any request: both dates readable, end not before
	 * start, at most 60 days. Returned in RIQ's MM-DD-YYYY.
	 */
	statsWindow(startValue: unknown, endValue: unknown): { startDate: string; endDate: string; days: number } {
		const start = parseDate(startValue);
		const end = parseDate(endValue);
		if (!start) this.fail('Start Date is missing or not a date', 'Use YYYY-MM-DD or MM-DD-YYYY.');
		if (!end) this.fail('End Date is missing or not a date', 'Use YYYY-MM-DD or MM-DD-YYYY.');
		if (end < start) {
			this.fail(`End Date (${end.toISODate()}) is before Start Date (${start.toISODate()})`);
		}
		const days = Math.round(end.diff(start, 'days').days);
		if (days > STATS_MAX_DAYS) {
			this.fail(
				`The statistics window is ${days} days; ResidentIQ allows at most ${STATS_MAX_DAYS}`,
				`Choose an End Date no later than ${start.plus({ days: STATS_MAX_DAYS }).toISODate()}, or split the period into several runs.`,
			);
		}
		return { startDate: start.toFormat('MM-dd-yyyy'), endDate: end.toFormat('MM-dd-yyyy'), days };
	}
}
