/** Choice Screening's product catalogue as the sandbox models it (the real one is per account and not public). */

export type ApplicantField =
	| 'ssn'
	| 'address'
	| 'city'
	| 'state'
	| 'zipCode'
	| 'driversLicenseNumber'
	| 'email.applicants'
	| 'phone';
export type ItemField = 'stateCode' | 'county';
export type VerificationType =
	| 'education'
	| 'employment'
	| 'professionalreference'
	| 'personalreference'
	| 'license'
	| 'dot'
	| 'rental';

export interface ChoiceProduct {
	productNumber: string;
	name: string;
	/** Applicant fields the product needs when isConsent is false (the seed: "may be required depending on the package"). */
	applicant: ApplicantField[];
	/** Fields needed on the order item itself (state or county searches), consent form or not. */
	item: ItemField[];
	verifications: VerificationType[];
}

export interface ChoicePackage {
	packageNumber: string;
	name: string;
	description: string;
	price: string;
	products: string[];
}

const product = (
	productNumber: string,
	name: string,
	applicant: ApplicantField[] = [],
	item: ItemField[] = [],
	verifications: VerificationType[] = [],
): ChoiceProduct => ({ productNumber, name, applicant, item, verifications });

export const CHOICE_PRODUCTS: ChoiceProduct[] = [
	product('1001', 'National Criminal Database', ['ssn']),
	product('1002', 'Federal Criminal Search', ['ssn']),
	product('1003', 'Statewide Criminal Search', [], ['stateCode']),
	product('1004', 'County Criminal Search', [], ['stateCode', 'county']),
	product('1005', 'Credit Report', ['ssn', 'address', 'city', 'state', 'zipCode']),
	product('1006', 'Motor Vehicle Record', ['driversLicenseNumber'], ['stateCode']),
	product('1007', '10-Panel Drug Screen', [
		'ssn',
		'address',
		'city',
		'state',
		'zipCode',
		'email.applicants',
		'phone',
	]),
	product('1008', 'Eviction Search', [], ['stateCode']),
	product('1101', 'Employment Verification', [], [], ['employment']),
	product('1102', 'Education Verification', [], [], ['education']),
	product('1103', 'Professional Reference', [], [], ['professionalreference']),
	product('1104', 'Personal Reference', [], [], ['personalreference']),
	product('1105', 'Professional License Verification', [], [], ['license']),
	product('1106', 'Rental History Verification', [], [], ['rental']),
	product('1107', 'DOT Employment Verification', [], [], ['dot']),
];

// Package numbers follow the seed's sample orders, one package per product type.
export const CHOICE_PACKAGES: ChoicePackage[] = [
	{
		packageNumber: '101',
		name: 'National/Federal Criminal',
		description: 'National database and federal criminal search',
		price: '24.95',
		products: ['1001', '1002'],
	},
	{
		packageNumber: '102',
		name: 'State Criminal',
		description: 'Statewide criminal search (needs stateCode)',
		price: '19.95',
		products: ['1003'],
	},
	{
		packageNumber: '103',
		name: 'County Criminal',
		description: 'County criminal search (needs stateCode and county)',
		price: '17.50',
		products: ['1004'],
	},
	{
		packageNumber: '104',
		name: 'Credit',
		description: 'Employment credit report',
		price: '14.95',
		products: ['1005'],
	},
	{
		packageNumber: '105',
		name: 'Motor Vehicle',
		description: 'Driving record (needs driversLicenseNumber and stateCode)',
		price: '12.00',
		products: ['1006'],
	},
	{
		packageNumber: '106',
		name: 'Drug Testing',
		description: '10-panel urine drug screen',
		price: '49.00',
		products: ['1007'],
	},
	{
		packageNumber: '107',
		name: 'Eviction',
		description: 'Eviction records search (needs stateCode)',
		price: '9.95',
		products: ['1008'],
	},
	{
		packageNumber: '165',
		name: 'Employment and Education',
		description: 'Employment and education verifications',
		price: '39.95',
		products: ['1101', '1102'],
	},
	{
		packageNumber: '170',
		name: 'References and Licenses',
		description: 'Professional and personal references, professional license',
		price: '44.95',
		products: ['1103', '1104', '1105'],
	},
	{
		packageNumber: '180',
		name: 'Rental History',
		description: 'Rental history verification',
		price: '19.95',
		products: ['1106'],
	},
	{
		packageNumber: '190',
		name: 'DOT Verification',
		description: 'DOT employment history verification',
		price: '29.95',
		products: ['1107'],
	},
];

export function findProducts(type: string, value: string): ChoiceProduct[] | undefined {
	if (type.toLowerCase() === 'package') {
		const pkg = CHOICE_PACKAGES.find((p) => p.packageNumber === value);
		return pkg
			? pkg.products.map((n) => CHOICE_PRODUCTS.find((p) => p.productNumber === n) as ChoiceProduct)
			: undefined;
	}
	if (type.toLowerCase() === 'product') {
		const found = CHOICE_PRODUCTS.find((p) => p.productNumber === value);
		return found ? [found] : undefined;
	}
	return undefined;
}

export function catalogueName(type: string, value: string): string {
	if (type.toLowerCase() === 'package')
		return CHOICE_PACKAGES.find((p) => p.packageNumber === value)?.name ?? value;
	return CHOICE_PRODUCTS.find((p) => p.productNumber === value)?.name ?? value;
}

/** GET /api/v1/packages body. */
export function packageList(): unknown[] {
	return CHOICE_PACKAGES.map((pkg) => {
		const products = pkg.products.map(
			(n) => CHOICE_PRODUCTS.find((p) => p.productNumber === n) as ChoiceProduct,
		);
		const union = <T>(pick: (p: ChoiceProduct) => T[]) => [...new Set(products.flatMap(pick))];
		return {
			packageNumber: pkg.packageNumber,
			name: pkg.name,
			description: pkg.description,
			price: pkg.price,
			products: products.map((p) => ({ productNumber: p.productNumber, name: p.name })),
			requiredApplicantFields: union((p) => p.applicant),
			requiredItemFields: union((p) => p.item),
			verificationTypes: union((p) => p.verifications),
		};
	});
}
