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
	message: string;
}

/** A zod error as problems; a missing value reads "is required". Values never appear. */
export function problemsOf(error: z.ZodError): Problem[] {
	return error.issues.map((issue) => ({
		path: issue.path,
		message:
			issue.code === 'invalid_type' && issue.received === 'undefined'
				? 'is required'
				: issue.message,
	}));
}

/** One "<path> <message>" line per problem, in order, without repeats. */
export function describeProblems(problems: Problem[], prefix = ''): string[] {
	const lines = problems.map((problem) => {
		const where = formatPath(problem.path);
		const full = prefix && where ? `${prefix}.${where}` : prefix || where;
		return full ? `${full} ${problem.message}` : problem.message;
	});
	return [...new Set(lines)];
}

/** One readable line per zod issue; never includes the rejected values. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
	return describeProblems(problemsOf(error), prefix);
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
