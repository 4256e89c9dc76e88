import { choiceScreeningApiTest } from './credentialTest';
import { getPackages } from './loadOptions';

export const credentialTest = { choiceScreeningApiTest };
export const loadOptions = { getPackages };
