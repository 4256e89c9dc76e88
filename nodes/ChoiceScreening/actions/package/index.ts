import { defineResource } from '../../../shared/registry';
import * as getAll from './getAll.operation';

export const packageResource = defineResource('package', {
	name: 'Package',
	operations: { getAll },
});
