import type { INodeProperties } from 'n8n-workflow';

import { SEXES, type FieldSpec } from './model';

/** The order's option lists: verification fields, item options and additional applicant fields. */

/** One verification field as an n8n parameter (enums become drop-downs with a "not set" choice). */
export function verificationProperty(field: FieldSpec, required: boolean): INodeProperties {
	const description = [
		field.description,
		required ? 'Required unless the order uses the consent form.' : undefined,
	]
		.filter(Boolean)
		.join(' ');
	const base = {
		displayName: field.displayName,
		name: field.name,
		...(description ? { description } : {}),
		...(field.placeholder ? { placeholder: field.placeholder } : {}),
	};
	switch (field.kind) {
		case 'month':
			return { ...base, type: 'number', default: 0, typeOptions: { minValue: 0, maxValue: 12 } };
		case 'year':
			return { ...base, type: 'number', default: 0, typeOptions: { minValue: 0, maxValue: 2100 } };
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		case 'options':
			return {
				...base,
				type: 'options',
				options: [
					{ name: '(Not Set)', value: '' },
					...(field.options ?? []).map((option) => ({ name: option, value: option })),
				],
				default: '',
			};
		default:
			return { ...base, type: 'string', default: '' };
	}
}

export const itemOptions: INodeProperties[] = [
	{ displayName: 'Alias First Name', name: 'aliasFirstName', type: 'string', default: '' },
	{ displayName: 'Alias Last Name', name: 'aliasLastName', type: 'string', default: '' },
	{ displayName: 'Alias Middle Name', name: 'aliasMiddleName', type: 'string', default: '' },
	{
		displayName: 'Applicant Email',
		name: 'applicantEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'For products that contact the applicant (for example drug tests)',
	},
	{ displayName: 'Applicant Phone', name: 'applicantPhone', type: 'string', default: '' },
	{
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: '',
		description: 'For international searches',
	},
	{ displayName: 'Employer ID', name: 'employerId', type: 'string', default: '' },
	{ displayName: 'Jurisdiction', name: 'jurisdiction', type: 'string', default: '' },
	{
		displayName: 'MVR Code',
		name: 'mvrCode',
		type: 'string',
		default: '',
		description: 'Motor vehicle record code',
	},
	{
		displayName: 'Package Products (JSON)',
		name: 'packageProducts',
		type: 'json',
		default: '[]',
		description:
			'Per-product details for the products of a package, as a JSON list of packageProduct objects (productNumber, stateCode, county, ...)',
	},
	{
		displayName: 'Passport Country Code',
		name: 'passportCountryCode',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Passport Number',
		name: 'passportNumber',
		type: 'string',
		typeOptions: { password: true },
		default: '',
	},
];

export const applicantOptions: INodeProperties[] = [
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		default: '',
		description: 'Street address',
	},
	{
		displayName: 'Applicant Email',
		name: 'applicantEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: "The applicant's email (sent as email.applicants)",
	},
	{ displayName: 'City', name: 'city', type: 'string', default: '' },
	{
		displayName: 'Consent Form: Applicant Email',
		name: 'consentApplicantEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Where Choice sends the online consent form (consent.applicantEmail)',
	},
	{
		displayName: 'Consent Form: Company Copy Email',
		name: 'consentCompanyCopyEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Who gets a copy of the completed consent form (consent.companyCopyEmail)',
	},
	{
		displayName: 'Consent Form: Special Instructions',
		name: 'consentSpecialInstructions',
		type: 'string',
		default: '',
	},
	{
		displayName: "Driver's License Number",
		name: 'driversLicenseNumber',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Needed for motor vehicle records',
	},
	{ displayName: 'Middle Name', name: 'middleName', type: 'string', default: '' },
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. 555-555-5555',
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		description: 'Your own reference for the applicant',
	},
	{
		displayName: 'Send Copy To',
		name: 'sendCopyTo',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Email that receives a copy (email.sendCopyTo)',
	},
	{
		displayName: 'Sex',
		name: 'sex',
		type: 'options',
		options: SEXES.map((sex) => ({ name: sex.name, value: sex.value })),
		default: 'P',
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		placeholder: 'e.g. CO',
		description: 'Two-letter state code',
	},
	{ displayName: 'ZIP Code', name: 'zipCode', type: 'string', default: '' },
];
