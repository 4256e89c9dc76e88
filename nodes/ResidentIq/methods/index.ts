export { residentIqApiTest } from './credentialTest';
export { getProducts, getScoringModels } from './loadOptions';
