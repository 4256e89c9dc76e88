import type { AllEntities } from '../../shared/router';

/** Every resource of the node and its operations: the router and the descriptions are checked against it. */
export type ResidentIqMap = {
	report: 'create' | 'getAdverseActionLetters' | 'getStatus' | 'setDecision' | 'uploadDocuments';
	group: 'getMembers' | 'link' | 'setDecision' | 'unlink';
	account: 'getProducts' | 'getScoringModels' | 'getStatistics';
};

export type ResidentIqEntity = AllEntities<ResidentIqMap>;
