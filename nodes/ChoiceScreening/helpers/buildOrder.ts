import type { IDataObject } from 'n8n-workflow';

import { DATE_HINT, isObj, parseDate, ssnDigits } from '../../shared/validation';
import { VERIFICATIONS, type FieldSpec } from '../descriptions/model';
import type { OrderOperation, OrderProblem } from './validate';

type Obj = Record<string, unknown>;

/** A trimmed string, or undefined when there is nothing to send. */
function textOf(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = (typeof value === 'string' ? value : String(value)).trim();
	return text === '' ? undefined : text;
}

/** Copies the keys that have something to send; nothing for an all-empty block. */
function compact(entries: Record<string, unknown>): Obj | undefined {
	const result: Obj = {};
	for (const [key, value] of Object.entries(entries)) if (value !== undefined) result[key] = value;
	return Object.keys(result).length ? result : undefined;
}

/** The order id parameter as the number Choice expects (left as text when it is not one, for validation). */
export function orderIdValue(value: unknown): number | string | undefined {
	const text = textOf(value);
	if (text === undefined) return undefined;
	return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** SSN as nine digits when it is one with dashes or spaces; anything else unchanged (validation reports it). */
export function normaliseSsn(value: unknown): string | undefined {
	const text = textOf(value);
	if (!text) return undefined;
	return ssnDigits(text) ?? text;
}

/**
 * Date of birth as `{month, day, year}`, read as written by the shared `parseDate` (YYYY-MM-DD or an ISO
 * date-time's date part, MM/DD/YYYY, MM-DD-YYYY, a date object). Undefined when empty; 'invalid' when it
 * is not a real date.
 */
export function parseDob(
	value: unknown,
): { month: number; day: number; year: number } | 'invalid' | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim()))
		return undefined;
	const date = parseDate(value);
	return date ? { month: date.month, day: date.day, year: date.year } : 'invalid';
}

/** The node's parameters in Define Below mode. */
export interface OrderFieldParameters {
	isConsent: boolean;
	isNotifyOnComplete?: boolean;
	returnUrl?: string;
	trackingId?: string;
	orderId?: unknown;
	firstName?: string;
	lastName?: string;
	dateOfBirth?: unknown;
	ssn?: string;
	applicantFields?: IDataObject;
	items?: { item?: IDataObject[] };
	verifications?: IDataObject;
}

export interface BuiltOrder {
	/** The `order` object (what goes inside `{ "order": ... }`). */
	order?: Obj;
	/** Problems found while building, with paths inside the order. */
	problems: OrderProblem[];
}

function parsePackageProducts(value: unknown): { products?: unknown; invalid?: boolean } {
	if (value === undefined || value === null || value === '') return {};
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			return { invalid: true };
		}
	}
	if (Array.isArray(parsed)) return parsed.length ? { products: { packageProduct: parsed } } : {};
	if (isObj(parsed) && Array.isArray(parsed.packageProduct)) {
		return parsed.packageProduct.length ? { products: parsed } : {};
	}
	return { invalid: true };
}

function buildItem(entry: IDataObject, index: number, problems: OrderProblem[]): Obj {
	const type = textOf(entry.itemType) ?? 'PACKAGE';
	const value = /^package$/i.test(type) ? textOf(entry.packageNumber) : textOf(entry.productNumber);
	const options = (isObj(entry.itemOptions) ? entry.itemOptions : {}) as IDataObject;
	const { products, invalid } = parsePackageProducts(options.packageProducts);
	if (invalid) {
		problems.push({
			path: ['items', 'item', index, 'packageProducts'],
			message: 'must be a JSON list of packageProduct objects',
		});
	}
	const item = compact({
		itemNumber: { type, value: value ?? '' },
		stateCode: textOf(entry.stateCode)?.toUpperCase(),
		county: textOf(entry.county),
		country: textOf(options.country),
		jurisdiction: textOf(options.jurisdiction),
		mvrCode: textOf(options.mvrCode),
		alias: compact({
			firstName: textOf(options.aliasFirstName),
			middleName: textOf(options.aliasMiddleName),
			lastName: textOf(options.aliasLastName),
		}),
		employerId: textOf(options.employerId),
		passportNumber: textOf(options.passportNumber),
		passportCountryCode: textOf(options.passportCountryCode),
		applicantEmail: textOf(options.applicantEmail),
		applicantPhone: textOf(options.applicantPhone),
		packageProducts: products,
	});
	return item as Obj;
}

function fieldValue(field: FieldSpec, value: unknown): unknown {
	switch (field.kind) {
		case 'month':
		case 'year': {
			if (value === undefined || value === null || value === '')
				return field.zeroMeansCurrent ? 0 : undefined;
			const n = typeof value === 'number' ? value : Number(String(value).trim());
			if (Number.isNaN(n)) return value;
			return n === 0 && !field.zeroMeansCurrent ? undefined : n;
		}
		case 'boolean':
			return typeof value === 'boolean' ? value : undefined;
		case 'state':
			return textOf(value)?.toUpperCase();
		default:
			return textOf(value);
	}
}

function buildVerifications(groups: IDataObject | undefined): Obj | undefined {
	if (!groups) return undefined;
	const verification: Obj[] = [];
	for (const spec of VERIFICATIONS) {
		const entries = groups[spec.key];
		if (!Array.isArray(entries) || !entries.length) continue;
		verification.push({
			type: spec.type,
			[spec.key]: entries.map((entry) => {
				const source = (isObj(entry) ? entry : {}) as Obj;
				const built: Obj = {};
				for (const field of spec.fields) {
					const value = fieldValue(field, source[field.name]);
					if (value !== undefined) built[field.name] = value;
				}
				return built;
			}),
		});
	}
	return verification.length ? { verification } : undefined;
}

/** Define Below mode: the order built from parameters, with no key the user left empty. */
export function buildOrderFromFields(
	params: OrderFieldParameters,
	operation: OrderOperation,
): BuiltOrder {
	const problems: OrderProblem[] = [];
	const extra = params.applicantFields ?? {};
	const dob = parseDob(params.dateOfBirth);
	if (dob === 'invalid') {
		problems.push({ path: ['applicant', 'dob'], message: 'is not a date', hint: DATE_HINT });
	}
	const applicantFields = {
		firstName: textOf(params.firstName) ?? '',
		middleName: textOf(extra.middleName),
		lastName: textOf(params.lastName) ?? '',
		dob: dob === 'invalid' ? undefined : dob,
		ssn: normaliseSsn(params.ssn),
		address: textOf(extra.address),
		city: textOf(extra.city),
		state: textOf(extra.state)?.toUpperCase(),
		zipCode: textOf(extra.zipCode),
		driversLicenseNumber: textOf(extra.driversLicenseNumber),
		reference: textOf(extra.reference),
		sex: textOf(extra.sex),
		consent: compact({
			applicantEmail: textOf(extra.consentApplicantEmail),
			companyCopyEmail: textOf(extra.consentCompanyCopyEmail),
			specialInstructions: textOf(extra.consentSpecialInstructions),
		}),
		email: compact({
			applicants: textOf(extra.applicantEmail),
			sendCopyTo: textOf(extra.sendCopyTo),
		}),
		phone: textOf(extra.phone),
	};
	// Add to Order changes only the items of an existing order: an applicant left empty is not sent.
	const emptyApplicant = Object.values(applicantFields).every(
		(value) => value === undefined || value === '',
	);
	const applicant =
		operation === 'addToOrder' && emptyApplicant ? undefined : compact(applicantFields);
	const items = (params.items?.item ?? []).map((entry, index) => buildItem(entry, index, problems));
	const order = compact({
		isNew: operation === 'create',
		id: operation === 'addToOrder' ? orderIdValue(params.orderId) : undefined,
		returnUrl: textOf(params.returnUrl),
		trackingId: textOf(params.trackingId),
		isConsent: params.isConsent === true,
		// Required by the seed's model: always sent, false unless asked for.
		isNotifyOnComplete: params.isNotifyOnComplete === true,
		applicant,
		items: { item: items },
		verifications: buildVerifications(params.verifications),
	});
	return { order, problems };
}

/**
 * Order JSON mode: `{ "order": {...} }` or the bare order, sent as given except that `isNew`,
 * `isNotifyOnComplete` (false) and, for Add to Order, `id` from the Order ID parameter are filled in when missing.
 */
export function buildOrderFromJson(
	raw: unknown,
	operation: OrderOperation,
	orderId?: unknown,
): BuiltOrder {
	let parsed = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			// The parser's message can quote the text (and so personal data): say only where.
			return { problems: [{ path: [], message: 'Order JSON is not valid JSON' }] };
		}
	}
	if (!isObj(parsed)) return { problems: [{ path: [], message: 'Order JSON must be an object' }] };
	const source = isObj(parsed.order) ? parsed.order : parsed;
	const order = JSON.parse(JSON.stringify(source)) as Obj;
	const problems: OrderProblem[] = [];
	if (order.isNew === undefined) order.isNew = operation === 'create';
	if (order.isNotifyOnComplete === undefined) order.isNotifyOnComplete = false;
	if (operation === 'addToOrder') {
		const id = orderIdValue(orderId);
		if (id !== undefined) {
			if (order.id === undefined || order.id === null || order.id === 0) order.id = id;
			else if (String(order.id) !== String(id)) {
				problems.push({ path: ['id'], message: 'differs from the Order ID parameter' });
			}
		}
	}
	return { order, problems };
}
