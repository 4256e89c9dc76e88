import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { vendorApiError } from '../../../shared/errors';
import { readBinaryDocuments, type OutgoingDocument } from '../../helpers/documents';
import { reportStatus } from '../../helpers/mapping';
import { InputCheck } from '../../helpers/validate';
import { riqRequest, VENDOR } from '../../transport';
import type { XmlElement } from '../../transport/xml';
import { documentTypeOptions } from '../common';

// Address fields of a history entry (the applicant's current address has its own required fields).
const cityField: INodeProperties = { displayName: 'City', name: 'city', type: 'string', default: '' };
const stateField: INodeProperties = {
	displayName: 'State',
	name: 'state',
	type: 'string',
	default: '',
	placeholder: 'SD',
	description: '2-letter state code',
};
const streetField: INodeProperties = { displayName: 'Street Address', name: 'street', type: 'string', default: '' };
const zipField: INodeProperties = { displayName: 'ZIP Code', name: 'zip', type: 'string', default: '' };

const properties: INodeProperties[] = [
	{
		displayName: 'Product Name or ID',
		name: 'product',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getProducts' },
		default: '',
		required: true,
		description:
			'The screening product to order, as listed for this client location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'APP-2024-0001',
		description:
			'Your own ID for this application (e.g. the application number). RIQ returns it with every answer. Submitting is never retried once it may have reached RIQ, because a second submit is a second order: before submitting again after an error, check in RIQ whether an order with this reference exists.',
	},
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '', required: true },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '', required: true },
	{
		displayName: 'SSN',
		name: 'ssn',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: "The applicant's Social Security number, 9 digits (dashes allowed). Never shown in errors.",
	},
	{
		displayName: 'Date of Birth',
		name: 'dateOfBirth',
		type: 'string',
		default: '',
		required: true,
		placeholder: '1970-12-01',
		description: 'YYYY-MM-DD or MM/DD/YYYY. Never shown in errors.',
	},
	{
		displayName: 'Street Address',
		name: 'street',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2401 Mt Rushmore Rd, 311',
		description: "The applicant's current home address",
	},
	{ displayName: 'City', name: 'city', type: 'string', default: '', required: true },
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'SD',
		description: '2-letter state code',
	},
	{ displayName: 'ZIP Code', name: 'zip', type: 'string', default: '', required: true },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: "The applicant's email address (optional)",
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: '800-867-5309',
		description: "The applicant's phone number, 10 digits (formatting allowed, optional)",
	},
	{
		displayName: 'Monthly Rent',
		name: 'monthlyRent',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: 'Monthly rent of the unit applied for, in dollars. 0 = not sent.',
	},
	{
		displayName: 'Monthly Income',
		name: 'monthlyIncome',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: "The applicant's gross monthly income, in dollars. 0 = not sent.",
	},
	{
		displayName: 'Postback URL',
		name: 'postbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/riq-postback',
		description:
			'Where RIQ sends status updates for this order: paste the Production URL of a ResidentIQ Trigger node. Leave empty to check with Get Status instead.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'API User',
				name: 'apiUser',
				type: 'string',
				default: '',
				description: 'Passed to RIQ as APIUser',
			},
			{
				displayName: 'Client User',
				name: 'clientUser',
				type: 'string',
				default: '',
				description: 'Who is ordering, passed to RIQ as ClientUser',
			},
			{
				displayName: 'Document Binary Properties',
				name: 'documentProperties',
				type: 'string',
				default: '',
				placeholder: 'data, idScan',
				description:
					'Names of binary properties of the input item to send as supporting documents (e.g. the signed rental application), separated by commas',
			},
			{
				displayName: 'Document Type',
				name: 'documentType',
				type: 'options',
				options: documentTypeOptions,
				default: '0',
				description: 'RIQ file type for the supporting documents',
			},
			{
				displayName: 'Group With Report Number',
				name: 'linkToReport',
				type: 'string',
				default: '',
				description:
					"A co-applicant's existing RIQ report number: the new report is grouped with it right away",
			},
			{ displayName: 'Middle Name', name: 'middleName', type: 'string', default: '' },
			{
				displayName: 'User Full Name',
				name: 'userFullName',
				type: 'string',
				default: '',
				description: 'Full name of the person ordering, passed to RIQ as UserFullName',
			},
		],
	},
	{
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
					{ displayName: 'Start Date', name: 'startDate', type: 'string', default: '', placeholder: '2016-09-18' },
					stateField,
					streetField,
					zipField,
				],
			},
		],
	},
	{
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
					{ displayName: 'Landlord Phone', name: 'contactPhone', type: 'string', default: '' },
					{
						displayName: 'Monthly Rent',
						name: 'monthlyRent',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
					},
					{ displayName: 'Start Date', name: 'startDate', type: 'string', default: '', placeholder: '2017-10-01' },
					stateField,
					streetField,
					zipField,
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['create'] } },
	properties,
);

function postalAddress(
	check: InputCheck,
	label: string,
	address: IDataObject | undefined,
	required: boolean,
	type?: string,
): XmlElement | undefined {
	const prefix = label ? `${label} ` : '';
	const read = (field: string, value: unknown) =>
		required ? check.required(`${prefix}${field}`, value) : check.optional(`${prefix}${field}`, value);
	const street = read('Street Address', address?.street);
	const city = read('City', address?.city);
	const region = check.state(`${prefix}State`, address?.state, required);
	const postalCode = check.zip(`${prefix}ZIP Code`, address?.zip, required);
	if (!street && !city && !region && !postalCode) return undefined;
	return {
		...(type ? { '@_type': type } : {}),
		PostalCode: postalCode,
		Region: region,
		Municipality: city,
		DeliveryAddress: street ? { AddressLine: street } : undefined,
	};
}

function contactInfo(check: InputCheck, label: string, entry: IDataObject): XmlElement | undefined {
	const name = check.optional(`${label} Contact Name`, entry.contactName);
	const phone = check.phone(`${label} Contact Phone`, entry.contactPhone);
	const address = postalAddress(check, label, entry, false);
	if (!name && !phone && !address) return undefined;
	return {
		PersonName: name ? { FormattedName: name } : undefined,
		Telephone: phone,
		PostalAddress: address,
	};
}

function employmentScreening(check: InputCheck, entry: IDataObject, index: number): XmlElement {
	const label = `Employer ${index + 1}`;
	return {
		'@_type': 'employment',
		'@_verify': 'yes',
		OrganizationName: check.required(`${label} Employer Name`, entry.organizationName),
		Title: check.optional(`${label} Job Title`, entry.title),
		JobLevelInfo: check.optional(`${label} Job Level`, entry.jobLevel, 60),
		// RIQ's sample writes employment dates as MM/DD/YYYY.
		StartDate: check.date(`${label} Start Date`, entry.startDate, 'MM/dd/yyyy'),
		EndDate: check.date(`${label} End Date`, entry.endDate, 'MM/dd/yyyy'),
		Compensation: check.amount(`${label} Monthly Compensation`, entry.compensation),
		ContactInfo: contactInfo(check, label, entry),
	};
}

function residenceScreening(check: InputCheck, entry: IDataObject, index: number): XmlElement {
	const label = `Residence ${index + 1}`;
	const screening: XmlElement = {
		'@_type': 'resident',
		'@_verify': 'yes',
		// ...and residence dates as YYYY-MM-DD.
		StartDate: check.date(`${label} Start Date`, entry.startDate, 'yyyy-MM-dd'),
		EndDate: check.date(`${label} End Date`, entry.endDate, 'yyyy-MM-dd'),
		MonthlyRentAmount: check.amount(`${label} Monthly Rent`, entry.monthlyRent),
		ContactInfo: contactInfo(check, label, entry),
	};
	if (!screening.StartDate && !screening.EndDate && !screening.MonthlyRentAmount && !screening.ContactInfo) {
		check.fail(`${label} is empty: fill in at least a date, the rent or the landlord contact`);
	}
	return screening;
}

function additionalItem(type: string, value: string | undefined): XmlElement | undefined {
	return value === undefined ? undefined : { '@_type': type, Text: value };
}

/**
 * RIQ's submit sample carries one document directly inside SupportingDocumentation; several
 * documents use the Document wrapper of the upload route.
 */
function supportingDocumentation(documents: OutgoingDocument[]): XmlElement | undefined {
	const element = (document: OutgoingDocument): XmlElement => ({
		OriginalFileName: document.fileName,
		FileType: document.fileType,
		EncodedContent: document.base64,
	});
	if (documents.length === 0) return undefined;
	if (documents.length === 1) return element(documents[0]);
	return { Document: documents.map(element) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const check = new InputCheck(this, itemIndex);
	const parameter = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const extra = parameter('additionalFields', {}) as IDataObject;
	const address: IDataObject = {
		street: parameter('street'),
		city: parameter('city'),
		state: parameter('state'),
		zip: parameter('zip'),
	};
	const employment = (parameter('employment', {}) as { entries?: IDataObject[] }).entries ?? [];
	const residence = (parameter('residence', {}) as { entries?: IDataObject[] }).entries ?? [];

	const product = check.required('Product', parameter('product'), 200);
	const referenceId = check.required('Reference ID', parameter('referenceId'), 100);
	const linkTo = extra.linkToReport ? check.reportNumber('Group With Report Number', extra.linkToReport) : undefined;
	const documentType = extra.documentProperties ? check.fileType(extra.documentType ?? '0') : undefined;
	const documents = await readBinaryDocuments(this, itemIndex, check, extra.documentProperties, documentType);

	const pkg: XmlElement = {
		'@_action': 'submit',
		'@_type': product,
		ReferenceId: referenceId,
		APIUser: check.optional('API User', extra.apiUser),
		ClientUser: check.optional('Client User', extra.clientUser),
		UserFullName: check.optional('User Full Name', extra.userFullName),
		PersonalData: {
			PersonName: {
				GivenName: check.required('First Name', parameter('firstName'), 100),
				MiddleName: check.optional('Middle Name', extra.middleName, 100),
				FamilyName: check.required('Last Name', parameter('lastName'), 100),
			},
			DemographicDetail: {
				GovernmentId: { '@_issuingAuthority': 'SSN', '#text': check.ssn(parameter('ssn')) },
				DateOfBirth: check.dateOfBirth(parameter('dateOfBirth')),
			},
			PostalAddress: postalAddress(check, '', address, true, 'current'),
			EmailAddress: check.email(parameter('email')),
			Telephone: check.phone('Phone', parameter('phone')),
		},
		Screenings: {
			'@_useConfigurationDefaults': 'yes',
			Screening: [
				...employment.map((entry, index) => employmentScreening(check, entry, index)),
				...residence.map((entry, index) => residenceScreening(check, entry, index)),
			],
			AdditionalItems: [
				additionalItem('x:monthly_rent', check.amount('Monthly Rent', parameter('monthlyRent', 0))),
				additionalItem('x:monthly_income', check.amount('Monthly Income', parameter('monthlyIncome', 0))),
				additionalItem('x:postback_url', check.httpUrl('Postback URL', parameter('postbackUrl'))),
				additionalItem('x:link_order', linkTo),
			].filter((item): item is XmlElement => item !== undefined),
		},
		SupportingDocumentation: supportingDocumentation(documents),
	};

	const { packages } = await riqRequest.call(this, {
		route: 'submit',
		root: 'BackgroundReports',
		content: { BackgroundSearchPackage: pkg },
		itemIndex,
	});
	const result = reportStatus(packages[0]);
	if (!result.orderId) {
		throw vendorApiError(this.getNode(), {
			vendor: VENDOR,
			message: 'the order was accepted without a report number',
			description: `Check in ResidentIQ whether an order with reference ${referenceId} exists before submitting it again.`,
			itemIndex,
		});
	}
	return [
		{
			json: {
				orderId: result.orderId,
				referenceId: result.referenceId ?? referenceId,
				status: result.status,
				statusRaw: result.statusRaw,
				product,
				documents: documents.map(({ fileName, fileType, bytes }) => ({ fileName, fileType: fileType ?? null, bytes })),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
