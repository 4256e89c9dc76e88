import type { INodeProperties } from 'n8n-workflow';

/** Create's employment and residence history: the entries RIQ verifies (its sample's Screening elements). */

// Address fields of a history entry (the applicant's current address has its own required fields).
const cityField: INodeProperties = {
	displayName: 'City',
	name: 'city',
	type: 'string',
	default: '',
};
const stateField: INodeProperties = {
	displayName: 'State',
	name: 'state',
	type: 'string',
	default: '',
	placeholder: 'SD',
	description: '2-letter state code',
};
const streetField: INodeProperties = {
	displayName: 'Street Address',
	name: 'street',
	type: 'string',
	default: '',
};
const zipField: INodeProperties = {
	displayName: 'ZIP Code',
	name: 'zip',
	type: 'string',
	default: '',
};

export const employmentHistoryField: INodeProperties = {
	displayName: 'Employment History',
	name: 'employment',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Employer to Verify',
	description: 'Employers RIQ should verify (optional)',
	options: [
		{
			displayName: 'Employer',
			name: 'entries',
			values: [
				cityField,
				{ displayName: 'Contact Email', name: 'contactEmail', type: 'string', default: '' },
				{ displayName: 'Contact Name', name: 'contactName', type: 'string', default: '' },
				{ displayName: 'Contact Phone', name: 'contactPhone', type: 'string', default: '' },
				{ displayName: 'Employer Name', name: 'organizationName', type: 'string', default: '' },
				{
					displayName: 'End Date',
					name: 'endDate',
					type: 'string',
					default: '',
					description: 'Empty while still employed',
				},
				{
					displayName: 'Job Level',
					name: 'jobLevel',
					type: 'string',
					default: '',
					placeholder: 'Full-time',
				},
				{ displayName: 'Job Title', name: 'title', type: 'string', default: '' },
				{
					displayName: 'Monthly Compensation',
					name: 'compensation',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
				},
				{
					displayName: 'Start Date',
					name: 'startDate',
					type: 'string',
					default: '',
					placeholder: '2016-09-18',
				},
				stateField,
				streetField,
				zipField,
			],
		},
	],
};

export const residenceHistoryField: INodeProperties = {
	displayName: 'Residence History',
	name: 'residence',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Residence to Verify',
	description: 'Previous residences RIQ should verify with the landlord (optional)',
	options: [
		{
			displayName: 'Residence',
			name: 'entries',
			values: [
				cityField,
				{ displayName: 'End Date', name: 'endDate', type: 'string', default: '' },
				{ displayName: 'Landlord Contact Name', name: 'contactName', type: 'string', default: '' },
				{ displayName: 'Landlord Email', name: 'contactEmail', type: 'string', default: '' },
				{ displayName: 'Landlord Phone', name: 'contactPhone', type: 'string', default: '' },
				{
					displayName: 'Monthly Rent',
					name: 'monthlyRent',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
				},
				{
					displayName: 'Start Date',
					name: 'startDate',
					type: 'string',
					default: '',
					placeholder: '2017-10-01',
				},
				stateField,
				streetField,
				zipField,
			],
		},
	],
};
