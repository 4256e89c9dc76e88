import { residentIqApiTest } from './credentialTest';
import { getProducts, getScoringModels } from './loadOptions';

export const credentialTest = { residentIqApiTest };
export const loadOptions = { getProducts, getScoringModels };
