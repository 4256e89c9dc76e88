import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import {
	amount,
	dateOfBirth,
	email,
	httpUrl,
	optional,
	optionalDate,
	phone,
	reportNumber,
	required,
	ssn,
	state,
	zip,
} from './schemas';

/**
 * The submit (Create) order's input: what Create reads from its parameters, and the zod schema that checks
 * it. Keys are display names so every problem names its field; history entries are flattened as
 * "<Employer 2> <Contact Phone>". `searchPackage.ts` turns the checked values into RIQ's XML.
 */

type Shape = Record<string, z.ZodTypeAny>;
type Values = Record<string, unknown>;

/** What the Create operation reads from its parameters, before checking. */
export interface CreateParameters {
	product: unknown;
	referenceId: unknown;
	firstName: unknown;
	lastName: unknown;
	ssn: unknown;
	dateOfBirth: unknown;
	street: unknown;
	city: unknown;
	state: unknown;
	zip: unknown;
	email: unknown;
	phone: unknown;
	monthlyRent: unknown;
	monthlyIncome: unknown;
	postbackUrl: unknown;
	scoringModel: unknown;
	additionalFields: IDataObject;
	employment: IDataObject[];
	residence: IDataObject[];
}

const addressShape = (prefix: string, isRequired: boolean): Shape => ({
	[`${prefix}Street Address`]: isRequired ? required() : optional(),
	[`${prefix}City`]: isRequired ? required() : optional(),
	[`${prefix}State`]: state(isRequired),
	[`${prefix}ZIP Code`]: zip(isRequired),
});

const addressInput = (prefix: string, entry: IDataObject | CreateParameters): Values => ({
	[`${prefix}Street Address`]: (entry as IDataObject).street,
	[`${prefix}City`]: (entry as IDataObject).city,
	[`${prefix}State`]: (entry as IDataObject).state,
	[`${prefix}ZIP Code`]: (entry as IDataObject).zip,
});

const contactShape = (label: string): Shape => ({
	[`${label} Contact Name`]: optional(),
	[`${label} Contact Phone`]: phone(),
	[`${label} Contact Email`]: email(),
	...addressShape(`${label} `, false),
});

const contactInput = (label: string, entry: IDataObject): Values => ({
	[`${label} Contact Name`]: entry.contactName,
	[`${label} Contact Phone`]: entry.contactPhone,
	[`${label} Contact Email`]: entry.contactEmail,
	...addressInput(`${label} `, entry),
});

export const employerLabel = (index: number) => `Employer ${index + 1}`;
export const residenceLabel = (index: number) => `Residence ${index + 1}`;

/** The schema and its input for one Create item (the schema depends on how many history entries there are). */
export function createOrderInput(parameters: CreateParameters): {
	schema: z.ZodTypeAny;
	input: Values;
} {
	const extra = parameters.additionalFields;
	const shape: Shape = {
		Product: required(200),
		'Reference ID': required(100),
		'Scoring Model': optional(200),
		'API User': optional(),
		'Client User': optional(),
		'User Full Name': optional(),
		'First Name': required(100),
		'Middle Name': optional(100),
		'Last Name': required(100),
		SSN: ssn(),
		'Date of Birth': dateOfBirth(),
		...addressShape('', true),
		Email: email(),
		Phone: phone(),
		'Monthly Rent': amount(),
		'Monthly Income': amount(),
		'Postback URL': httpUrl(),
		'Income Verification': z.unknown().transform((value) => value === true || value === 'true'),
		'Send Consumer Copy': z
			.unknown()
			.transform((value) =>
				value === undefined || value === '' ? undefined : value === true || value === 'true',
			),
	};
	const input: Values = {
		Product: parameters.product,
		'Reference ID': parameters.referenceId,
		'Scoring Model': parameters.scoringModel,
		'API User': extra.apiUser,
		'Client User': extra.clientUser,
		'User Full Name': extra.userFullName,
		'First Name': parameters.firstName,
		'Middle Name': extra.middleName,
		'Last Name': parameters.lastName,
		SSN: parameters.ssn,
		'Date of Birth': parameters.dateOfBirth,
		...addressInput('', parameters),
		Email: parameters.email,
		Phone: parameters.phone,
		'Monthly Rent': parameters.monthlyRent,
		'Monthly Income': parameters.monthlyIncome,
		'Postback URL': parameters.postbackUrl,
		'Income Verification': extra.incomeVerification,
		'Send Consumer Copy': extra.sendConsumerCopy,
	};
	if (extra.linkToReport) {
		shape['Group With Report Number'] = reportNumber();
		input['Group With Report Number'] = extra.linkToReport;
	}
	parameters.employment.forEach((entry, index) => {
		const label = employerLabel(index);
		Object.assign(shape, {
			[`${label} Employer Name`]: required(),
			[`${label} Job Title`]: optional(),
			[`${label} Job Level`]: optional(60),
			// RIQ's sample writes employment dates as MM/DD/YYYY...
			[`${label} Start Date`]: optionalDate('MM/dd/yyyy'),
			[`${label} End Date`]: optionalDate('MM/dd/yyyy'),
			[`${label} Monthly Compensation`]: amount(),
			...contactShape(label),
		});
		Object.assign(input, {
			[`${label} Employer Name`]: entry.organizationName,
			[`${label} Job Title`]: entry.title,
			[`${label} Job Level`]: entry.jobLevel,
			[`${label} Start Date`]: entry.startDate,
			[`${label} End Date`]: entry.endDate,
			[`${label} Monthly Compensation`]: entry.compensation,
			...contactInput(label, entry),
		});
	});
	parameters.residence.forEach((entry, index) => {
		const label = residenceLabel(index);
		Object.assign(shape, {
			// ...and residence dates as YYYY-MM-DD.
			[`${label} Start Date`]: optionalDate('yyyy-MM-dd'),
			[`${label} End Date`]: optionalDate('yyyy-MM-dd'),
			[`${label} Monthly Rent`]: amount(),
			...contactShape(label),
		});
		Object.assign(input, {
			[`${label} Start Date`]: entry.startDate,
			[`${label} End Date`]: entry.endDate,
			[`${label} Monthly Rent`]: entry.monthlyRent,
			...contactInput(label, entry),
		});
	});
	const residences = parameters.residence.length;
	const schema = z.object(shape).superRefine((values: Values, ctx) => {
		for (let index = 0; index < residences; index++) {
			const label = residenceLabel(index);
			const filled = Object.entries(values).some(
				([key, value]) => key.startsWith(`${label} `) && value !== undefined,
			);
			if (!filled) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: `${label} is empty: fill in at least a date, the rent or the landlord contact`,
				});
			}
		}
	});
	return { schema, input };
}

/** Checked Create values, keyed by display name (see `createOrderInput`). */
export type OrderValues = Record<string, unknown>;

/** The postback URL with a user and password in it (https://user:password@host/…), percent-encoded. */
export function withPostbackCredentials(url: string, user: string, password: string): string {
	const target = new URL(url);
	target.username = encodeURIComponent(user);
	target.password = encodeURIComponent(password);
	return target.toString();
}
