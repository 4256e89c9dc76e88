import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { withCredentialAttributes } from '../nodes/ResidentIq/transport/xml';

/**
 * ResidentIQ Partner API client-location credentials. RIQ has no header authentication: the user
 * name and password travel as attributes of the request XML's root element, added here so node
 * code never handles the password. Tested by the ResidentIQ nodes (`testedBy`), because RIQ
 * reports wrong credentials inside an HTTP 200 XML body that a declarative test cannot read.
 */
export class ResidentIqApi implements ICredentialType {
	name = 'residentIqApi';

	displayName = 'ResidentIQ API';

	icon: Icon = { light: 'file:../icons/residentiq.svg', dark: 'file:../icons/residentiq.dark.svg' };

	documentationUrl = 'https://github.com/PropertyBrands/scr-stp-doc/blob/main/api-spec.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'https://api.residentiq.com' },
				{ name: 'Sandbox (QA)', value: 'sandbox', description: 'https://apiqa.residentiq.com' },
				{ name: 'Custom URL', value: 'custom', description: 'A base URL you enter (local simulator, proxy)' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:5680/riq',
			description: 'Everything before /api/partner',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			description: 'The client location user name ResidentIQ issued for this property',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The client location password',
			required: true,
		},
	];

	/** Adds `userId` and `password` to the root element of the request's XML body. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (typeof requestOptions.body !== 'string') {
			throw new Error('ResidentIQ requests must carry an XML body');
		}
		return {
			...requestOptions,
			body: withCredentialAttributes(
				requestOptions.body,
				String(credentials.userId ?? ''),
				String(credentials.password ?? ''),
			),
		};
	}
}
