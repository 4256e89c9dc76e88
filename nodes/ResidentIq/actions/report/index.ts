import { defineResource } from '../../../shared/registry';
import * as create from './create.operation';
import * as getAdverseActionLetters from './getAdverseActionLetters.operation';
import * as getStatus from './getStatus.operation';
import * as setDecision from './setDecision.operation';
import * as uploadDocuments from './uploadDocuments.operation';

export const report = defineResource('report', {
	name: 'Report',
	operations: { create, getAdverseActionLetters, getStatus, setDecision, uploadDocuments },
});
