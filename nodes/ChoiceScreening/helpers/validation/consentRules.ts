import { DateTime } from 'luxon';
import { z } from 'zod';

import { isEmail, isHttpUrl, isObj, readDateOfBirth } from '../../../shared/validation';
import { VERIFICATION_BY_TYPE, VERIFICATIONS, type FieldSpec } from '../../descriptions/model';
import { blank, STATE } from './schema';

/** The order rules that span fields: the operation, the consent form's required fields, real dates. */

export type OrderOperation = 'create' | 'addToOrder';

type Obj = Record<string, unknown>;

/** Month 1-12 / four-digit year, as a number or a numeric string (the seed's rental template uses strings). */
function numberOf(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
	return undefined;
}

function checkEntry(
	type: string,
	entry: unknown,
	path: Array<string | number>,
	consent: boolean,
	ctx: z.RefinementCtx,
) {
	const spec = VERIFICATION_BY_TYPE.get(type);
	if (!spec) return;
	const problem = (field: string, message: string) =>
		ctx.addIssue({ code: 'custom', path: [...path, field], message });
	if (!isObj(entry)) {
		ctx.addIssue({ code: 'custom', path, message: 'must be an object' });
		return;
	}
	const valueOf = (field: string) =>
		type === 'rental' && field === 'landlord' ? (entry.landlord ?? entry.landLord) : entry[field];
	const fields = new Map<string, FieldSpec>(spec.fields.map((field) => [field.name, field]));
	if (!consent) {
		for (const name of spec.required) {
			const value = valueOf(name);
			const kind = fields.get(name)?.kind;
			// Only absence here; a present value of the wrong shape is reported once, below.
			const missing =
				blank(value) || ((kind === 'month' || kind === 'year') && numberOf(value) === 0);
			if (missing) {
				problem(
					name,
					kind === 'boolean'
						? 'is required (true or false) when the order does not use the consent form'
						: 'is required when the order does not use the consent form',
				);
			}
		}
	}
	for (const field of spec.fields) {
		const value = entry[field.name];
		if (blank(value)) continue;
		const n = numberOf(value);
		switch (field.kind) {
			case 'month':
				if (n === undefined || n < 0 || n > 12)
					problem(field.name, 'must be a month number from 1 to 12');
				break;
			case 'year':
				if (n === undefined || (n !== 0 && (n < 1900 || n > 2100)))
					problem(field.name, 'must be a four-digit year');
				break;
			case 'boolean':
				if (typeof value !== 'boolean') problem(field.name, 'must be true or false');
				break;
			case 'email':
				if (typeof value !== 'string' || !isEmail(value.trim()))
					problem(field.name, 'must be an email address');
				break;
			case 'state':
				if (typeof value !== 'string' || !STATE.test(value.trim()))
					problem(field.name, 'must be a two-letter state code');
				break;
			case 'options':
				if (!field.options?.includes(String(value))) {
					problem(field.name, `must be one of: ${(field.options ?? []).join(', ')}`);
				}
				break;
			default:
				if (typeof value !== 'string' && typeof value !== 'number')
					problem(field.name, 'must be text');
		}
	}
}

function checkDob(dob: unknown, ctx: z.RefinementCtx) {
	if (!isObj(dob)) return;
	const { month, day, year } = dob as {
		month: unknown;
		day: unknown;
		year: unknown;
	};
	if (typeof month !== 'number' || typeof day !== 'number' || typeof year !== 'number') return;
	const read = readDateOfBirth(DateTime.fromObject({ year, month, day }, { zone: 'utc' }));
	if ('problem' in read) {
		const { message, hint } = read.problem;
		ctx.addIssue({
			code: 'custom',
			path: ['applicant', 'dob'],
			message,
			params: hint ? { description: hint } : undefined,
		});
	}
}

function checkVerifications(order: Obj, consent: boolean, ctx: z.RefinementCtx) {
	const list = isObj(order.verifications) ? order.verifications.verification : undefined;
	if (!Array.isArray(list)) return;
	list.forEach((verification, i) => {
		if (!isObj(verification)) return;
		const spec = VERIFICATION_BY_TYPE.get(String(verification.type));
		if (!spec) return;
		const at = ['verifications', 'verification', i];
		const entries = verification[spec.key];
		if (Array.isArray(entries) && entries.length) {
			entries.forEach((entry, j) =>
				checkEntry(spec.type, entry, [...at, spec.key, j], consent, ctx),
			);
		} else if (!consent) {
			ctx.addIssue({
				code: 'custom',
				path: [...at, spec.key],
				message: `needs at least one entry for type ${spec.type} when the order does not use the consent form`,
			});
		}
		for (const other of VERIFICATIONS) {
			const stray = verification[other.key];
			if (other !== spec && Array.isArray(stray) && stray.length) {
				ctx.addIssue({
					code: 'custom',
					path: [...at, other.key],
					message: `is not read for type ${spec.type}: put it in its own verification with type ${other.type}`,
				});
			}
		}
	});
}

/**
 * The rules that span fields (operation, consent form, real dates). A separate schema over the raw value,
 * so they run even when the shape has problems (zod skips refinements of an object that failed to parse),
 * and one error can list everything.
 */
export function orderRules(operation: OrderOperation) {
	return z.unknown().superRefine((value, ctx) => {
		if (!isObj(value)) return;
		const order = value;
		if (operation === 'create' && order.isNew === false) {
			ctx.addIssue({
				code: 'custom',
				path: ['isNew'],
				message: 'must be true for Create (use Add to Order to add to an existing order)',
			});
		}
		if (operation === 'addToOrder') {
			if (order.isNew === true) {
				ctx.addIssue({
					code: 'custom',
					path: ['isNew'],
					message: 'must be false for Add to Order',
				});
			}
			const id = order.id;
			if (blank(id) || id === 0) {
				ctx.addIssue({
					code: 'custom',
					path: ['id'],
					message: 'is required for Add to Order: the number of the existing order',
				});
			} else if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
				ctx.addIssue({
					code: 'custom',
					path: ['id'],
					message: 'must be a positive whole number',
				});
			}
		}
		if (typeof order.returnUrl === 'string' && !blank(order.returnUrl)) {
			const ok = isHttpUrl(order.returnUrl.trim());
			if (!ok)
				ctx.addIssue({
					code: 'custom',
					path: ['returnUrl'],
					message: 'must be an absolute http(s) URL',
				});
		}
		checkDob(isObj(order.applicant) ? order.applicant.dob : undefined, ctx);
		checkVerifications(order, order.isConsent === true, ctx);
	});
}
