import type { IDataObject } from 'n8n-workflow';

/** The package-list answer (seed "Getting available background check packages"). */
export interface OfferedPackage {
	id: string;
	name: string;
	/** Decimal as text, e.g. "29.99" (optional for packages). */
	price?: string;
	description?: string;
	screenings?: string[];
}

export interface OfferedAddOn {
	id: string;
	name: string;
	price: string;
	description: string;
}

export interface PackageList {
	packages: OfferedPackage[];
	add_on_packages: OfferedAddOn[];
}

export type PackageListCheck = { ok: true; list: PackageList } | { ok: false; problems: string[] };

const DECIMAL = /^\d+(\.\d+)?$/;

function text(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

/** Screenings are typed one per line; a list (e.g. from an expression) is accepted too. */
function lines(value: unknown): string[] {
	const entries = Array.isArray(value) ? value.map(text) : text(value).split(/\r?\n/);
	return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function entriesOf(collection: unknown, key: string): IDataObject[] {
	if (!collection || typeof collection !== 'object') return [];
	const entries = (collection as IDataObject)[key];
	return Array.isArray(entries) ? (entries as IDataObject[]) : [];
}

/**
 * Builds the answer from the node's Packages and Add-On Packages parameters. Optional fields the
 * user left empty are omitted; prices stay exactly as typed (decimal text, as the seed shows).
 */
export function buildPackageList(
	packagesParameter: unknown,
	addOnsParameter: unknown,
): PackageListCheck {
	const problems: string[] = [];
	const packages: OfferedPackage[] = [];
	const addOns: OfferedAddOn[] = [];
	const seen = new Set<string>();

	entriesOf(packagesParameter, 'package').forEach((entry, index) => {
		const label = `Package ${index + 1}`;
		const id = text(entry.id);
		const name = text(entry.name);
		const price = text(entry.price);
		const description = text(entry.description);
		const screenings = lines(entry.screenings);
		if (!id) problems.push(`${label}: ID is required`);
		if (!name) problems.push(`${label}: Name is required`);
		if (price && !DECIMAL.test(price))
			problems.push(`${label}: Price must be a decimal such as 29.99`);
		if (id && seen.has(id)) problems.push(`${label}: ID "${id}" is used twice`);
		if (id) seen.add(id);
		const offered: OfferedPackage = { id, name };
		if (price) offered.price = price;
		if (description) offered.description = description;
		if (screenings.length) offered.screenings = screenings;
		packages.push(offered);
	});

	const seenAddOns = new Set<string>();
	entriesOf(addOnsParameter, 'addOnPackage').forEach((entry, index) => {
		const label = `Add-on package ${index + 1}`;
		const id = text(entry.id);
		const name = text(entry.name);
		const price = text(entry.price);
		const description = text(entry.description);
		if (!id) problems.push(`${label}: ID is required`);
		if (!name) problems.push(`${label}: Name is required`);
		if (!price) problems.push(`${label}: Price is required for add-on packages`);
		else if (!DECIMAL.test(price)) problems.push(`${label}: Price must be a decimal such as 29.99`);
		if (!description) problems.push(`${label}: Description is required for add-on packages`);
		if (id && seenAddOns.has(id)) problems.push(`${label}: ID "${id}" is used twice`);
		if (id) seenAddOns.add(id);
		addOns.push({ id, name, price, description });
	});

	if (packages.length === 0) problems.push('Add at least one package');
	if (problems.length) return { ok: false, problems };
	return { ok: true, list: { packages, add_on_packages: addOns } };
}

/** Which package and add-on ids one client account may see and order. */
export interface AccountRestriction {
	packageIds: string[];
	addOnPackageIds: string[];
}

function idList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value.map(text) : text(value).split(/[\r\n,]+/);
	return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/**
 * The trigger's "Package Access per Account" parameter as restrictions by account id, with every
 * problem named (an unknown package id or an account listed twice refuses activation).
 */
export function buildRestrictions(
	parameter: unknown,
	offered: PackageList,
): { restrictions: Map<string, AccountRestriction>; problems: string[] } {
	const restrictions = new Map<string, AccountRestriction>();
	const problems: string[] = [];
	const packageIds = new Set(offered.packages.map((entry) => entry.id));
	const addOnIds = new Set(offered.add_on_packages.map((entry) => entry.id));
	entriesOf(parameter, 'account').forEach((entry, index) => {
		const label = `Package access ${index + 1}`;
		const accountId = text(entry.accountId);
		const restriction = {
			packageIds: idList(entry.packageIds),
			addOnPackageIds: idList(entry.addOnPackageIds),
		};
		if (!accountId) problems.push(`${label}: Account ID is required`);
		else if (restrictions.has(accountId))
			problems.push(`${label}: account "${accountId}" is listed twice`);
		restriction.packageIds
			.filter((id) => !packageIds.has(id))
			.forEach((id) => problems.push(`${label}: "${id}" is not one of the packages`));
		restriction.addOnPackageIds
			.filter((id) => !addOnIds.has(id))
			.forEach((id) => problems.push(`${label}: "${id}" is not one of the add-on packages`));
		if (accountId) restrictions.set(accountId, restriction);
	});
	return { restrictions, problems };
}

/** The list one account sees: all of it when the account has no restriction. */
export function packageViewFor(
	offered: PackageList,
	restriction: AccountRestriction | undefined,
): PackageList {
	if (!restriction) return offered;
	const packages = new Set(restriction.packageIds);
	const addOns = new Set(restriction.addOnPackageIds);
	return {
		packages: offered.packages.filter((entry) => packages.has(entry.id)),
		add_on_packages: offered.add_on_packages.filter((entry) => addOns.has(entry.id)),
	};
}
