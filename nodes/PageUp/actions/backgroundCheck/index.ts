import { defineResource } from '../../../shared/registry';
import * as getPending from './getPending.operation';
import * as resetToPending from './resetToPending.operation';
import * as returnToPending from './returnToPending.operation';
import * as updateStatus from './updateStatus.operation';

export const backgroundCheck = defineResource('backgroundCheck', {
	name: 'Background Check',
	operations: { getPending, updateStatus, resetToPending, returnToPending },
});
