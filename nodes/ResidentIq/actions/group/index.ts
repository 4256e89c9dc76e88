import { defineResource } from '../../../shared/registry';
import * as getMembers from './getMembers.operation';
import * as link from './link.operation';
import * as setDecision from './setDecision.operation';
import * as unlink from './unlink.operation';

export const group = defineResource('group', {
	name: 'Group',
	default: 'link',
	operations: { getMembers, link, setDecision, unlink },
});
