import type { AllEntities } from '../../shared/router';

/** Every resource of the node and its operations: the router and the descriptions are checked against it. */
export type ChoiceScreeningMap = {
	order: 'addToOrder' | 'create' | 'getReport' | 'getStatus';
	package: 'getAll';
};

export type ChoiceScreeningEntity = AllEntities<ChoiceScreeningMap>;
