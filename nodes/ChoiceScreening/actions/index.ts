import { defineNode } from '../../shared/registry';
import { account } from './account';
import { order } from './order';
import { packageResource } from './package';

/** The node's resources and operations: its Resource and Operation dropdowns, and what the router runs. */
export const registry = defineNode([order, packageResource, account], 'order');
