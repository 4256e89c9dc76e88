import type { INodeProperties } from 'n8n-workflow';

import { maskPersonalDataOption } from '../../shared/pii';
import { orderConcurrencyOption } from './concurrency';
import { ITEM_TYPES, VERIFICATIONS } from './model';
import { applicantOptions, itemOptions, verificationProperty } from './order.options';

/** The order to read: Get Status and Get Report. */
export const orderIdField: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1234567',
	description: 'The Choice order number',
};

const fieldsMode = { orderInput: ['fields'] };
const jsonMode = { orderInput: ['json'] };

const ORDER_JSON_EXAMPLE = `{
  "order": {
    "isNew": true,
    "isConsent": false,
    "applicant": {
      "firstName": "JOHN",
      "lastName": "DOE",
      "dob": { "month": 7, "day": 8, "year": 1990 }
    },
    "items": { "item": [{ "itemNumber": { "type": "PACKAGE", "value": "101" } }] }
  }
}`;

/** The order's parameters, shared by Create and Add to Order (where the applicant is optional). */
export function orderFields(operation: 'create' | 'addToOrder'): INodeProperties[] {
	const applicantRequired = operation === 'create';
	const optionalHere = applicantRequired
		? {}
		: { description: 'Optional for Add to Order: leave the applicant empty to add only items.' };
	return [
		{
			displayName: 'Input Mode',
			name: 'orderInput',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Define Below',
					value: 'fields',
					description: 'Fill in the applicant, items and verifications',
				},
				{
					name: 'Order JSON',
					value: 'json',
					description: 'Pass a whole order object, for example mapped from an earlier node',
				},
			],
			default: 'fields',
		},
		{
			displayName: 'Order JSON',
			name: 'orderJson',
			type: 'json',
			default: ORDER_JSON_EXAMPLE,
			required: true,
			description:
				'The order as Choice Screening defines it: {"order": {...}} or just the order object. Checked before sending; isNew is filled in from the operation when missing.',
			displayOptions: { show: jsonMode },
		},
		{
			displayName: 'Use Choice Consent Form',
			name: 'isConsent',
			type: 'boolean',
			default: false,
			description:
				'Whether Choice emails the applicant its online consent form, which collects the missing details. Without it, the fields the ordered packages need (and the verification fields marked required) must be filled in here.',
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'First Name',
			name: 'firstName',
			type: 'string',
			default: '',
			required: applicantRequired,
			...optionalHere,
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'Last Name',
			name: 'lastName',
			type: 'string',
			default: '',
			required: applicantRequired,
			...optionalHere,
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'Date of Birth',
			name: 'dateOfBirth',
			type: 'string',
			default: '',
			required: applicantRequired,
			placeholder: 'e.g. 1990-07-08',
			description: applicantRequired
				? 'YYYY-MM-DD (or MM/DD/YYYY). Sent as month, day and year.'
				: 'YYYY-MM-DD (or MM/DD/YYYY). Sent as month, day and year. Optional for Add to Order.',
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'SSN',
			name: 'ssn',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Social Security Number, nine digits (dashes are removed). Most criminal, credit and drug packages need it unless the consent form is used.',
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'Additional Applicant Fields',
			name: 'applicantFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: applicantOptions,
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'Items',
			name: 'items',
			type: 'fixedCollection',
			placeholder: 'Add Item',
			typeOptions: { multipleValues: true },
			default: {},
			required: true,
			description: 'The packages or products to order, with the jurisdiction each search needs',
			displayOptions: { show: fieldsMode },
			options: [
				{
					displayName: 'Item',
					name: 'item',
					values: [
						{
							displayName: 'County',
							name: 'county',
							type: 'string',
							default: '',
							placeholder: 'e.g. ARAPAHOE',
							description: 'For county searches',
						},
						{
							displayName: 'Item Options',
							name: 'itemOptions',
							type: 'collection',
							placeholder: 'Add Option',
							default: {},
							options: itemOptions,
						},
						{
							displayName: 'Item Type',
							name: 'itemType',
							type: 'options',
							options: [
								{ name: 'Package', value: ITEM_TYPES.package },
								{ name: 'Product', value: ITEM_TYPES.product },
							],
							default: 'PACKAGE',
						},
						{
							displayName: 'Package Name or ID',
							name: 'packageNumber',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getPackages' },
							default: '',
							description:
								'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
							displayOptions: { show: { itemType: [ITEM_TYPES.package] } },
						},
						{
							displayName: 'Product Number',
							name: 'productNumber',
							type: 'string',
							default: '',
							displayOptions: { show: { itemType: [ITEM_TYPES.product] } },
						},
						{
							displayName: 'State Code',
							name: 'stateCode',
							type: 'string',
							default: '',
							placeholder: 'e.g. CO',
							description: 'For state, county, eviction and motor vehicle searches',
						},
					],
				},
			],
		},
		{
			displayName: 'Verifications',
			name: 'verifications',
			type: 'fixedCollection',
			placeholder: 'Add Verification',
			typeOptions: { multipleValues: true },
			default: {},
			description:
				'Employment, education, reference, license, rental and DOT histories. Without the consent form, each verification product in the ordered packages needs at least one entry.',
			displayOptions: { show: fieldsMode },
			options: VERIFICATIONS.map((spec) => ({
				displayName: spec.displayName,
				name: spec.key,
				values: spec.fields.map((field) =>
					verificationProperty(field, spec.required.includes(field.name)),
				),
			})),
		},
		{
			displayName: 'Tracking ID',
			name: 'trackingId',
			type: 'string',
			default: '',
			description:
				'Your own reference for this order (for example the application ID). Use a unique value per order: it is how you find the order again if a request fails after sending.',
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'Return URL',
			name: 'returnUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/…/callback',
			description:
				"Where Choice posts the order's result when it completes: the production URL of a Choice Screening Trigger",
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'Email Me When Complete',
			name: 'isNotifyOnComplete',
			type: 'boolean',
			default: false,
			description: 'Whether Choice sends its email notification when the order is complete',
			displayOptions: { show: fieldsMode },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				maskPersonalDataOption,
				orderConcurrencyOption,
				{
					displayName: 'Timeout (Seconds)',
					name: 'timeout',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 60,
					description:
						'How long to wait for Choice to answer. The order is never re-sent automatically once it may have arrived.',
				},
			],
		},
	];
}
