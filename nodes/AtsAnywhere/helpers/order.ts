import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import {
	describeIssues,
	isHttpUrl,
	optionalText,
	requiredEmail,
	requiredObject,
	requiredText,
} from '../../shared/validation';
import type { PackageList } from './packages';

/**
 * The order ATS Anywhere POSTs to the provider (seed "Sending the order"). Required: what the
 * provider needs to run and track the check (the IDs, the package, where to send the result, the
 * applicant's name and email, the hiring manager's ID and email, the job ID). Optional: add-ons,
 * hiring_manager_user_id, hiring-manager names and the applicant's phone and address lines.
 * Unknown fields are kept, everywhere.
 */
export const orderSchema = z
	.object({
		account_id: requiredText(),
		hiring_manager_user_id: optionalText(),
		background_check_id: requiredText(),
		package_id: requiredText(),
		add_on_package_ids: z.preprocess(
			(value) => (value === null ? undefined : value),
			z.array(requiredText(), { invalid_type_error: 'must be a list of package IDs' }).optional(),
		),
		webhook_url: requiredText().refine(isHttpUrl, 'must be an absolute http(s) URL'),
		hiring_manager: requiredObject({
			id: requiredText(),
			first_name: optionalText(),
			last_name: optionalText(),
			email: requiredEmail(),
		}),
		applicant: requiredObject({
			id: requiredText(),
			first_name: requiredText(),
			last_name: requiredText(),
			phone: optionalText(),
			email: requiredEmail(),
			address: optionalText(),
			address_2: optionalText(),
			city: optionalText(),
			state: optionalText(),
			zip: optionalText(),
		}),
		job: requiredObject({ id: requiredText() }),
	})
	.passthrough();

export type Order = z.infer<typeof orderSchema> & IDataObject;

export type OrderCheck = { ok: true; order: Order } | { ok: false; problems: string[] };

function idText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}

/**
 * Accepted orders are remembered in the workflow's global static data (the ledger, nodes/shared/ledger.ts), so both
 * the trigger (which answers retries) and the "Order: Answer" operation see them. Only ids and the answer are stored.
 */
export const ACCEPTED_ORDERS = { key: 'atsAnywhereAcceptedOrders', limit: 500 } as const;

/** Account and background check together: two client accounts may reuse an ATS ID. */
export function orderKey(accountId: string, backgroundCheckId: string): string {
	return JSON.stringify([accountId, backgroundCheckId]);
}

/** The background_check_id of a body that may not be a valid order (for duplicate detection). */
export function backgroundCheckIdOf(body: unknown): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	return idText((body as IDataObject).background_check_id);
}

/**
 * Checks an order: its shape, that the package and add-ons are ones this provider offers, and
 * (when asked) that account_id is the account the request authenticated as. Every problem is
 * reported, not just the first.
 */
export function checkOrder(
	body: unknown,
	offered: PackageList,
	options: {
		authenticatedAccountId?: string;
		/** What this account may order (its restricted view of `offered`); default: all of it. */
		accountView?: PackageList;
	} = {},
): OrderCheck {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return { ok: false, problems: ['the order must be a JSON object'] };
	}
	const raw = body as IDataObject;
	const parsed = orderSchema.safeParse(raw);
	const problems = parsed.success ? [] : describeIssues(parsed.error);

	const packageIds = new Set(offered.packages.map((entry) => entry.id));
	const addOnIds = new Set(offered.add_on_packages.map((entry) => entry.id));
	const view = options.accountView ?? offered;
	const viewPackageIds = new Set(view.packages.map((entry) => entry.id));
	const viewAddOnIds = new Set(view.add_on_packages.map((entry) => entry.id));
	const packageId = idText(raw.package_id);
	if (packageId !== undefined && !packageIds.has(packageId)) {
		problems.push(`package_id "${packageId}" is not a package this provider offers`);
	} else if (packageId !== undefined && !viewPackageIds.has(packageId)) {
		problems.push(`package_id "${packageId}" is not a package this account may order`);
	}
	if (Array.isArray(raw.add_on_package_ids)) {
		raw.add_on_package_ids.forEach((value) => {
			const addOnId = idText(value);
			if (addOnId !== undefined && !addOnIds.has(addOnId)) {
				problems.push(`add_on_package_ids: "${addOnId}" is not an add-on this provider offers`);
			} else if (addOnId !== undefined && !viewAddOnIds.has(addOnId)) {
				problems.push(`add_on_package_ids: "${addOnId}" is not an add-on this account may order`);
			}
		});
	}
	const accountId = idText(raw.account_id);
	if (
		options.authenticatedAccountId !== undefined &&
		accountId !== undefined &&
		accountId !== options.authenticatedAccountId
	) {
		problems.push('account_id does not match the account this request authenticated as');
	}

	if (!parsed.success || problems.length > 0) return { ok: false, problems };
	return { ok: true, order: parsed.data as Order };
}
