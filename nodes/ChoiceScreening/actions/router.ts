import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeItems, type ResourceOperations } from '../../shared/router';
import type { ChoiceScreeningMap } from './node.type';
import * as order from './order';
import * as packageResource from './package';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resources: ResourceOperations<ChoiceScreeningMap> = { order, package: packageResource };
	return await routeItems.call(this, resources);
}
