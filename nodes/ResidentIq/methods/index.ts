import { inboundCredentialTest } from '../../shared/webhook';
import { residentIqApiTest } from './credentialTest';
import { getProducts, getScoringModels } from './loadOptions';

export const credentialTest = {
	residentIqApiTest,
	/** Nothing at RIQ can check the postback pair: the test says whether both are filled in. */
	residentIqPostbackApiTest: inboundCredentialTest(
		[['user', 'password']],
		'Fill in both the postback user ID and password',
	),
};
export const loadOptions = { getProducts, getScoringModels };
