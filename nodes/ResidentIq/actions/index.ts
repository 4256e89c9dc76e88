import { defineNode } from '../../shared/registry';
import { account } from './account';
import { group } from './group';
import { report } from './report';

/** The node's resources and operations: its Resource and Operation dropdowns, and what the router runs. */
export const registry = defineNode([report, group, account], 'report');
