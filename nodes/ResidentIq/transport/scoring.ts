import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import { scoringModels } from '../helpers/mapping';
import { riqRequest } from './index';
import { rootElement } from './xml';

/** The scoring models request: an empty package under BackgroundReports, as in RIQ's sample. */
export const SCORING_MODELS_REQUEST = { BackgroundSearchPackage: '' };

/** The location's alternative scoring models (RIQ always lists at least "default"). */
export async function listScoringModels(
	this: RequestContext,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const { doc, packages } = await riqRequest.call(this, {
		route: 'scoringModels',
		root: 'BackgroundReports',
		content: SCORING_MODELS_REQUEST,
		itemIndex,
	});
	return scoringModels([...packages, rootElement(doc)?.node]);
}
