import { defineResource } from '../../../shared/registry';
import * as checkSetup from './checkSetup.operation';
import * as getProducts from './getProducts.operation';
import * as getScoringModels from './getScoringModels.operation';
import * as getStatistics from './getStatistics.operation';

export const account = defineResource('account', {
	name: 'Account',
	default: 'getProducts',
	operations: { getProducts, getScoringModels, getStatistics, checkSetup },
});
