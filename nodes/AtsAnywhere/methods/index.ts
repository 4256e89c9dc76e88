export { atsAnywhereApiTest, credentialProblems } from './credentialTest';
