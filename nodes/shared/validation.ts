import { DateTime } from 'luxon';
import { z } from 'zod';

/** Lenient on purpose: vendor data is checked for shape, not for every RFC 5322 corner. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
	return EMAIL.test(value);
}

/** An absolute URL with a host whose scheme is one of `protocols` (default http and https). */
export function isUrl(value: string, protocols: readonly string[] = ['http:', 'https:']): boolean {
	try {
		const url = new URL(value.trim());
		return protocols.includes(url.protocol) && url.hostname !== '';
	} catch {
		return false;
	}
}

export const isHttpUrl = (value: string): boolean => isUrl(value);
export const isHttpsUrl = (value: string): boolean => isUrl(value, ['https:']);

/** `applicant.email`, `verifications.verification[0].employment[1].contactPhone` */
export function formatPath(path: ReadonlyArray<string | number>): string {
	return path.reduce<string>(
		(text, part) =>
			typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : String(part),
		'',
	);
}

export interface Problem {
	path: Array<string | number>;
	/** What is wrong, never the value ("must be 9 digits (dashes allowed)"). */
	message: string;
	/** What to do about it, for the error's description ("Use YYYY-MM-DD or MM/DD/YYYY."). */
	hint?: string;
}

/**
 * A zod error as problems; a missing value reads "is required", and a custom issue's
 * `params.description` becomes the hint. Values never appear.
 */
export function problemsOf(error: z.ZodError): Problem[] {
	return error.issues.map((issue) => {
		const hint = (issue as { params?: { description?: unknown } }).params?.description;
		return {
			path: issue.path,
			message:
				issue.code === 'invalid_type' && issue.received === 'undefined'
					? 'is required'
					: issue.message,
			...(typeof hint === 'string' ? { hint } : {}),
		};
	});
}

/** How a problem's path is named in a message: `formatPath` by default, or the fields' display names. */
export type FieldLabel = (path: ReadonlyArray<string | number>) => string;

/** One "<field> <message>" line per problem (the message alone where the label is empty), without repeats. */
export function describeProblems(problems: Problem[], label: FieldLabel = formatPath): string[] {
	const lines = problems.map((problem) => {
		const where = label(problem.path);
		return where ? `${where} ${problem.message}` : problem.message;
	});
	return [...new Set(lines)];
}

/** One readable line per zod issue; never includes the rejected values. */
export function describeIssues(error: z.ZodError, label?: FieldLabel): string[] {
	return describeProblems(problemsOf(error), label);
}

/** Problems found first (which win over later ones at the same place or below it), then the rest. */
export function mergeProblems(first: Problem[], second: Problem[]): Problem[] {
	const covered = first.map((problem) => formatPath(problem.path));
	const rest = second.filter((problem) => {
		const path = formatPath(problem.path);
		return !covered.some(
			(prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`),
		);
	});
	return [...first, ...rest];
}

export function isObj(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An SSN as nine digits, from what people type (dashes and spaces allowed); undefined when it is not one. */
export function ssnDigits(value: unknown): string | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
	const digits = text.replace(/[\s-]/g, '');
	return /^\d{9}$/.test(digits) ? digits : undefined;
}

/** How the date helpers say which dates they read. */
export const DATE_HINT = 'Use YYYY-MM-DD or MM/DD/YYYY.';

const DATE_FORMATS = ['yyyy-M-d', 'MM-dd-yyyy', 'M-d-yyyy', 'MM/dd/yyyy', 'M/d/yyyy'];

/**
 * A calendar date as written (no shift into another time zone): YYYY-MM-DD or an ISO date-time (its date
 * part), MM/DD/YYYY, MM-DD-YYYY (one-digit months and days too), or a date object from an expression.
 * Undefined when empty, unreadable or not a real date (2020-02-30).
 */
export function parseDate(value: unknown): DateTime | undefined {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone: 'utc' });
	else if (typeof value === 'string' && value.trim()) {
		const text = value.trim();
		const iso = DateTime.fromISO(text, { setZone: true });
		parsed = iso.isValid
			? iso
			: DATE_FORMATS.map((format) => DateTime.fromFormat(text, format, { zone: 'utc' })).find(
					(candidate) => candidate.isValid,
				);
	}
	if (!parsed?.isValid) return undefined;
	return DateTime.fromObject(
		{ year: parsed.year, month: parsed.month, day: parsed.day },
		{ zone: 'utc' },
	);
}

/**
 * A date of birth read by `parseDate` and checked (a real date, not in the future, not before 1900), or
 * what is wrong with it. The date itself never appears in the problem.
 */
export function readDateOfBirth(
	value: unknown,
): { date: DateTime } | { problem: Omit<Problem, 'path'> } {
	const date = parseDate(value);
	if (!date) return { problem: { message: 'is not a date', hint: DATE_HINT } };
	if (date > DateTime.utc().startOf('day')) return { problem: { message: 'is in the future' } };
	if (date.year < 1900) return { problem: { message: 'is before 1900' } };
	return { date };
}

const nullToUndefined = (value: unknown) => (value === null ? undefined : value);
const numberToString = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) ? String(value) : value;

/** A required text field; numbers are accepted and kept as text (IDs and ZIP codes often arrive as numbers). */
export function requiredText() {
	return z.preprocess(
		(value) => numberToString(nullToUndefined(value)),
		z
			.string({ required_error: 'is required', invalid_type_error: 'must be text' })
			.trim()
			.min(1, 'must not be empty'),
	);
}

/** An optional text field; null and absent are the same, numbers are kept as text. */
export function optionalText() {
	return z.preprocess(
		(value) => numberToString(nullToUndefined(value)),
		z.string({ invalid_type_error: 'must be text' }).trim().optional(),
	);
}

export function requiredEmail() {
	return z.preprocess(
		nullToUndefined,
		z
			.string({ required_error: 'is required', invalid_type_error: 'must be text' })
			.trim()
			.min(1, 'must not be empty')
			.refine(isEmail, 'must be an email address'),
	);
}

export function requiredObject<T extends z.ZodRawShape>(shape: T) {
	return z.preprocess(
		nullToUndefined,
		z
			.object(shape, { required_error: 'is required', invalid_type_error: 'must be an object' })
			.passthrough(),
	);
}
