import { pageUpApiTest } from './credentialTest';

export const credentialTest = { pageUpApiTest };
