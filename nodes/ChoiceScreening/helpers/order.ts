import type { IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import { connectionCodeOf, inputError, invalidInputError } from '../../shared/errors';
import { isNeverConnected } from '../../shared/http';
import { describeProblems, mergeProblems } from '../../shared/validation';
import { VENDOR } from '../transport';
import { buildOrderFromFields, buildOrderFromJson, type BuiltOrder } from './buildOrder';
import { validateOrder, type OrderOperation } from './validate';

export { asJson } from './response';

/** The order as the node's parameters describe it (Define Below or Order JSON). */
function orderFromParameters(
	this: IExecuteFunctions,
	itemIndex: number,
	operation: OrderOperation,
): BuiltOrder {
	const mode = this.getNodeParameter('orderInput', itemIndex, 'fields') as string;
	const orderId =
		operation === 'addToOrder' ? this.getNodeParameter('orderId', itemIndex, '') : undefined;
	if (mode === 'json') {
		return buildOrderFromJson(this.getNodeParameter('orderJson', itemIndex), operation, orderId);
	}
	const param = <T>(name: string, fallback: T) =>
		this.getNodeParameter(name, itemIndex, fallback) as T;
	return buildOrderFromFields(
		{
			isConsent: param('isConsent', false),
			isNotifyOnComplete: param('isNotifyOnComplete', false),
			returnUrl: param('returnUrl', ''),
			trackingId: param('trackingId', ''),
			orderId,
			firstName: param('firstName', ''),
			lastName: param('lastName', ''),
			dateOfBirth: param<unknown>('dateOfBirth', ''),
			ssn: param('ssn', ''),
			applicantFields: param('applicantFields', {}),
			items: param('items', {}),
			verifications: param('verifications', {}),
		},
		operation,
	);
}

/** The order to send, validated: nothing is sent when it has a problem (every problem is named, never a value). */
export function validOrder(
	this: IExecuteFunctions,
	itemIndex: number,
	operation: OrderOperation,
): Record<string, unknown> {
	const built = orderFromParameters.call(this, itemIndex, operation);
	const problems = mergeProblems(
		built.problems,
		built.order ? validateOrder(built.order, operation) : [],
	);
	if (problems.length || !built.order) {
		const count = describeProblems(problems).length;
		throw invalidInputError(this.getNode(), problems, {
			itemIndex,
			vendor: VENDOR,
			headline: `The order is not valid (${count} problem${count === 1 ? '' : 's'})`,
		});
	}
	return built.order;
}

/**
 * What went wrong when the order POST failed. `unknown`: the request may have reached Choice (connection
 * lost, timeout, 5xx), so the order may exist. `notSent`: it provably did not. `rejected`: Choice answered
 * with a 4xx, so nothing was created.
 */
export function classifyOrderFailure(error: unknown): 'unknown' | 'notSent' | 'rejected' {
	const httpCode = Number((error as NodeApiError)?.httpCode);
	if (Number.isInteger(httpCode) && httpCode > 0) {
		return httpCode >= 500 && httpCode !== 501 ? 'unknown' : 'rejected';
	}
	return isNeverConnected(connectionCodeOf(error)) ? 'notSent' : 'unknown';
}

/** The order number parameter, checked (digits only). */
export function orderNumberParameter(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('orderId', itemIndex, '') as unknown;
	const text = (typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '').trim();
	if (!/^\d+$/.test(text) || Number(text) <= 0) {
		throw inputError(
			this.getNode(),
			text ? 'Order ID must be the Choice order number (digits only)' : 'Order ID is required',
			itemIndex,
		);
	}
	return text;
}
