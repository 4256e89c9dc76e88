import { z } from 'zod';

import { isEmail, isObj } from '../../../shared/validation';
import { SEXES, VERIFICATION_TYPES, VERIFICATIONS } from '../../descriptions/model';

/** The order's shape: types, enums, formats (the rules that span fields are in consentRules.ts). */

export const blank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const SEX_VALUES: string[] = SEXES.map((sex) => sex.value);
export const SSN = /^(\d{9}|\d{3}-\d{2}-\d{4})$/;
export const STATE = /^[A-Za-z]{2}$/;

const optText = z.string().nullable().optional();
const requiredText = z
	.string({ required_error: 'is required' })
	.refine((value) => value.trim() !== '', { message: 'is required' });
const optEmail = optText.refine((value) => blank(value) || isEmail(String(value).trim()), {
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
		dob: z
			.object({
				month: z.number().int(),
				day: z.number().int(),
				year: z.number().int(),
			})
			.passthrough(),
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
			.object({
				applicantEmail: optEmail,
				companyCopyEmail: optEmail,
				specialInstructions: optText,
			})
			.passthrough()
			.nullable()
			.optional(),
		email: z
			.object({ applicants: optEmail, sendCopyTo: optEmail })
			.passthrough()
			.nullable()
			.optional(),
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
	alias: z
		.object({ firstName: optText, middleName: optText, lastName: optText })
		.passthrough()
		.nullable()
		.optional(),
};

const packageProductSchema = z
	.object({
		productNumber: z.union([z.string(), z.number()]).nullable().optional(),
		...jurisdiction,
	})
	.passthrough()
	.superRefine((entry, ctx) => {
		// The seed's template ships an all-empty entry: only entries with content need a product number.
		const hasContent = Object.values(entry).some((value) => !blank(value) && !isObj(value));
		if (hasContent && blank(entry.productNumber)) {
			ctx.addIssue({
				code: 'custom',
				path: ['productNumber'],
				message: 'is required',
			});
		}
	});

const itemSchema = z
	.object({
		itemNumber: z
			.object({
				type: z.string().refine((value) => /^(package|product)$/i.test(value.trim()), {
					message: 'must be PACKAGE or Product',
				}),
				value: z.union([
					z.string().refine((value) => value.trim() !== '', { message: 'is required' }),
					z.number(),
				]),
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

/** The order's shape: types, enums, formats. */
function orderShapeFor(applicantOptional: boolean) {
	return z
		.object({
			isNew: z.boolean(),
			id: z.union([z.number(), z.string()]).nullable().optional(),
			returnUrl: optText,
			trackingId: optText,
			isConsent: z.boolean(),
			isNotifyOnComplete: z.boolean().optional(),
			applicant: applicantOptional ? applicantSchema.optional() : applicantSchema,
			items: z.object({ item: z.array(itemSchema).min(1) }).passthrough(),
			verifications: z
				.object({ verification: z.array(verificationSchema) })
				.passthrough()
				.nullable()
				.optional(),
		})
		.passthrough();
}

export const createOrderShape = orderShapeFor(false);
/** Add to Order: the seed names only `id` as what changes, so the applicant may be left out. */
export const addToOrderShape = orderShapeFor(true);
