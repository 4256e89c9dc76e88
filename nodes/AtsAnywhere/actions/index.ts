import { defineNode } from '../../shared/registry';
import { account } from './account';
import { order } from './order';
import { statusUpdate } from './statusUpdate';

/** The node's resources and operations: its Resource and Operation dropdowns, and what the router runs. */
export const registry = defineNode([account, order, statusUpdate], 'statusUpdate');
