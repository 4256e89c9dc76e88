import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeItems, type ResourceOperations } from '../../shared/router';
import type { PageUpMap } from './node.type';
import * as backgroundCheck from './backgroundCheck';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resources: ResourceOperations<PageUpMap> = { backgroundCheck };
	return await routeItems.call(this, resources);
}
