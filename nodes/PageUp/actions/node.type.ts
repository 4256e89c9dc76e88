import type { AllEntities } from '../../shared/router';

/** Every resource of the node and its operations: the router and the descriptions are checked against it. */
export type PageUpMap = {
	backgroundCheck: 'getPending' | 'resetToPending' | 'returnToPending' | 'updateStatus';
};

export type PageUpEntity = AllEntities<PageUpMap>;
