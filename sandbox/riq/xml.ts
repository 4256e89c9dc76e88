import type { XmlNode } from '../xml';
import { attr, child, list, text } from '../xml';
import { DECISION_TEXT, type RiqError, type RiqOrder, type RiqState } from './state';

/** One authenticated Partner API request: its root, its BackgroundSearchPackage and the location. */
export interface RiqCall {
	rootNode: XmlNode;
	pkg: XmlNode | undefined;
	userId: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
export function isBase64(value: string | undefined): boolean {
	if (!value) return false;
	const compact = value.replace(/\s+/g, '');
	return compact.length % 4 === 0 && BASE64.test(compact);
}

/** AdditionalItems may sit in the package, in Screenings (sample payload) or at the root (link/unlink samples). */
export function additionalItems(call: RiqCall): Array<{ type: string; text: string }> {
	const holders = [call.pkg, child(call.pkg, 'Screenings'), call.rootNode];
	return holders.flatMap((holder) =>
		list(holder, 'AdditionalItems').map((item) => ({
			type: attr(item, 'type') ?? '',
			text: text(item, 'Text') ?? '',
		})),
	);
}

/** RIQ's standard error response: the package names no report, only the partner's reference. */
export function errorPackage(error: RiqError, referenceId: string | undefined): XmlNode {
	return {
		BackgroundReportPackage: {
			ReferenceId: error.referenceId ?? referenceId ?? '',
			ScreeningStatus: { OrderStatus: 'x:error' },
			ErrorReport: { ErrorCode: String(error.code), ErrorDescription: error.message },
		},
	};
}

/** A report's status package; a report in error state names itself and carries its ErrorReport. */
export function statusPackage(
	state: RiqState,
	order: RiqOrder,
	reportType: 'full' | 'decision',
): XmlNode {
	if (order.status === 'error' && order.error) {
		return {
			ReferenceId: order.referenceId,
			OrderId: order.orderId,
			ScreeningStatus: { OrderStatus: 'x:error' },
			ErrorReport: { ErrorCode: order.error.code, ErrorDescription: order.error.description },
		};
	}
	const screening: XmlNode = { OrderStatus: `x:${order.status}` };
	const decision = state.groupDecision(order);
	if (order.status === 'ready' && decision) {
		screening.OrderDecision = decision;
		screening.OrderDecisionDescription = DECISION_TEXT[decision];
	}
	const pkg: XmlNode = {
		ReferenceId: order.referenceId,
		OrderId: order.orderId,
		ScreeningStatus: screening,
	};
	if (order.status === 'ready' && reportType === 'full') pkg.ReportURL = state.mintReportUrl(order);
	return pkg;
}
