import type { XmlElement } from '../transport/xml';
import { supportingDocumentation, type OutgoingDocument } from './documents';
import { employerLabel, residenceLabel, type OrderValues } from './orderInput';

/**
 * RIQ's `BackgroundSearchPackage`, the element every Partner API request carries: the small one most
 * routes take, and the submit package built from Create's checked values (see `orderInput.ts`).
 */

/** `<BackgroundSearchPackage action="…">` with the given children, as RIQ's samples write it. */
export function searchPackage(action: string, children: XmlElement = {}): XmlElement {
	return { BackgroundSearchPackage: { '@_action': action, ...children } };
}

const str = (values: OrderValues, key: string) => values[key] as string | undefined;

function postalAddress(values: OrderValues, prefix: string, type?: string): XmlElement | undefined {
	const street = str(values, `${prefix}Street Address`);
	const city = str(values, `${prefix}City`);
	const region = str(values, `${prefix}State`);
	const postalCode = str(values, `${prefix}ZIP Code`);
	if (!street && !city && !region && !postalCode) return undefined;
	return {
		...(type ? { '@_type': type } : {}),
		PostalCode: postalCode,
		Region: region,
		Municipality: city,
		DeliveryAddress: street ? { AddressLine: street } : undefined,
	};
}

function contactInfo(values: OrderValues, label: string): XmlElement | undefined {
	const name = str(values, `${label} Contact Name`);
	const telephone = str(values, `${label} Contact Phone`);
	const email = str(values, `${label} Contact Email`);
	const address = postalAddress(values, `${label} `);
	if (!name && !telephone && !email && !address) return undefined;
	return {
		PersonName: name ? { FormattedName: name } : undefined,
		Telephone: telephone,
		Email: email,
		PostalAddress: address,
	};
}

export function employmentScreening(values: OrderValues, index: number): XmlElement {
	const label = employerLabel(index);
	return {
		'@_type': 'employment',
		'@_verify': 'yes',
		OrganizationName: str(values, `${label} Employer Name`),
		Title: str(values, `${label} Job Title`),
		JobLevelInfo: str(values, `${label} Job Level`),
		StartDate: str(values, `${label} Start Date`),
		EndDate: str(values, `${label} End Date`),
		Compensation: str(values, `${label} Monthly Compensation`),
		ContactInfo: contactInfo(values, label),
	};
}

export function residenceScreening(values: OrderValues, index: number): XmlElement {
	const label = residenceLabel(index);
	return {
		'@_type': 'resident',
		'@_verify': 'yes',
		StartDate: str(values, `${label} Start Date`),
		EndDate: str(values, `${label} End Date`),
		MonthlyRentAmount: str(values, `${label} Monthly Rent`),
		ContactInfo: contactInfo(values, label),
	};
}

export function additionalItem(type: string, value: string | undefined): XmlElement | undefined {
	return value === undefined ? undefined : { '@_type': type, Text: value };
}

/** "default" (any case) or nothing: RIQ's standard model, so nothing is sent. */
export function scoringModelItem(model: string | undefined): string | undefined {
	return model === undefined || model.toLowerCase() === 'default' ? undefined : model;
}

/** RIQ's sample writes `1`; an option left out sends nothing (the location's own setting applies). */
function consumerCopy(value: unknown): string | undefined {
	return value === undefined ? undefined : value === true ? '1' : '0';
}

/** The `BackgroundSearchPackage` of a submit, from checked values, in the element order of RIQ's sample. */
export function submitPackage(
	values: OrderValues,
	counts: { employment: number; residence: number },
	documents: OutgoingDocument[],
): XmlElement {
	return {
		'@_action': 'submit',
		'@_type': str(values, 'Product'),
		ReferenceId: str(values, 'Reference ID'),
		APIUser: str(values, 'API User'),
		ClientUser: str(values, 'Client User'),
		UserFullName: str(values, 'User Full Name'),
		SendConsumerCopy: consumerCopy(values['Send Consumer Copy']),
		PersonalData: {
			PersonName: {
				GivenName: str(values, 'First Name'),
				MiddleName: str(values, 'Middle Name'),
				FamilyName: str(values, 'Last Name'),
			},
			DemographicDetail: {
				GovernmentId: { '@_issuingAuthority': 'SSN', '#text': str(values, 'SSN') },
				DateOfBirth: str(values, 'Date of Birth'),
			},
			PostalAddress: postalAddress(values, '', 'current'),
			EmailAddress: str(values, 'Email'),
			Telephone: str(values, 'Phone'),
		},
		Screenings: {
			'@_useConfigurationDefaults': 'yes',
			Screening: [
				...Array.from({ length: counts.employment }, (_, index) =>
					employmentScreening(values, index),
				),
				...Array.from({ length: counts.residence }, (_, index) =>
					residenceScreening(values, index),
				),
			],
			AdditionalItems: [
				additionalItem('x:monthly_rent', str(values, 'Monthly Rent')),
				additionalItem('x:monthly_income', str(values, 'Monthly Income')),
				additionalItem('x:postback_url', str(values, 'Postback URL')),
				additionalItem('x:link_order', str(values, 'Group With Report Number')),
				additionalItem('x:scoring_model', scoringModelItem(str(values, 'Scoring Model'))),
				additionalItem(
					'x:income_verification',
					values['Income Verification'] === true ? 'true' : undefined,
				),
			].filter((item): item is XmlElement => item !== undefined),
		},
		SupportingDocumentation: supportingDocumentation(documents),
	};
}
