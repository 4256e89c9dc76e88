import { defineResource } from '../../../shared/registry';
import * as checkSetup from './checkSetup.operation';

export const account = defineResource('account', {
	name: 'Account',
	operations: { checkSetup },
});
