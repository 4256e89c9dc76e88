import type { INodeProperties } from 'n8n-workflow';

/**
 * How the ResidentIQ Trigger authenticates postbacks. RIQ documents no postback authentication, so the default
 * relies on nothing RIQ must do: the webhook URL's random path, and the read-back of every report from RIQ
 * before its content is trusted. The TazWorks-style pair is checked when the order supplied it.
 */
export type PostbackAuth = 'readBack' | 'postbackPair' | 'basicAuth' | 'none';

/**
 * Why a trigger setting cannot authenticate anything (every postback is then refused), or undefined:
 * Read-Back without the read-back, and settings no longer offered (Header Auth).
 */
export function postbackAuthProblem(mode: unknown, confirmWithRiq: unknown): string | undefined {
	if (mode === 'readBack' && confirmWithRiq !== true)
		return 'Authentication is Read-Back but Confirm With RIQ is off';
	if (!['readBack', 'postbackPair', 'basicAuth', 'none'].includes(String(mode)))
		return `Authentication "${String(mode)}" is not offered for ResidentIQ postbacks; choose another one`;
	return undefined;
}

const POSTBACK_PAIR = {
	name: 'Postback User ID and Password',
	value: 'postbackPair',
	description:
		'Each order sends the ResidentIQ Postback credential as x:postback_userId / x:postback_password, and each postback must bring them back',
};

const BASIC_IN_URL = {
	name: 'Basic Auth in the Postback URL',
	value: 'basicAuth',
	description:
		'Postbacks must carry an Authorization header with the credential. Risk: Create puts user:password@ into the URL, and RIQ does not document turning that into a header; if it does not, every postback is refused and lost.',
};

/**
 * The trigger's Authentication. Its default was Basic Auth before; a trigger that relied on that default now
 * accepts postbacks at its URL and confirms each with RIQ, and Read-Back without Confirm With RIQ refuses
 * everything, so no trigger becomes open by the change.
 */
export const postbackAuthProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Unguessable URL and Read-Back',
				value: 'readBack',
				description:
					"Postbacks are accepted at this URL's random path, and every report is read back from RIQ (Confirm With RIQ, required) before the workflow sees it",
			},
			POSTBACK_PAIR,
			BASIC_IN_URL,
			{
				name: 'None',
				value: 'none',
				description: 'Anyone who learns the URL can call it (not recommended)',
			},
		],
		default: 'readBack',
	},
	{
		displayName:
			'Read-Back needs Confirm With RIQ: without it every postback is refused. Turn it on, or choose another Authentication.',
		name: 'readBackNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['readBack'], confirmWithRiq: [false] } },
	},
	{
		displayName:
			'With no authentication and Confirm With RIQ off, anyone who learns this URL can send postbacks the workflow trusts.',
		name: 'noAuthNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'], confirmWithRiq: [false] } },
	},
];

/** ResidentIQ → Report → Create: how the order tells RIQ to authenticate its postbacks. */
export const createPostbackAuthProperty: INodeProperties = {
	displayName: 'Postback Authentication',
	name: 'postbackAuthentication',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'None',
			value: 'none',
			description:
				"The URL is sent as entered (the ResidentIQ Trigger's default: its random path and the read-back from RIQ)",
		},
		POSTBACK_PAIR,
		{
			...BASIC_IN_URL,
			description:
				'The credential is put into the URL RIQ calls (https://user:password@host/…). Risk: RIQ does not document turning that into an Authorization header; if it does not, the trigger refuses every postback.',
		},
	],
	default: 'none',
	description:
		"How RIQ authenticates when it posts updates to the Postback URL below (used only when one is given); the same as the ResidentIQ Trigger's Authentication",
};
