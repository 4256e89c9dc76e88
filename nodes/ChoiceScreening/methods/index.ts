import { inboundCredentialTest } from '../../shared/webhook';
import { choiceScreeningApiTest } from './credentialTest';
import { getPackages } from './loadOptions';

export const credentialTest = { choiceScreeningApiTest };
export const loadOptions = { getPackages };

/** The Choice Screening Trigger's: the API credential's test and the callback credential's completeness. */
export const triggerCredentialTest = {
	choiceScreeningApiTest,
	choiceScreeningCallbackApiTest: inboundCredentialTest(
		[
			['user', 'password'],
			['headerName', 'headerSecret'],
		],
		'Fill in a user and password (Basic Auth) or a header name and value (Header Auth)',
	),
};
