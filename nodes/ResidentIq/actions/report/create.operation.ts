import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { z } from 'zod';

import { inputError, vendorApiError } from '../../../shared/errors';
import { maskObject } from '../../../shared/pii';
import type { OperationMeta } from '../../../shared/registry';
import { employmentHistoryField, residenceHistoryField } from '../../descriptions/history.fields';
import { documentTypeOptions } from '../../descriptions/report.fields';
import { readBinaryDocuments, type OutgoingDocument } from '../../helpers/documents';
import { reportStatus } from '../../helpers/mapping';
import {
	createOrderInput,
	withPostbackCredentials,
	type CreateParameters,
	type OrderValues,
} from '../../helpers/orderInput';
import { fileType } from '../../helpers/schemas';
import { additionalItem, submitPackage } from '../../helpers/searchPackage';
import { validateInput } from '../../helpers/validate';
import { createPostbackAuthProperty } from '../../descriptions/postback.fields';
import { riqRequest, VENDOR } from '../../transport';
import type { XmlElement } from '../../transport/xml';

const typeSchema = z.object({ 'Document Type': fileType() });

export const meta: OperationMeta = {
	name: 'Create',
	action: 'Create a report',
	description: 'Order a screening report for an applicant',
	writes: true,
};

export const description: INodeProperties[] = [
	// First, so the credential it may need shows right above it rather than half-way down the panel.
	createPostbackAuthProperty,
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
		displayName: 'Scoring Model Name or ID',
		name: 'scoringModel',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getScoringModels' },
		default: 'default',
		description:
			'The scoring model RIQ applies to this screening: "default" is the location\'s standard model (nothing is sent). It cannot be changed after submission. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
		description:
			"The applicant's Social Security number, 9 digits (dashes allowed). Never shown in errors.",
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
			{
				displayName: 'Income Verification',
				name: 'incomeVerification',
				type: 'boolean',
				default: false,
				description:
					"Whether RIQ should also verify the applicant's income (x:income_verification). It must be turned on for the property by your RIQ representative; Monthly Rent and Monthly Income above are sent with it when given.",
			},
			{ displayName: 'Middle Name', name: 'middleName', type: 'string', default: '' },
			{
				displayName: 'Send Consumer Copy',
				name: 'sendConsumerCopy',
				type: 'boolean',
				default: true,
				description:
					"Whether RIQ sends the applicant a copy of the consumer report (the FCRA consumer copy; SendConsumerCopy). Left out, your location's own setting applies.",
			},
			{
				displayName: 'User Full Name',
				name: 'userFullName',
				type: 'string',
				default: '',
				description: 'Full name of the person ordering, passed to RIQ as UserFullName',
			},
		],
	},
	employmentHistoryField,
	residenceHistoryField,
];

/** What Create reads from its parameters, unchecked (`createOrderInput` checks it). */
function createParameters(this: IExecuteFunctions, itemIndex: number): CreateParameters {
	const parameter = (name: string, fallback: unknown = '') =>
		this.getNodeParameter(name, itemIndex, fallback);
	const entries = (name: string) =>
		(parameter(name, {}) as { entries?: IDataObject[] }).entries ?? [];
	return {
		product: parameter('product'),
		referenceId: parameter('referenceId'),
		firstName: parameter('firstName'),
		lastName: parameter('lastName'),
		ssn: parameter('ssn'),
		dateOfBirth: parameter('dateOfBirth'),
		street: parameter('street'),
		city: parameter('city'),
		state: parameter('state'),
		zip: parameter('zip'),
		email: parameter('email'),
		phone: parameter('phone'),
		monthlyRent: parameter('monthlyRent', 0),
		monthlyIncome: parameter('monthlyIncome', 0),
		postbackUrl: parameter('postbackUrl'),
		scoringModel: parameter('scoringModel', 'default'),
		additionalFields: parameter('additionalFields', {}) as IDataObject,
		employment: entries('employment'),
		residence: entries('residence'),
	};
}

interface PostbackAuthentication {
	/** The `x:postback_userId` / `x:postback_password` items to add to the order. */
	items: XmlElement[];
	/** What was put into the order, which must never appear in an error. */
	secrets: string[];
}

/**
 * Postback Authentication: the ResidentIQ Postback credential sent with the order as the TazWorks-style
 * pair, or put into the Postback URL RIQ will call.
 */
async function authenticatePostback(
	this: IExecuteFunctions,
	itemIndex: number,
	values: OrderValues,
): Promise<PostbackAuthentication> {
	const url = values['Postback URL'] as string | undefined;
	const mode = this.getNodeParameter('postbackAuthentication', itemIndex, 'none');
	if (!url || (mode !== 'basicAuth' && mode !== 'postbackPair')) return { items: [], secrets: [] };
	const credential = await this.getCredentials('residentIqPostbackApi', itemIndex);
	const user = typeof credential.user === 'string' ? credential.user : '';
	const password = typeof credential.password === 'string' ? credential.password : '';
	if (!user || !password) {
		throw inputError(
			this.getNode(),
			'Postback Authentication: the ResidentIQ Postback credential has no user ID or password',
			itemIndex,
		);
	}
	if (mode === 'basicAuth') {
		values['Postback URL'] = withPostbackCredentials(url, user, password);
		return { items: [], secrets: [password] };
	}
	const items = [
		additionalItem('x:postback_userId', user),
		additionalItem('x:postback_password', password),
	].filter((item): item is XmlElement => item !== undefined);
	return { items, secrets: [password] };
}

/** The package with `items` added to its Screenings' AdditionalItems. */
function withAdditionalItems(pkg: XmlElement, items: XmlElement[]): XmlElement {
	if (!items.length) return pkg;
	const screenings = (pkg.Screenings ?? {}) as XmlElement;
	const existing = screenings.AdditionalItems;
	const list = Array.isArray(existing) ? (existing as XmlElement[]) : [];
	return { ...pkg, Screenings: { ...screenings, AdditionalItems: [...list, ...items] } };
}

/** The supporting documents named in Additional Fields, read from the item's binary data. */
async function supportingDocuments(
	this: IExecuteFunctions,
	itemIndex: number,
	extra: IDataObject,
): Promise<OutgoingDocument[]> {
	const documentType = extra.documentProperties
		? validateInput(this, itemIndex, typeSchema, { 'Document Type': extra.documentType ?? '0' })[
				'Document Type'
			]
		: undefined;
	return await readBinaryDocuments(this, itemIndex, extra.documentProperties, documentType);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const parameters = createParameters.call(this, itemIndex);
	const { schema, input } = createOrderInput(parameters);
	const values = validateInput(this, itemIndex, schema, input) as OrderValues;
	const postbackAuth = await authenticatePostback.call(this, itemIndex, values);
	const documents = await supportingDocuments.call(this, itemIndex, parameters.additionalFields);
	const referenceId = values['Reference ID'] as string;
	const { packages } = await riqRequest.call(this, {
		route: 'submit',
		root: 'BackgroundReports',
		content: {
			BackgroundSearchPackage: withAdditionalItems(
				submitPackage(
					values,
					{ employment: parameters.employment.length, residence: parameters.residence.length },
					documents,
				),
				postbackAuth.items,
			),
		},
		itemIndex,
		secrets: postbackAuth.secrets,
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
			// The same normalised fields as Choice's order (orderId, trackingId, status, reportUrl), then RIQ's answer.
			json: {
				orderId: result.orderId,
				trackingId: result.referenceId ?? referenceId,
				referenceId: result.referenceId ?? referenceId,
				status: result.status,
				statusRaw: result.statusRaw,
				...(result.reportUrl ? { reportUrl: result.reportUrl } : {}),
				product: values.Product as string,
				documents: documents.map(({ fileName, fileType, bytes }) => ({
					fileName,
					fileType: fileType ?? null,
					bytes,
				})),
				response: maskObject(packages[0] ?? {}) as IDataObject,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
