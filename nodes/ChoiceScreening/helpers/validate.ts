import { DateTime } from 'luxon';
import { z } from 'zod';

import { SEXES, VERIFICATION_BY_TYPE, VERIFICATION_TYPES, VERIFICATIONS, type FieldSpec } from '../descriptions/model';

export type OrderOperation = 'create' | 'addToOrder';

/** One problem: where (path inside the order) and what, never the value. */
export interface OrderProblem {
	path: Array<string | number>;
	message: string;
}

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);
const blank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const SEX_VALUES: string[] = SEXES.map((sex) => sex.value);
const SSN = /^(\d{9}|\d{3}-\d{2}-\d{4})$/;
const STATE = /^[A-Za-z]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Messages that never repeat the value (zod's defaults can, e.g. for enums). */
const errorMap: z.ZodErrorMap = (issue) => {
	switch (issue.code) {
		case 'invalid_type':
			return {
				message:
					issue.received === 'undefined' || issue.received === 'null'
						? 'is required'
						: `must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`,
			};
		case 'invalid_enum_value':
			return { message: `must be one of: ${issue.options.map(String).join(', ')}` };
		case 'invalid_literal':
			return { message: `must be ${JSON.stringify(issue.expected)}` };
		case 'too_small':
			return { message: issue.type === 'array' ? 'needs at least one entry' : 'must not be empty' };
		case 'invalid_union':
			return { message: 'has the wrong type' };
		default:
			return { message: 'is not valid' };
	}
};

const optText = z.string().nullable().optional();
const requiredText = z
	.string({ required_error: 'is required' })
	.refine((value) => value.trim() !== '', { message: 'is required' });
const optEmail = optText.refine((value) => blank(value) || EMAIL.test(String(value).trim()), {
	message: 'must be an email address',
});
const optState = optText.refine((value) => blank(value) || STATE.test(String(value).trim()), {
	message: 'must be a two-letter state code',
});
const entryList = z.array(z.unknown()).nullable().optional();

const applicantSchema = z
	.object({
		firstName: requiredText,
		middleName: optText,
		lastName: requiredText,
		dob: z.object({ month: z.number().int(), day: z.number().int(), year: z.number().int() }).passthrough(),
		ssn: optText.refine((value) => blank(value) || SSN.test(String(value).trim()), {
			message: 'must be nine digits',
		}),
		address: optText,
		city: optText,
		state: optState,
		zipCode: optText,
		driversLicenseNumber: optText,
		reference: optText,
		sex: optText.refine((value) => blank(value) || SEX_VALUES.includes(String(value)), {
			message: `must be one of: ${SEX_VALUES.join(', ')}`,
		}),
		consent: z
			.object({ applicantEmail: optEmail, companyCopyEmail: optEmail, specialInstructions: optText })
			.passthrough()
			.nullable()
			.optional(),
		email: z.object({ applicants: optEmail, sendCopyTo: optEmail }).passthrough().nullable().optional(),
		phone: optText,
	})
	.passthrough();

const jurisdiction = {
	stateCode: optState,
	county: optText,
	country: optText,
	jurisdiction: optText,
	mvrCode: optText,
	employerId: optText,
	applicantEmail: optEmail,
	applicantPhone: optText,
	alias: z.object({ firstName: optText, middleName: optText, lastName: optText }).passthrough().nullable().optional(),
};

const packageProductSchema = z
	.object({ productNumber: z.union([z.string(), z.number()]).nullable().optional(), ...jurisdiction })
	.passthrough()
	.superRefine((entry, ctx) => {
		// The seed's template ships an all-empty entry: only entries with content need a product number.
		const hasContent = Object.values(entry).some((value) => !blank(value) && !isObj(value));
		if (hasContent && blank(entry.productNumber)) {
			ctx.addIssue({ code: 'custom', path: ['productNumber'], message: 'is required' });
		}
	});

const itemSchema = z
	.object({
		itemNumber: z
			.object({
				type: z.string().refine((value) => /^(package|product)$/i.test(value.trim()), {
					message: 'must be PACKAGE or Product',
				}),
				value: z.union([z.string().refine((value) => value.trim() !== '', { message: 'is required' }), z.number()]),
			})
			.passthrough(),
		passportNumber: optText,
		passportCountryCode: optText,
		packageProducts: z
			.object({ packageProduct: z.array(packageProductSchema) })
			.passthrough()
			.nullable()
			.optional(),
		...jurisdiction,
	})
	.passthrough();

const verificationSchema = z
	.object({
		type: z.enum(VERIFICATION_TYPES as [string, ...string[]]),
		...Object.fromEntries(VERIFICATIONS.map((spec) => [spec.key, entryList])),
	})
	.passthrough();

/** Month 1-12 / four-digit year, as a number or a numeric string (the seed's rental template uses strings). */
function numberOf(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
	return undefined;
}

function checkEntry(
	type: string,
	entry: unknown,
	path: Array<string | number>,
	consent: boolean,
	ctx: z.RefinementCtx,
) {
	const spec = VERIFICATION_BY_TYPE.get(type);
	if (!spec) return;
	const problem = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [...path, field], message });
	if (!isObj(entry)) {
		ctx.addIssue({ code: 'custom', path, message: 'must be an object' });
		return;
	}
	const valueOf = (field: string) =>
		type === 'rental' && field === 'landlord' ? (entry.landlord ?? entry.landLord) : entry[field];
	const fields = new Map<string, FieldSpec>(spec.fields.map((field) => [field.name, field]));
	if (!consent) {
		for (const name of spec.required) {
			const value = valueOf(name);
			const kind = fields.get(name)?.kind;
			// Only absence here; a present value of the wrong shape is reported once, below.
			const missing = blank(value) || ((kind === 'month' || kind === 'year') && numberOf(value) === 0);
			if (missing) {
				problem(
					name,
					kind === 'boolean'
						? 'is required (true or false) when the order does not use the consent form'
						: 'is required when the order does not use the consent form',
				);
			}
		}
	}
	for (const field of spec.fields) {
		const value = entry[field.name];
		if (blank(value)) continue;
		const n = numberOf(value);
		switch (field.kind) {
			case 'month':
				if (n === undefined || n < 0 || n > 12) problem(field.name, 'must be a month number from 1 to 12');
				break;
			case 'year':
				if (n === undefined || (n !== 0 && (n < 1900 || n > 2100))) problem(field.name, 'must be a four-digit year');
				break;
			case 'boolean':
				if (typeof value !== 'boolean') problem(field.name, 'must be true or false');
				break;
			case 'email':
				if (typeof value !== 'string' || !EMAIL.test(value.trim())) problem(field.name, 'must be an email address');
				break;
			case 'state':
				if (typeof value !== 'string' || !STATE.test(value.trim()))
					problem(field.name, 'must be a two-letter state code');
				break;
			case 'options':
				if (!field.options?.includes(String(value))) {
					problem(field.name, `must be one of: ${(field.options ?? []).join(', ')}`);
				}
				break;
			default:
				if (typeof value !== 'string' && typeof value !== 'number') problem(field.name, 'must be text');
		}
	}
}

function checkDob(dob: unknown, ctx: z.RefinementCtx) {
	if (!isObj(dob)) return;
	const { month, day, year } = dob as { month: unknown; day: unknown; year: unknown };
	if (typeof month !== 'number' || typeof day !== 'number' || typeof year !== 'number') return;
	const at = ['applicant', 'dob'];
	if (month < 1 || month > 12) {
		ctx.addIssue({ code: 'custom', path: [...at, 'month'], message: 'must be a month number from 1 to 12' });
		return;
	}
	const date = DateTime.fromObject({ year, month, day }, { zone: 'utc' });
	if (!date.isValid) {
		ctx.addIssue({ code: 'custom', path: at, message: 'is not a real date' });
	} else if (year < 1900 || date > DateTime.utc()) {
		ctx.addIssue({ code: 'custom', path: at, message: 'must be a past date after 1900' });
	}
}

function checkVerifications(order: Obj, consent: boolean, ctx: z.RefinementCtx) {
	const list = isObj(order.verifications) ? order.verifications.verification : undefined;
	if (!Array.isArray(list)) return;
	list.forEach((verification, i) => {
		if (!isObj(verification)) return;
		const spec = VERIFICATION_BY_TYPE.get(String(verification.type));
		if (!spec) return;
		const at = ['verifications', 'verification', i];
		const entries = verification[spec.key];
		if (Array.isArray(entries) && entries.length) {
			entries.forEach((entry, j) => checkEntry(spec.type, entry, [...at, spec.key, j], consent, ctx));
		} else if (!consent) {
			ctx.addIssue({
				code: 'custom',
				path: [...at, spec.key],
				message: `needs at least one entry for type ${spec.type} when the order does not use the consent form`,
			});
		}
		for (const other of VERIFICATIONS) {
			const stray = verification[other.key];
			if (other !== spec && Array.isArray(stray) && stray.length) {
				ctx.addIssue({
					code: 'custom',
					path: [...at, other.key],
					message: `is not read for type ${spec.type}: put it in its own verification with type ${other.type}`,
				});
			}
		}
	});
}

/** The order's shape: types, enums, formats. */
const orderShape = z
	.object({
		isNew: z.boolean(),
		id: z.union([z.number(), z.string()]).nullable().optional(),
		returnUrl: optText,
		trackingId: optText,
		isConsent: z.boolean(),
		isNotifyOnComplete: z.boolean().optional(),
		applicant: applicantSchema,
		items: z.object({ item: z.array(itemSchema).min(1) }).passthrough(),
		verifications: z
			.object({ verification: z.array(verificationSchema) })
			.passthrough()
			.nullable()
			.optional(),
	})
	.passthrough();

/**
 * The rules that span fields (operation, consent form, real dates). A separate schema over the raw value,
 * so they run even when the shape has problems (zod skips refinements of an object that failed to parse),
 * and one error can list everything.
 */
function orderRules(operation: OrderOperation) {
	return z.unknown().superRefine((value, ctx) => {
		if (!isObj(value)) return;
		const order = value;
		if (operation === 'create' && order.isNew === false) {
			ctx.addIssue({
				code: 'custom',
				path: ['isNew'],
				message: 'must be true for Create (use Add to Order to add to an existing order)',
			});
		}
		if (operation === 'addToOrder') {
			if (order.isNew === true) {
				ctx.addIssue({ code: 'custom', path: ['isNew'], message: 'must be false for Add to Order' });
			}
			const id = order.id;
			if (blank(id) || id === 0) {
				ctx.addIssue({
					code: 'custom',
					path: ['id'],
					message: 'is required for Add to Order: the number of the existing order',
				});
			} else if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
				ctx.addIssue({ code: 'custom', path: ['id'], message: 'must be a positive whole number' });
			}
		}
		if (typeof order.returnUrl === 'string' && !blank(order.returnUrl)) {
			let ok = false;
			try {
				ok = ['http:', 'https:'].includes(new URL(order.returnUrl.trim()).protocol);
			} catch {
				ok = false;
			}
			if (!ok) ctx.addIssue({ code: 'custom', path: ['returnUrl'], message: 'must be an absolute http(s) URL' });
		}
		checkDob(isObj(order.applicant) ? order.applicant.dob : undefined, ctx);
		checkVerifications(order, order.isConsent === true, ctx);
	});
}

/** `verifications.verification[0].employment[1].contactPhone` */
export function formatPath(path: Array<string | number>): string {
	return path.reduce<string>(
		(text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
		'',
	);
}

/** Every problem with the order (paths relative to the `order` object). Values never appear. */
export function validateOrder(order: unknown, operation: OrderOperation): OrderProblem[] {
	const issues = [orderShape, orderRules(operation)].flatMap((schema) => {
		const result = schema.safeParse(order, { errorMap });
		return result.success ? [] : result.error.issues;
	});
	return issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

/** Problems found while building (which win over schema problems at the same place), then the rest. */
export function mergeProblems(first: OrderProblem[], second: OrderProblem[]): OrderProblem[] {
	const covered = first.map((problem) => formatPath(problem.path));
	const rest = second.filter((problem) => {
		const path = formatPath(problem.path);
		return !covered.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
	});
	return [...first, ...rest];
}

/** "<path> <message>" lines, e.g. "applicant.ssn must be nine digits". */
export function describeProblems(problems: OrderProblem[]): string[] {
	return problems.map((problem) => {
		const path = formatPath(problem.path);
		return path ? `${path} ${problem.message}` : problem.message;
	});
}
