import { atsAnywhereApiTest } from './credentialTest';

export const credentialTest = { atsAnywhereApiTest };
