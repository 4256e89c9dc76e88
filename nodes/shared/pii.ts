import type { IDataObject, INode } from 'n8n-workflow';

/**
 * Personal data and secrets, recognised by field name first (reliable) and by shape second
 * (a safety net for free text such as vendor error messages).
 */
const FIELD_RULES: Array<{ pattern: RegExp; mask: (value: string) => string }> = [
	{ pattern: /^(ssn|socialsecurity(number)?|sin|nationalid(entifier)?)$/, mask: lastFour },
	{ pattern: /^(dob|dateofbirth|birthdate|birthday)$/, mask: () => '**********' },
	{
		pattern: /^(driverslicen[cs]e(number)?|licen[cs]enumber|dlnumber|dl|passportnumber|passport)$/,
		mask: lastFour,
	},
	{
		pattern:
			/^(password|passwd|clientsecret|apisecret|secret|apikey|accesstoken|refreshtoken|token|authorization|sessiontoken)$/,
		mask: () => '***',
	},
];

function normalise(key: string) {
	return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function lastFour(value: string) {
	const digits = value.replace(/[^0-9A-Za-z]/g, '');
	if (digits.length <= 4) return '****';
	return `${'*'.repeat(Math.max(digits.length - 4, 5))}${digits.slice(-4)}`;
}

function ruleFor(key: string) {
	const name = normalise(key);
	return FIELD_RULES.find((rule) => rule.pattern.test(name));
}

export function isSensitiveKey(key: string): boolean {
	return ruleFor(key) !== undefined;
}

const ALREADY_MASKED = /^\*{3,}[0-9A-Za-z]{0,4}$/;

/** Masks one value as its field name demands (SSN and licence keep the last four characters). */
export function maskField(key: string, value: unknown): unknown {
	const rule = ruleFor(key);
	if (!rule || value === null || value === undefined || value === '') return value;
	if (typeof value === 'object') return Array.isArray(value) ? value.map(() => '***') : '***';
	// Masking twice keeps the first mask's last four characters.
	if (typeof value === 'string' && ALREADY_MASKED.test(value)) return value;
	return rule.mask(String(value));
}

/** Deep copy with every sensitive field masked. Objects nested under a sensitive key are masked whole. */
export function maskObject<T>(value: T): T {
	if (Array.isArray(value)) return value.map((entry) => maskObject(entry)) as T;
	if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
	const result: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		if (isSensitiveKey(key)) {
			result[key] = maskField(key, entry) as IDataObject[string];
		} else {
			result[key] = maskObject(entry);
		}
	}
	return result as T;
}

/** Nine digits shaped like an SSN or an ITIN (which starts with 9), with or without separators. */
const SSN_SHAPE = /\b(?!000|666)\d{3}([- ]?)(?!00)\d{2}\1(?!0000)\d{4}\b/g;
const FIELD_NAMES =
	'ssn|socialSecurityNumber|dob|dateOfBirth|birthDate|driversLicen[cs]eNumber|licen[cs]eNumber|password|clientSecret|client_secret|apiSecret|apiKey|access_token|accessToken';
const FIELD_IN_TEXT = new RegExp(
	`(["']?)(${FIELD_NAMES})\\1(\\s*[:=]\\s*)(["']?)([^"'&<>,\\s}]*)\\4`,
	'gi',
);
/** A field name, a space and a value with a digit in it: `ssn 987654321`, `driversLicenseNumber 'A987654321'`. */
const FIELD_SPACE_VALUE = new RegExp(
	`\\b(${FIELD_NAMES})(\\s+)(["']?)(?=[^"'\\s]*\\d)([^"'&<>,;()[\\]\\s}]+)\\3`,
	'gi',
);
const XML_ELEMENT =
	/<((?:[\w-]+:)?(?:SSN|SocialSecurityNumber|DOB|DateOfBirth|BirthDate|DriversLicenseNumber|LicenseNumber|Password))(\s[^>]*)?>([^<]*)<\/\1>/gi;

const MONTH_NAME = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
/** A date as people write one: 07/08/1990, 1990-07-08, 7.8.90, July 8, 1990, 8 July 1990. */
const DATE_WORDS = `(?:\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{2,4}|${MONTH_NAME}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH_NAME},?\\s+\\d{4})`;
const DOB_LABEL = 'd\\.?o\\.?b\\.?|date\\s*of\\s*birth|birth\\s*date|birthday|born(?:\\s+on)?';
/** A date of birth after its label in prose: `DOB 07/08/1990`, `date of birth is July 8, 1990`, `born 1990-07-08`. */
const DOB_IN_TEXT = new RegExp(
	`\\b(${DOB_LABEL})(\\s*(?:is|was|of|:|=|-|#)?\\s*)${DATE_WORDS}`,
	'gi',
);
/** A date before its label in the same clause: `The value '07/08/1990' is not valid for Dob`. */
const DOB_BEFORE_LABEL = new RegExp(
	`(["']?)\\b${DATE_WORDS}\\1(?=[^.;\\n]{0,60}?\\b(?:${DOB_LABEL})\\b)`,
	'gi',
);
/** A whole value that is a date (a parameter holding only a date is masked in an error's copy of the node). */
const DATE_VALUE = new RegExp(`^\\s*${DATE_WORDS}(?:T[\\d:.]+Z?)?\\s*$`, 'i');
/** A licence or passport number after its label in prose: `License A987654321`, `DL# D1234567`. */
const LICENCE_IN_TEXT =
	/\b((?:driver'?s?\s+)?licen[cs]e(?:\s+(?:number|no\.?|#))?|DL(?:\s*(?:number|no\.?|#))?|passport(?:\s+(?:number|no\.?|#))?)(\s*(?:is|:|=|#|-)?\s*)(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,}\b/gi;

/**
 * Removes personal data and secrets from free text: `field: value`, `field="value"` and `field value` pairs,
 * XML elements named after sensitive fields, dates of birth before or after their label and licence numbers
 * after theirs in prose, anything shaped like an SSN or ITIN, and any of `secrets`.
 */
export function redactText(text: string, secrets: Array<string | undefined> = []): string {
	let result = text
		.replace(XML_ELEMENT, (_m, tag: string, attrs = '') => `<${tag}${attrs}>***</${tag}>`)
		.replace(
			FIELD_IN_TEXT,
			(_m, q: string, key: string, sep: string, vq: string) => `${q}${key}${q}${sep}${vq}***${vq}`,
		)
		.replace(DOB_IN_TEXT, (_m, label: string, sep: string) => `${label}${sep}**********`)
		.replace(
			FIELD_SPACE_VALUE,
			(_m, key: string, sep: string, vq: string) => `${key}${sep}${vq}***${vq}`,
		)
		.replace(DOB_BEFORE_LABEL, (_m, q: string) => `${q}**********${q}`)
		.replace(LICENCE_IN_TEXT, (_m, label: string, sep: string) => `${label}${sep}***`)
		.replace(SSN_SHAPE, '***-**-****');
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}

/** A parameter value as an error may show it: by its name first, then by its shape. */
function maskParameter(key: string | undefined, value: unknown): unknown {
	if (Array.isArray(value)) return value.map((entry) => maskParameter(key, entry));
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as IDataObject);
		// A name/value pair of a fixed collection (`{ name: 'ssn', value: '...' }`) is masked by its name.
		const pairName = (value as IDataObject).name ?? (value as IDataObject).key;
		const result: IDataObject = {};
		for (const [entryKey, entry] of entries) {
			const byName =
				entryKey === 'value' && typeof pairName === 'string' && isSensitiveKey(pairName)
					? pairName
					: entryKey;
			result[entryKey] = maskParameter(byName, entry) as IDataObject[string];
		}
		return result;
	}
	if (typeof value !== 'string' || value === '') return value;
	// An expression names where the value comes from; a literal inside it is masked by shape.
	if (value.startsWith('=')) return redactText(value);
	if (key !== undefined && isSensitiveKey(key)) return maskField(key, value);
	if (DATE_VALUE.test(value)) return '**********';
	return redactText(value);
}

/**
 * A copy of a node with its personal data masked: what this package's errors carry, since n8n stores an
 * error's node (with its parameters) in the execution and writes it to its debug log. Parameters are masked
 * by their name (SSN, date of birth, licence, secrets), then by shape (SSN-shaped numbers, a value that is a
 * date, labelled dates and numbers in text), and the node's notes by shape.
 */
export function maskNode(node: INode): INode {
	return {
		...node,
		parameters: maskParameter(undefined, node.parameters) as INode['parameters'],
		...(typeof node.notes === 'string' ? { notes: redactText(node.notes) } : {}),
	};
}

/** `error` with its node (if it carries one) replaced by a masked copy; returns `error`. */
export function maskErrorNode<E>(error: E): E {
	const holder = error as { node?: INode } | undefined;
	if (holder && typeof holder === 'object' && holder.node && typeof holder.node === 'object') {
		Object.defineProperty(holder, 'node', {
			value: maskNode(holder.node),
			writable: true,
			enumerable: true,
			configurable: true,
		});
	}
	return error;
}

/** The one "mask personal data" option every node and trigger offers (in its Options collection). */
export const maskPersonalDataOption = {
	displayName: 'Mask Personal Data in Output',
	name: 'maskPersonalData',
	type: 'boolean' as const,
	default: true,
	description:
		'Whether to show only the last four characters of SSNs and licence numbers and hide dates of birth in the output. Turn off only where the next step needs the full values.',
};

/** `value` with personal data masked unless `mask` is false. */
export function maskUnless<T>(value: T, mask: boolean): T {
	return mask ? maskObject(value) : value;
}
