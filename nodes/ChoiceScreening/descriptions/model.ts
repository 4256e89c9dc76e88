/**
 * The order model's enums and verification payloads, as the Choice seed lists them. One table drives the
 * node's fields, the order builder and the validation, so a correction is made once.
 */

export const SEXES = [
	{ name: 'Female', value: 'F' },
	{ name: 'Male', value: 'M' },
	{ name: 'Other', value: 'O' },
	{ name: 'Prefer Not to Answer', value: 'P' },
] as const;

export const SCHOOL_TYPES = [
	'None',
	'High School',
	'GED',
	'Vocational',
	'College',
	'International',
] as const;
export const DEGREES = [
	'None',
	'Diploma',
	'Associate',
	'Bachelor',
	'Master',
	'Doctorate',
	'GED',
	'Other',
	'Certificate',
] as const;
export const CURRENT_STATUSES = [
	'None',
	'Graduated',
	'In Progress',
	'No Degree',
	'Did Not Graduate',
] as const;

/** How an item is identified. The seed's samples send "PACKAGE", its full model "Product": both kept as written. */
export const ITEM_TYPES = { package: 'PACKAGE', product: 'Product' } as const;

export type FieldKind = 'text' | 'email' | 'state' | 'month' | 'year' | 'boolean' | 'options';

export interface FieldSpec {
	name: string;
	displayName: string;
	kind: FieldKind;
	options?: readonly string[];
	description?: string;
	placeholder?: string;
	/** Month/year fields where 0 is meaningful (end of a current job): sent even when 0. */
	zeroMeansCurrent?: boolean;
}

export interface VerificationSpec {
	/** The `type` value Choice expects. */
	type: string;
	/** The array that holds this type's entries. */
	key: string;
	displayName: string;
	/** Required when the order does not use the consent form (isConsent false). */
	required: string[];
	fields: FieldSpec[];
}

const text = (name: string, displayName: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
	name,
	displayName,
	kind: 'text',
	...extra,
});
const email = (name: string, displayName: string): FieldSpec => ({
	name,
	displayName,
	kind: 'email',
});
const state = (name = 'stateCode', displayName = 'State Code'): FieldSpec => ({
	name,
	displayName,
	kind: 'state',
	placeholder: 'e.g. CO',
	description: 'Two-letter state code',
});
const month = (name: string, displayName: string, zeroMeansCurrent = false): FieldSpec => ({
	name,
	displayName,
	kind: 'month',
	zeroMeansCurrent,
	description: zeroMeansCurrent
		? '1-12. Leave at 0 for a current position.'
		: '1-12. 0 means not given.',
});
const year = (name: string, displayName: string, zeroMeansCurrent = false): FieldSpec => ({
	name,
	displayName,
	kind: 'year',
	zeroMeansCurrent,
	description: zeroMeansCurrent
		? 'Four digits. Leave at 0 for a current position.'
		: 'Four digits. 0 means not given.',
});
const notes = text('notes', 'Notes');

const contactFields = (): FieldSpec[] => [
	text('contactName', 'Contact Name'),
	text('contactPhone', 'Contact Phone', { placeholder: 'e.g. 555-555-5555' }),
	email('contactEmail', 'Contact Email'),
	text('address', 'Address'),
	text('city', 'City'),
	state(),
	text('zipCode', 'ZIP Code'),
	notes,
];

const jobFields = (withAuthorization: boolean): FieldSpec[] => [
	text('companyName', 'Company Name'),
	text('position', 'Position'),
	text('city', 'City'),
	state(),
	month('startMonth', 'Start Month'),
	year('startYear', 'Start Year'),
	month('endMonth', 'End Month', true),
	year('endYear', 'End Year', true),
	text('contactName', 'Contact Name'),
	email('contactEmail', 'Contact Email'),
	text('contactPhone', 'Contact Phone', { placeholder: 'e.g. 555-555-5555' }),
	...(withAuthorization
		? [
				{
					name: 'contactAuthorized',
					displayName: 'May Contact Employer',
					kind: 'boolean',
					description: 'Whether Choice Screening may contact this employer',
				} as FieldSpec,
			]
		: []),
	notes,
];

export const VERIFICATIONS: VerificationSpec[] = [
	{
		type: 'education',
		key: 'education',
		displayName: 'Education',
		required: ['schoolName', 'schoolLocation', 'schoolType', 'degree', 'major'],
		fields: [
			text('studentName', 'Student Name', { description: 'The name the applicant studied under' }),
			text('schoolName', 'School Name'),
			text('schoolLocation', 'School Location', { placeholder: 'e.g. New York, NY' }),
			{ name: 'schoolType', displayName: 'School Type', kind: 'options', options: SCHOOL_TYPES },
			{ name: 'degree', displayName: 'Degree', kind: 'options', options: DEGREES },
			text('major', 'Major'),
			{
				name: 'currentStatus',
				displayName: 'Current Status',
				kind: 'options',
				options: CURRENT_STATUSES,
			},
			month('degreeMonth', 'Degree Month'),
			year('degreeYear', 'Degree Year'),
			text('schoolId', 'School ID'),
			state('schoolState', 'School State'),
			notes,
		],
	},
	{
		type: 'employment',
		key: 'employment',
		displayName: 'Employment',
		required: [
			'companyName',
			'position',
			'startMonth',
			'startYear',
			'contactName',
			'contactPhone',
			'contactAuthorized',
		],
		fields: jobFields(true),
	},
	{
		type: 'license',
		key: 'proLic',
		displayName: 'Professional License',
		required: ['licenseType', 'stateCode', 'licenseNumber'],
		fields: [
			text('licenseType', 'License Type', {
				placeholder: 'e.g. Colorado Professional Teaching License',
			}),
			state(),
			text('licenseNumber', 'License Number'),
			notes,
		],
	},
	{
		type: 'professionalreference',
		key: 'proRef',
		displayName: 'Professional Reference',
		required: ['contactName', 'contactPhone'],
		fields: contactFields(),
	},
	{
		type: 'personalreference',
		key: 'personalRef',
		displayName: 'Personal Reference',
		required: ['contactName', 'contactPhone'],
		fields: contactFields(),
	},
	{
		type: 'rental',
		key: 'rentalHistory',
		displayName: 'Rental History',
		// The seed's full template spells it "landLord"; its required list and example say "landlord" (sent).
		required: [
			'landlord',
			'address',
			'city',
			'stateCode',
			'zipCode',
			'startMonth',
			'startYear',
			'endMonth',
			'endYear',
		],
		fields: [
			text('landlord', 'Landlord'),
			text('address', 'Address'),
			text('city', 'City'),
			state(),
			text('zipCode', 'ZIP Code'),
			text('contactPhone', 'Contact Phone', { placeholder: 'e.g. 555-555-5555' }),
			email('contactEmail', 'Contact Email'),
			month('startMonth', 'Start Month'),
			year('startYear', 'Start Year'),
			month('endMonth', 'End Month'),
			year('endYear', 'End Year'),
		],
	},
	{
		type: 'dot',
		key: 'dotVerification',
		displayName: 'DOT Employment',
		required: ['companyName', 'position', 'startMonth', 'startYear', 'contactName', 'contactPhone'],
		fields: jobFields(false),
	},
];

export const VERIFICATION_BY_TYPE = new Map(VERIFICATIONS.map((spec) => [spec.type, spec]));
export const VERIFICATION_TYPES = VERIFICATIONS.map((spec) => spec.type);
