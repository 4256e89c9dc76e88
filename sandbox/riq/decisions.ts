import { DateTime } from 'luxon';

import type { SandboxEnv } from '../context';
import { minimalPdf } from '../pdf';
import { attr, text } from '../xml';
import {
	DECISION_TEXT,
	RIQ_DECISIONS,
	RIQ_ERRORS,
	RiqError,
	type RiqDecision,
	type RiqOrder,
} from './state';
import type { RiqCall } from './xml';

/** The PropertyDecision of a decision call (action="decision"). */
export function decisionOf(call: RiqCall, referenceId?: string): RiqDecision {
	const action = attr(call.pkg, 'action');
	if (action !== 'decision')
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			'The BackgroundSearchPackage action must be "decision"',
			referenceId,
		);
	const decision = text(call.pkg, 'PropertyDecision') ?? '';
	if (!(RIQ_DECISIONS as readonly string[]).includes(decision)) {
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			`PropertyDecision must be one of ${RIQ_DECISIONS.join(', ')}`,
			referenceId,
		);
	}
	return decision as RiqDecision;
}

export function recordDecision(env: SandboxEnv, order: RiqOrder, decision: RiqDecision): void {
	order.propertyDecision = decision;
	// STP generates the adverse-action letter from an adverse property decision.
	if (decision !== 'Accept') order.letters.push(adverseActionLetter(env, order, decision));
}

function adverseActionLetter(
	env: SandboxEnv,
	order: RiqOrder,
	decision: RiqDecision,
): { name: string; content: string } {
	const date = DateTime.fromMillis(env.clock.now(), { zone: 'utc' }).toFormat('MM-dd-yyyy');
	const pdf = minimalPdf([
		'ResidentIQ Sandbox - Adverse Action Notice',
		`Date: ${date}`,
		`Applicant: ${order.applicant.givenName} ${order.applicant.familyName}`,
		`Report number: ${order.orderId}`,
		`Property decision: ${decision}`,
		DECISION_TEXT[decision],
		'You have the right to a free copy of your report and to dispute its accuracy.',
	]);
	return {
		name: `AAL_${order.orderId}_${order.letters.length + 1}.pdf`,
		content: pdf.toString('base64'),
	};
}
