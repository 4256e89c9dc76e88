import { z } from 'zod';

/** Lenient on purpose: ATS data is checked for shape, not for every RFC 5322 corner. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

export function isHttpsUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' && url.hostname !== '';
	} catch {
		return false;
	}
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
		(value) => nullToUndefined(value),
		z
			.string({ required_error: 'is required', invalid_type_error: 'must be text' })
			.trim()
			.min(1, 'must not be empty')
			.refine((value) => EMAIL.test(value), 'must be an email address'),
	);
}

export function requiredObject<T extends z.ZodRawShape>(shape: T) {
	return z.preprocess(
		nullToUndefined,
		z.object(shape, { required_error: 'is required', invalid_type_error: 'must be an object' }).passthrough(),
	);
}

/** "applicant.email", "add_on_package_ids[1]" */
export function pathOf(path: Array<string | number>): string {
	return path.reduce<string>(
		(text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
		'',
	);
}

/** One readable line per problem, in the order zod found them; never includes the rejected values. */
export function describeIssues(error: z.ZodError): string[] {
	const lines = error.issues.map((issue) => {
		const where = pathOf(issue.path);
		const what =
			issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message;
		return where ? `${where} ${what}` : what;
	});
	return [...new Set(lines)];
}
