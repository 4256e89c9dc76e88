import { z } from 'zod';

/** What the sandbox ATS accepts on its admin API, and how it reads a provider's package list (seed 001). */

const clientAccountSchema = z
	.object({ accountId: z.string().min(1), apiSecret: z.string().min(1) })
	.strict();

export const providerConfigSchema = z
	.object({
		packagesUrl: z.string().url().optional(),
		ordersUrl: z.string().url().optional(),
		/** With apiSecret: the default account (the first); alone, apiSecret changes the default account's secret. */
		accountId: z.string().min(1).optional(),
		apiSecret: z.string().min(1).optional(),
		/** Replaces the client accounts (the first is the default). */
		accounts: z.array(clientAccountSchema).min(1).optional(),
		/** Adds or updates client accounts (e.g. pairs the provider's onboarding returned). */
		addAccounts: z.array(clientAccountSchema).optional(),
	})
	.strict();

export const fetchPackagesSchema = z.object({ account_id: z.string().min(1).optional() }).strict();

const personSchema = z.record(z.string(), z.string());

export const placeOrderSchema = z
	.object({
		package_id: z.string().min(1).optional(),
		add_on_package_ids: z.array(z.string()).optional(),
		hiring_manager_user_id: z.string().optional(),
		hiring_manager: personSchema.optional(),
		applicant: personSchema.optional(),
		job: personSchema.optional(),
		/** Override the generated id (e.g. to test a provider's duplicate handling). */
		background_check_id: z.string().min(1).optional(),
		/** Which client account orders (default: the first); its credentials sign the call. */
		account_id: z.string().min(1).optional(),
	})
	.strict();
export type PlaceOrderInput = z.infer<typeof placeOrderSchema>;

export const concurrentOrdersSchema = placeOrderSchema
	.extend({ count: z.number().int().min(2).max(20).optional() })
	.strict();

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** Checks a package-list answer against the seed (packages with ID/Name/optional Price, Description, Screenings; add-ons). */
export function packageListProblems(body: unknown): string[] {
	const problems: string[] = [];
	if (!isRecord(body)) return ['the answer is not a JSON object'];
	if (!Array.isArray(body.packages)) problems.push('packages must be an array');
	else {
		body.packages.forEach((pkg: unknown, i: number) => {
			if (!isRecord(pkg)) return problems.push(`packages[${i}] must be an object`);
			if (typeof pkg.id !== 'string' && typeof pkg.id !== 'number')
				problems.push(`packages[${i}].id is required`);
			if (typeof pkg.name !== 'string' || pkg.name === '')
				problems.push(`packages[${i}].name is required`);
			if (pkg.price !== undefined && !DECIMAL.test(String(pkg.price)))
				problems.push(`packages[${i}].price must be a decimal`);
			if (pkg.description !== undefined && typeof pkg.description !== 'string')
				problems.push(`packages[${i}].description must be a string`);
			if (
				pkg.screenings !== undefined &&
				(!Array.isArray(pkg.screenings) || pkg.screenings.some((s) => typeof s !== 'string'))
			) {
				problems.push(`packages[${i}].screenings must be a list of strings`);
			}
			return undefined;
		});
	}
	if (body.add_on_packages !== undefined) {
		if (!Array.isArray(body.add_on_packages)) problems.push('add_on_packages must be an array');
		else {
			body.add_on_packages.forEach((pkg: unknown, i: number) => {
				if (!isRecord(pkg)) return problems.push(`add_on_packages[${i}] must be an object`);
				if (typeof pkg.id !== 'string' && typeof pkg.id !== 'number')
					problems.push(`add_on_packages[${i}].id is required`);
				if (typeof pkg.name !== 'string' || pkg.name === '')
					problems.push(`add_on_packages[${i}].name is required`);
				if (!DECIMAL.test(String(pkg.price ?? '')))
					problems.push(`add_on_packages[${i}].price is required and must be a decimal`);
				if (typeof pkg.description !== 'string')
					problems.push(`add_on_packages[${i}].description is required`);
				return undefined;
			});
		}
	}
	return problems;
}
