import { defineResource } from '../../../shared/registry';
import * as addToOrder from './addToOrder.operation';
import * as create from './create.operation';
import * as getReport from './getReport.operation';
import * as getStatus from './getStatus.operation';

export const order = defineResource('order', {
	name: 'Order',
	default: 'create',
	operations: { create, addToOrder, getStatus, getReport },
});
