import { DateTime } from 'luxon';

import type { ApplicantField, ChoiceProduct, VerificationType } from './choice-catalog';
import { findProducts } from './choice-catalog';
import { isHttpUrl } from './http';

export interface FieldError {
	field: string;
	message: string;
}

// The seed's enums.
export const SCHOOL_TYPES = [
	'None',
	'High School',
	'GED',
	'Vocational',
	'College',
	'International',
];
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
];
export const CURRENT_STATUSES = [
	'None',
	'Graduated',
	'In Progress',
	'No Degree',
	'Did Not Graduate',
];
export const SEXES = ['M', 'F', 'O', 'P'];

/** Verification type -> its payload array and the fields the seed makes required when isConsent is false. */
export const VERIFICATIONS: Record<VerificationType, { key: string; required: string[] }> = {
	education: {
		key: 'education',
		required: ['schoolName', 'schoolLocation', 'schoolType', 'degree', 'major'],
	},
	employment: {
		key: 'employment',
		required: [
			'companyName',
			'position',
			'startMonth',
			'startYear',
			'contactName',
			'contactPhone',
			'contactAuthorized',
		],
	},
	professionalreference: { key: 'proRef', required: ['contactName', 'contactPhone'] },
	personalreference: { key: 'personalRef', required: ['contactName', 'contactPhone'] },
	license: { key: 'proLic', required: ['licenseType', 'stateCode', 'licenseNumber'] },
	dot: {
		key: 'dotVerification',
		required: ['companyName', 'position', 'startMonth', 'startYear', 'contactName', 'contactPhone'],
	},
	rental: {
		key: 'rentalHistory',
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
	},
};

const MONTH_FIELDS = new Set(['startMonth', 'endMonth', 'degreeMonth']);
const YEAR_FIELDS = new Set(['startYear', 'endYear', 'degreeYear']);

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function blank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function getPath(obj: Obj, path: string): unknown {
	return path.split('.').reduce<unknown>((acc, key) => (isObj(acc) ? acc[key] : undefined), obj);
}

/** Month/year fields arrive as numbers in the samples and as strings in the rental template; accept both. */
function asInt(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
	return undefined;
}

export interface ValidatedOrder {
	order: Obj;
	products: ChoiceProduct[];
}

/**
 * The seed's order validation: isNew/id, isConsent rules, applicant, items and verifications with their enums and
 * the fields that become required when isConsent is false. `orderExists` answers for isNew=false.
 */
export function validateOrder(
	body: unknown,
	orderExists: (id: number) => boolean,
): { errors: FieldError[]; value?: ValidatedOrder } {
	const errors: FieldError[] = [];
	const err = (field: string, message: string): void => {
		errors.push({ field, message });
	};
	if (!isObj(body) || !isObj(body.order)) {
		err('order', 'order is required');
		return { errors };
	}
	const order = body.order;
	if (typeof order.isNew !== 'boolean')
		err('order.isNew', 'isNew is required and must be a boolean');
	if (typeof order.isConsent !== 'boolean')
		err('order.isConsent', 'isConsent is required and must be a boolean');
	// The seed calls isNotifyOnComplete required but its own sample orders omit it: optional, boolean when sent.
	if (order.isNotifyOnComplete !== undefined && typeof order.isNotifyOnComplete !== 'boolean') {
		err('order.isNotifyOnComplete', 'isNotifyOnComplete must be a boolean');
	}
	if (order.isNew === false) {
		if (typeof order.id !== 'number' || !Number.isInteger(order.id) || order.id <= 0) {
			err('order.id', 'id is required when isNew is false');
		} else if (!orderExists(order.id)) {
			err('order.id', `order ${order.id} was not found`);
		}
	}
	if (!blank(order.returnUrl) && !isHttpUrl(order.returnUrl))
		err('order.returnUrl', 'returnUrl must be an absolute http(s) URL');
	if (
		order.trackingId !== undefined &&
		order.trackingId !== null &&
		typeof order.trackingId !== 'string'
	) {
		err('order.trackingId', 'trackingId must be a string');
	}
	const consent = order.isConsent === true;

	// Items first: the products decide which applicant fields and verifications are required.
	const products: ChoiceProduct[] = [];
	const items = isObj(order.items) ? order.items.item : undefined;
	if (!Array.isArray(items) || items.length === 0)
		err('order.items.item', 'at least one item is required');
	else {
		items.forEach((item: unknown, i: number) => {
			const at = `order.items.item[${i}]`;
			if (!isObj(item)) return err(at, 'item must be an object');
			const itemNumber = item.itemNumber;
			if (!isObj(itemNumber) || blank(itemNumber.type) || blank(itemNumber.value)) {
				return err(`${at}.itemNumber`, 'itemNumber with type and value is required');
			}
			const type = String(itemNumber.type);
			if (!['package', 'product'].includes(type.toLowerCase()))
				return err(`${at}.itemNumber.type`, 'type must be PACKAGE or Product');
			const found = findProducts(type, String(itemNumber.value));
			if (!found)
				return err(
					`${at}.itemNumber.value`,
					`unknown ${type.toLowerCase()} ${String(itemNumber.value)}`,
				);
			const checkItemFields = (holder: Obj, where: string, list: ChoiceProduct[]) => {
				for (const field of new Set(list.flatMap((p) => p.item))) {
					if (blank(holder[field]))
						err(
							`${where}.${field}`,
							`${field} is required for ${list.map((p) => p.name).join(', ')}`,
						);
				}
			};
			checkItemFields(item, at, found);
			products.push(...found);
			const extra = isObj(item.packageProducts) ? item.packageProducts.packageProduct : undefined;
			if (Array.isArray(extra)) {
				extra.forEach((entry: unknown, j: number) => {
					const where = `${at}.packageProducts.packageProduct[${j}]`;
					if (!isObj(entry) || blank(entry.productNumber)) return; // the template ships empty entries
					const more = findProducts('product', String(entry.productNumber));
					if (!more)
						return err(`${where}.productNumber`, `unknown product ${String(entry.productNumber)}`);
					checkItemFields(
						{ ...item, ...Object.fromEntries(Object.entries(entry).filter(([, v]) => !blank(v))) },
						where,
						more,
					);
					products.push(...more);
				});
			}
			return undefined;
		});
	}

	const applicant = order.applicant;
	if (!isObj(applicant)) err('order.applicant', 'applicant is required');
	else {
		for (const field of ['firstName', 'lastName']) {
			if (blank(applicant[field])) err(`order.applicant.${field}`, `${field} is required`);
		}
		const dob = applicant.dob;
		if (!isObj(dob)) err('order.applicant.dob', 'dob with month, day and year is required');
		else {
			const parts = ['month', 'day', 'year'].map((k) => dob[k]);
			if (parts.some((p) => typeof p !== 'number' || !Number.isInteger(p)))
				err('order.applicant.dob', 'dob month, day and year must be integers');
			else if (
				!DateTime.fromObject({
					year: parts[2] as number,
					month: parts[0] as number,
					day: parts[1] as number,
				}).isValid
			) {
				err('order.applicant.dob', 'dob is not a valid date');
			}
		}
		if (!blank(applicant.sex) && !SEXES.includes(String(applicant.sex)))
			err('order.applicant.sex', `sex must be one of ${SEXES.join(', ')}`);
		if (!blank(applicant.ssn) && !/^\d{3}-?\d{2}-?\d{4}$/.test(String(applicant.ssn)))
			err('order.applicant.ssn', 'ssn must be 9 digits');
		// With the online consent form the applicant supplies these, so the package's requirements are waived.
		if (!consent) {
			const needed = new Set<ApplicantField>(products.flatMap((p) => p.applicant));
			for (const field of needed) {
				if (blank(getPath(applicant, field)))
					err(
						`order.applicant.${field}`,
						`${field} is required for the ordered package(s) when isConsent is false`,
					);
			}
		}
	}

	validateVerifications(order, products, consent, err);
	return errors.length > 0 ? { errors } : { errors, value: { order, products } };
}

function validateVerifications(
	order: Obj,
	products: ChoiceProduct[],
	consent: boolean,
	err: (field: string, message: string) => void,
): void {
	const list = isObj(order.verifications) ? order.verifications.verification : undefined;
	if (order.verifications !== undefined && order.verifications !== null && !Array.isArray(list)) {
		err('order.verifications.verification', 'verification must be an array');
	}
	const provided = new Map<string, number>();
	(Array.isArray(list) ? list : []).forEach((verification: unknown, i: number) => {
		const at = `order.verifications.verification[${i}]`;
		if (!isObj(verification)) return err(at, 'verification must be an object');
		const type = String(verification.type ?? '');
		const spec = VERIFICATIONS[type as VerificationType];
		if (!spec)
			return err(`${at}.type`, `type must be one of ${Object.keys(VERIFICATIONS).join(', ')}`);
		const entries = verification[spec.key];
		if (!Array.isArray(entries))
			return err(`${at}.${spec.key}`, `a verification of type ${type} needs a ${spec.key} array`);
		provided.set(type, (provided.get(type) ?? 0) + entries.length);
		entries.forEach((entry: unknown, j: number) => {
			const where = `${at}.${spec.key}[${j}]`;
			if (!isObj(entry)) return err(where, 'entry must be an object');
			validateEntry(type as VerificationType, entry, where, consent, err);
			return undefined;
		});
		return undefined;
	});
	if (consent) return;
	for (const type of new Set(products.flatMap((p) => p.verifications))) {
		if (!provided.get(type)) {
			err(
				'order.verifications.verification',
				`a verification of type ${type} with at least one entry is required for the ordered package(s) when isConsent is false`,
			);
		}
	}
}

function validateEntry(
	type: VerificationType,
	entry: Obj,
	where: string,
	consent: boolean,
	err: (field: string, message: string) => void,
): void {
	// The seed's rental template spells it landLord, its field list and example landlord: accept both.
	const value = (field: string) =>
		type === 'rental' && field === 'landlord' ? (entry.landlord ?? entry.landLord) : entry[field];
	if (!consent) {
		for (const field of VERIFICATIONS[type].required) {
			const v = value(field);
			if (field === 'contactAuthorized') {
				if (typeof v !== 'boolean')
					err(`${where}.${field}`, 'contactAuthorized is required and must be a boolean');
			} else if (MONTH_FIELDS.has(field) || YEAR_FIELDS.has(field) ? !asInt(v) : blank(v)) {
				err(`${where}.${field}`, `${field} is required when isConsent is false`);
			}
		}
	}
	for (const [field, v] of Object.entries(entry)) {
		if (blank(v) || v === 0) continue;
		if (MONTH_FIELDS.has(field)) {
			const n = asInt(v);
			if (n === undefined || n < 0 || n > 12)
				err(`${where}.${field}`, `${field} must be a month number 1-12 (0 for none)`);
		} else if (YEAR_FIELDS.has(field)) {
			const n = asInt(v);
			if (n === undefined || n < 1900 || n > 2100)
				err(`${where}.${field}`, `${field} must be a four-digit year (0 for none)`);
		}
	}
	if (type === 'education') {
		const enums: Array<[string, string[]]> = [
			['schoolType', SCHOOL_TYPES],
			['degree', DEGREES],
			['currentStatus', CURRENT_STATUSES],
		];
		for (const [field, allowed] of enums) {
			if (!blank(entry[field]) && !allowed.includes(String(entry[field])))
				err(`${where}.${field}`, `${field} must be one of ${allowed.join(', ')}`);
		}
	}
}
