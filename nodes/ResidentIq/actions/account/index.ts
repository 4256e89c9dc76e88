import { defineResource } from '../../../shared/registry';
import * as getProducts from './getProducts.operation';
import * as getScoringModels from './getScoringModels.operation';
import * as getStatistics from './getStatistics.operation';

export const account = defineResource('account', {
	name: 'Account',
	operations: { getProducts, getScoringModels, getStatistics },
});
