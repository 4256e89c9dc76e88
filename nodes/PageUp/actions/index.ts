import { defineNode } from '../../shared/registry';
import { account } from './account';
import { backgroundCheck } from './backgroundCheck';

/** The node's resources and operations: its Resource and Operation dropdowns, and what the router runs. */
export const registry = defineNode([backgroundCheck, account], 'backgroundCheck');
