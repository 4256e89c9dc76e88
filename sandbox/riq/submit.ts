import { DateTime } from 'luxon';

import type { SandboxEnv } from '../context';
import { isHttpUrl } from '../http';
import type { XmlNode } from '../xml';
import { attr, child, list, text } from '../xml';
import { RIQ_ERRORS, RIQ_TEST_SSNS, RiqError, type RiqOrder, type RiqState } from './state';
import { additionalItems, isBase64, type RiqCall } from './xml';

/** /submit: every check on the BackgroundSearchPackage before the order is created. */
export function submitOrder(state: RiqState, env: SandboxEnv, call: RiqCall): XmlNode {
	const pkg = call.pkg;
	if (!pkg) throw new RiqError(RIQ_ERRORS.invalidRequest, 'BackgroundSearchPackage is required');
	const referenceId = text(pkg, 'ReferenceId');
	if (!referenceId) throw new RiqError(RIQ_ERRORS.invalidRequest, 'ReferenceId is required');
	const location = state.locations.get(call.userId)!;
	const product = attr(pkg, 'type');
	if (!product)
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			'The BackgroundSearchPackage type attribute (product name) is required',
			referenceId,
		);
	if (!location.products.includes(product)) {
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			`Unknown product "${product}"; available: ${location.products.join(', ')}`,
			referenceId,
		);
	}
	const personal = child(pkg, 'PersonalData');
	const name = child(personal, 'PersonName');
	const givenName = text(name, 'GivenName');
	const familyName = text(name, 'FamilyName');
	if (!givenName || !familyName)
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			'PersonName GivenName and FamilyName are required',
			referenceId,
		);
	const demographic = child(personal, 'DemographicDetail');
	const governmentId = list(demographic, 'GovernmentId')[0];
	const authority = attr(governmentId, 'issuingAuthority');
	const ssn = (text(demographic, 'GovernmentId') ?? '').replace(/-/g, '');
	if (authority !== undefined && authority !== 'SSN')
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			'GovernmentId issuingAuthority must be SSN',
			referenceId,
		);
	if (!/^\d{9}$/.test(ssn))
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			'GovernmentId (SSN) must be 9 digits',
			referenceId,
		);
	if (state.settings.strictTestSsns && !RIQ_TEST_SSNS.includes(ssn)) {
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			`SSN is not a sandbox test SSN; use ${RIQ_TEST_SSNS.join(' or ')}`,
			referenceId,
		);
	}
	const dateOfBirth = text(demographic, 'DateOfBirth') || null;
	if (dateOfBirth && !DateTime.fromFormat(dateOfBirth, 'yyyy-MM-dd').isValid) {
		throw new RiqError(RIQ_ERRORS.invalidRequest, 'DateOfBirth must be YYYY-MM-DD', referenceId);
	}
	const extras: Record<string, string[]> = {};
	for (const item of additionalItems(call)) (extras[item.type] ??= []).push(item.text);
	const postbackUrl = extras['x:postback_url']?.[0] ?? null;
	if (postbackUrl !== null && !isHttpUrl(postbackUrl))
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			'x:postback_url must be an absolute http(s) URL',
			referenceId,
		);
	for (const key of ['x:monthly_rent', 'x:monthly_income']) {
		for (const value of extras[key] ?? []) {
			if (!/^\d+(\.\d+)?$/.test(value))
				throw new RiqError(RIQ_ERRORS.invalidRequest, `${key} must be a number`, referenceId);
		}
	}
	for (const value of extras['x:income_verification'] ?? []) {
		if (!/^(true|false)$/i.test(value))
			throw new RiqError(
				RIQ_ERRORS.invalidRequest,
				'x:income_verification must be true or false',
				referenceId,
			);
	}
	// "nothing or default" is the location's standard model; any other name must be one of the location's.
	const scoringModel = extras['x:scoring_model']?.[0]?.trim() || 'default';
	if (!location.scoringModels.some((model) => model.name === scoringModel)) {
		throw new RiqError(
			RIQ_ERRORS.invalidRequest,
			`Unknown scoring model "${scoringModel}"; available: ${location.scoringModels.map((model) => model.name).join(', ')}`,
			referenceId,
		);
	}
	const linkTo = extras['x:link_order'] ?? [];
	for (const id of linkTo) state.find(call.userId, id);
	const documents: RiqOrder['documents'] = [];
	const supporting = child(pkg, 'SupportingDocumentation');
	const docs = supporting
		? [supporting, ...list(supporting, 'Document')].filter(
				(doc) => text(doc, 'EncodedContent') !== undefined,
			)
		: [];
	for (const doc of docs) {
		const content = text(doc, 'EncodedContent');
		if (!isBase64(content))
			throw new RiqError(
				RIQ_ERRORS.invalidRequest,
				'SupportingDocumentation EncodedContent must be base64',
				referenceId,
			);
		documents.push({
			name: text(doc, 'OriginalFileName') ?? text(doc, 'Name') ?? 'document',
			fileType: text(doc, 'FileType') ?? null,
			bytes: Buffer.from(content as string, 'base64').length,
			via: 'submit',
		});
	}
	const order = state.createOrder({
		userId: call.userId,
		referenceId,
		product,
		ssn,
		applicant: { givenName, middleName: text(name, 'MiddleName') ?? '', familyName, dateOfBirth },
		postbackUrl,
		additionalItems: extras,
		scoringModel,
		documents,
		createdAt: env.clock.now(),
	});
	if (linkTo.length > 0) state.group([order.orderId, ...linkTo]);
	return {
		BackgroundReportPackage: {
			ReferenceId: referenceId,
			OrderId: order.orderId,
			ScreeningStatus: { OrderStatus: 'x:pending' },
		},
	};
}
