import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeItems, type ResourceOperations } from '../../shared/router';
import type { ResidentIqMap } from './node.type';
import * as account from './account';
import * as group from './group';
import * as report from './report';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resources: ResourceOperations<ResidentIqMap> = { report, group, account };
	return await routeItems.call(this, resources);
}
