import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeItems, type ResourceOperations } from '../../shared/router';
import type { AtsAnywhereMap } from './node.type';
import * as order from './order';
import * as statusUpdate from './statusUpdate';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resources: ResourceOperations<AtsAnywhereMap> = { order, statusUpdate };
	return await routeItems.call(this, resources);
}
