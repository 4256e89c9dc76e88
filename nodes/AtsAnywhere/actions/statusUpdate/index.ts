import { defineResource } from '../../../shared/registry';
import * as send from './send.operation';

export const statusUpdate = defineResource('statusUpdate', {
	name: 'Status Update',
	operations: { send },
});
