import { catalogueName } from './choice-catalog';
import type { OutboundCall } from './http';

export type ChoiceStatus = 'In Progress' | 'Awaiting Applicant' | 'Complete';

export interface ChoiceOrderItem {
	itemNumber: { type: string; value: string };
	name: string;
	stateCode?: string;
	county?: string;
	status: ChoiceStatus;
	result: string | null;
}

export interface ChoiceOrder {
	id: number;
	trackingId: string;
	status: ChoiceStatus;
	result: string | null;
	isConsent: boolean;
	isNotifyOnComplete: boolean;
	returnUrl: string | null;
	applicant: { firstName: string; middleName: string; lastName: string };
	items: ChoiceOrderItem[];
	verificationTypes: string[];
	createdAt: number;
	completedAt: number | null;
	dueAt: number | null;
	/** Every accepted request body for this order (isNew true, then any isNew false additions). */
	requests: unknown[];
	callbacks: OutboundCall[];
}

/** The items of a validated order request, with the catalogue's names and their starting status. */
export function orderItemsOf(input: Record<string, unknown>): ChoiceOrderItem[] {
	return (
		((input.items as Record<string, unknown>).item as Array<Record<string, unknown>>) ?? []
	).map((item) => {
		const itemNumber = item.itemNumber as Record<string, unknown>;
		const type = String(itemNumber.type);
		const out: ChoiceOrderItem = {
			itemNumber: { type, value: String(itemNumber.value) },
			name: catalogueName(type, String(itemNumber.value)),
			status: input.isConsent ? 'Awaiting Applicant' : 'In Progress',
			result: null,
		};
		if (typeof item.stateCode === 'string' && item.stateCode !== '') out.stateCode = item.stateCode;
		if (typeof item.county === 'string' && item.county !== '') out.county = item.county;
		return out;
	});
}
