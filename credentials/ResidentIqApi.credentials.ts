import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

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

	documentationUrl = 'https://github.com/PropertyBrands/scr-stp-doc/blob/master/api-spec.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'https://api.residentiq.com' },
				{ name: 'Sandbox (QA)', value: 'sandbox', description: 'https://apiqa.residentiq.com' },
				{
					name: 'Custom URL',
					value: 'custom',
					description: 'A base URL you enter (local simulator, proxy)',
				},
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

/** ResidentIQ's published environments (everything before `/api/partner`). */
export const RIQ_HOSTS = {
	sandbox: 'https://apiqa.residentiq.com',
	production: 'https://api.residentiq.com',
} as const;

/** Everything before `/api/partner` for the credential's environment, without a trailing slash. */
export function riqBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = String(credentials.environment ?? 'production');
	if (environment === 'custom')
		return String(credentials.baseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	return environment === 'sandbox' ? RIQ_HOSTS.sandbox : RIQ_HOSTS.production;
}

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function attributeValue(value: string): string {
	return (
		value
			.replace(NOT_XML, '')
			.replace(/&/g, '&amp;')
			.replace(/"/g, '&quot;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			// A reader turns literal tabs and line breaks in attributes into spaces: keep them as references.
			.replace(/\t/g, '&#9;')
			.replace(/\n/g, '&#10;')
			.replace(/\r/g, '&#13;')
	);
}

/** The root element's start tag: after the declaration, processing instructions, comments and space. */
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;
const START_TAG =
	/^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("[^"]*"|'[^']*')/g;

/**
 * Sets `userId` and `password` (first) on the root element of an outgoing document: RIQ has no
 * header authentication. Attributes of those names already present are replaced; the rest of the
 * document is left byte for byte as it was.
 */
export function withCredentialAttributes(xml: string, userId: string, password: string): string {
	const prolog = PROLOG.exec(xml)?.[0] ?? '';
	const rest = xml.slice(prolog.length);
	const tag = START_TAG.exec(rest);
	if (!tag) throw new Error('ResidentIQ request body is not an XML document');
	const [whole, name, attributes, selfClosing] = tag;
	const kept = [...attributes.matchAll(ATTRIBUTE)]
		.filter(([, attribute]) => attribute !== 'userId' && attribute !== 'password')
		.map(([, attribute, value]) => ` ${attribute}=${value}`)
		.join('');
	const start = `<${name} userId="${attributeValue(userId)}" password="${attributeValue(password)}"${kept}${selfClosing}>`;
	return `${prolog}${start}${rest.slice(whole.length)}`;
}
