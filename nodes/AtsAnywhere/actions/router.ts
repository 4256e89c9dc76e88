import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeItems, type ResourceOperations } from '../../shared/router';
import * as account from './account';
import type { AtsAnywhereMap } from './node.type';
import * as order from './order';
import * as statusUpdate from './statusUpdate';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resources: ResourceOperations<AtsAnywhereMap> = { account, order, statusUpdate };
	return await routeItems.call(this, resources);
}
