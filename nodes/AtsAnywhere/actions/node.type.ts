import type { AllEntities } from '../../shared/router';

/** Every resource of the node and its operations: the router and the descriptions are checked against it. */
export type AtsAnywhereMap = {
	account: 'createCredentials';
	order: 'answer';
	statusUpdate: 'send';
};

export type AtsAnywhereEntity = AllEntities<AtsAnywhereMap>;
