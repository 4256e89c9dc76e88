import { DateTime } from 'luxon';

import type { SandboxEnv } from '../context';
import { isHttpUrl } from '../http';
import { minimalPdf } from '../pdf';
import type { XmlNode } from '../xml';
import { attr, child, list, text } from '../xml';
import {
	DECISION_TEXT,
	RIQ_DECISIONS,
	RIQ_ERRORS,
	RIQ_TEST_SSNS,
	RiqError,
	STATS_MAX_DAYS,
	type RiqDecision,
	type RiqOrder,
	type RiqState,
	type RiqStats,
} from './state';
import { additionalItems, isBase64, statusPackage, type RiqCall } from './xml';

/** The Partner API routes (seed 003 plus RIQ's newer api-spec: group decisions and scoring models). */
export class RiqRoutes {
	constructor(
		private readonly state: RiqState,
		private readonly env: SandboxEnv,
	) {}

	private orderIdOf(call: RiqCall): string {
		const orderId = text(call.pkg, 'OrderId');
		if (!orderId) throw new RiqError(RIQ_ERRORS.invalidRequest, 'OrderId is required');
		return orderId;
	}

	private find(call: RiqCall, orderId: string): RiqOrder {
		return this.state.find(call.userId, orderId);
	}

	submit(call: RiqCall): XmlNode {
		const pkg = call.pkg;
		if (!pkg) throw new RiqError(RIQ_ERRORS.invalidRequest, 'BackgroundSearchPackage is required');
		const referenceId = text(pkg, 'ReferenceId');
		if (!referenceId) throw new RiqError(RIQ_ERRORS.invalidRequest, 'ReferenceId is required');
		const location = this.state.locations.get(call.userId)!;
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
		if (this.state.settings.strictTestSsns && !RIQ_TEST_SSNS.includes(ssn)) {
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
		for (const id of linkTo) this.find(call, id);
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
		const order = this.state.createOrder({
			userId: call.userId,
			referenceId,
			product,
			ssn,
			applicant: { givenName, middleName: text(name, 'MiddleName') ?? '', familyName, dateOfBirth },
			postbackUrl,
			additionalItems: extras,
			scoringModel,
			documents,
			createdAt: this.env.clock.now(),
		});
		if (linkTo.length > 0) this.state.group([order.orderId, ...linkTo]);
		return {
			BackgroundReportPackage: {
				ReferenceId: referenceId,
				OrderId: order.orderId,
				ScreeningStatus: { OrderStatus: 'x:pending' },
			},
		};
	}

	status(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		const reportType = (text(call.pkg, 'report-type') || 'full').toLowerCase();
		if (reportType !== 'full' && reportType !== 'decision')
			throw new RiqError(
				RIQ_ERRORS.invalidRequest,
				'report-type must be full or decision',
				order.referenceId,
			);
		return { BackgroundReportPackage: statusPackage(this.state, order, reportType) };
	}

	link(call: RiqCall): XmlNode {
		const base = this.find(call, this.orderIdOf(call));
		const others = additionalItems(call)
			.filter((item) => item.type === 'x:link_order')
			.map((item) => item.text);
		if (others.length === 0)
			throw new RiqError(
				RIQ_ERRORS.invalidRequest,
				'At least one x:link_order AdditionalItems is required',
				base.referenceId,
			);
		for (const id of others) {
			if (id === base.orderId)
				throw new RiqError(
					RIQ_ERRORS.invalidRequest,
					'A report cannot be linked to itself',
					base.referenceId,
				);
			this.find(call, id);
		}
		this.state.group([base.orderId, ...others]);
		return { BackgroundReportPackage: statusPackage(this.state, base, 'full') };
	}

	unlink(call: RiqCall): XmlNode {
		const base = this.find(call, this.orderIdOf(call));
		const ids = [
			base.orderId,
			...additionalItems(call)
				.filter((item) => item.type === 'x:link_order')
				.map((item) => item.text),
		];
		const orders = ids.map((id) => this.find(call, id));
		for (const order of orders) {
			if (!order.groupId)
				throw new RiqError(
					RIQ_ERRORS.invalidState,
					`Report ${order.orderId} is not part of a group`,
					base.referenceId,
				);
		}
		for (const order of orders) this.state.ungroup(order);
		return {
			BackgroundReportPackage: {
				ReferenceId: base.referenceId,
				OrderId: base.orderId,
				ScreeningStatus: { OrderStatus: 'x:unlinked' },
			},
		};
	}

	groupData(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		if (!order.groupId)
			throw new RiqError(
				RIQ_ERRORS.invalidState,
				`Report ${order.orderId} is not part of a group`,
				order.referenceId,
			);
		const ids = [...(this.state.groups.get(order.groupId) ?? [])].sort(
			(a, b) => Number(a) - Number(b),
		);
		return {
			BackgroundReportPackage: {
				ReferenceId: order.referenceId,
				OrderId: order.orderId,
				RIQGroupIdentifier: order.groupId,
				GroupedReports: { ReportId: ids },
			},
		};
	}

	letters(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		return {
			BackgroundReportPackage: {
				ReferenceId: order.referenceId,
				OrderId: order.orderId,
				SupportingDocumentation:
					order.letters.length === 0
						? ''
						: { Document: order.letters.map((l) => ({ Name: l.name, EncodedContent: l.content })) },
			},
		};
	}

	packages(call: RiqCall): XmlNode {
		const location = this.state.locations.get(call.userId)!;
		return { BackgroundReportPackage: { ProductsAvailable: { Product: location.products } } };
	}

	scoringModels(call: RiqCall): XmlNode {
		const location = this.state.locations.get(call.userId)!;
		return {
			BackgroundReportPackage: {
				AlternativeScoringModels: {
					Model: location.scoringModels.map((model) => ({
						Name: model.name,
						RecDecAccept: model.accept,
						RecDecConditionalHigh: model.conditionalHigh,
						RecDecConditionalLow: model.conditionalLow,
						RecDecDeny: model.deny,
					})),
				},
			},
		};
	}

	private decisionOf(call: RiqCall, referenceId?: string): RiqDecision {
		const action = attr(call.pkg, 'action');
		if (action !== 'decision')
			throw new RiqError(
				RIQ_ERRORS.invalidRequest,
				'The BackgroundSearchPackage action must be "decision"',
				referenceId,
			);
		const decision = text(call.pkg, 'PropertyDecision') ?? '';
		if (!(RIQ_DECISIONS as readonly string[]).includes(decision)) {
			throw new RiqError(
				RIQ_ERRORS.invalidRequest,
				`PropertyDecision must be one of ${RIQ_DECISIONS.join(', ')}`,
				referenceId,
			);
		}
		return decision as RiqDecision;
	}

	private recordDecision(order: RiqOrder, decision: RiqDecision): void {
		order.propertyDecision = decision;
		// STP generates the adverse-action letter from an adverse property decision.
		if (decision !== 'Accept') order.letters.push(this.letter(order, decision));
	}

	decision(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		const decision = this.decisionOf(call, order.referenceId);
		if (order.status !== 'ready')
			throw new RiqError(
				RIQ_ERRORS.invalidState,
				`Report ${order.orderId} is still ${order.status}`,
				order.referenceId,
			);
		this.recordDecision(order, decision);
		return {
			BackgroundReportPackage: {
				ReferenceId: order.referenceId,
				OrderId: order.orderId,
				Success: 'True',
			},
		};
	}

	/** /decision/group: one OrderId element per report, all checked before any is changed. */
	groupDecision(call: RiqCall): XmlNode {
		const ids = [
			...new Set(
				list(call.pkg, 'OrderId')
					.map((node) => text({ v: node }, 'v') ?? '')
					.filter(Boolean),
			),
		];
		if (ids.length === 0)
			throw new RiqError(RIQ_ERRORS.invalidRequest, 'At least one OrderId is required');
		const orders = ids.map((id) => this.find(call, id));
		const decision = this.decisionOf(call, orders[0].referenceId);
		for (const order of orders) {
			if (order.status !== 'ready')
				throw new RiqError(
					RIQ_ERRORS.invalidState,
					`Report ${order.orderId} is still ${order.status}`,
					orders[0].referenceId,
				);
		}
		for (const order of orders) this.recordDecision(order, decision);
		return {
			BackgroundReportPackage: {
				ReferenceId: orders[0].referenceId,
				OrderId: orders[0].orderId,
				Success: 'True',
			},
		};
	}

	private letter(order: RiqOrder, decision: RiqDecision): { name: string; content: string } {
		const date = DateTime.fromMillis(this.env.clock.now(), { zone: 'utc' }).toFormat('MM-dd-yyyy');
		const pdf = minimalPdf([
			'ResidentIQ Sandbox - Adverse Action Notice',
			`Date: ${date}`,
			`Applicant: ${order.applicant.givenName} ${order.applicant.familyName}`,
			`Report number: ${order.orderId}`,
			`Property decision: ${decision}`,
			DECISION_TEXT[decision],
			'You have the right to a free copy of your report and to dispute its accuracy.',
		]);
		return {
			name: `AAL_${order.orderId}_${order.letters.length + 1}.pdf`,
			content: pdf.toString('base64'),
		};
	}

	/** The window is End Date minus Start Date in days (04-01 to 05-31 is 60): at most 60. */
	statistics(call: RiqCall): XmlNode {
		const stats = child(call.pkg, 'Stats') ?? child(call.rootNode, 'Stats');
		const startText = text(stats, 'StartDate');
		const endText = text(stats, 'EndDate');
		if (!startText || !endText)
			throw new RiqError(RIQ_ERRORS.invalidRequest, 'Stats StartDate and EndDate are required');
		const start = DateTime.fromFormat(startText, 'MM-dd-yyyy', { zone: 'utc' });
		const end = DateTime.fromFormat(endText, 'MM-dd-yyyy', { zone: 'utc' });
		if (!start.isValid || !end.isValid)
			throw new RiqError(RIQ_ERRORS.invalidRequest, 'StartDate and EndDate must be MM-DD-YYYY');
		if (end < start)
			throw new RiqError(RIQ_ERRORS.invalidRequest, 'EndDate must not be before StartDate');
		const days = end.diff(start, 'days').days;
		if (days > STATS_MAX_DAYS) {
			throw new RiqError(
				RIQ_ERRORS.statsWindow,
				`The requested window is ${days} days; the maximum is ${STATS_MAX_DAYS} days`,
			);
		}
		const from = start.toMillis();
		const to = end.plus({ days: 1 }).toMillis();
		const rows = [...this.state.orders.values()]
			.filter((order) => order.userId === call.userId && order.status === 'ready' && order.stats)
			.filter((order) => order.createdAt >= from && order.createdAt < to)
			.sort((a, b) => Number(a.orderId) - Number(b.orderId))
			.map((order) => {
				const s = order.stats as RiqStats;
				return {
					ReportNumber: order.orderId,
					CreditScore: String(s.creditScore),
					Evictions: {
						'@_Count': String(s.evictions.length),
						Eviction: s.evictions.map((e) => ({ FileDate: e.fileDate })),
					},
					Bankruptcies: {
						'@_Count': String(s.bankruptcies.length),
						Bankruptcy: s.bankruptcies.map((b) => ({
							Type: b.type,
							CourtName: b.courtName,
							Status: b.status,
						})),
					},
				};
			});
		return { Stats: rows.length === 0 ? '' : { Stat: rows } };
	}

	upload(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		const docs = list(child(call.pkg, 'SupportingDocumentation'), 'Document');
		if (docs.length === 0)
			throw new RiqError(
				RIQ_ERRORS.invalidRequest,
				'SupportingDocumentation needs at least one Document',
				order.referenceId,
			);
		const accepted: RiqOrder['documents'] = [];
		for (const doc of docs) {
			const name = text(doc, 'OriginalFileName');
			const content = text(doc, 'EncodedContent');
			const fileType = text(doc, 'FileType') ?? null;
			if (!name)
				throw new RiqError(
					RIQ_ERRORS.invalidRequest,
					'Document OriginalFileName is required',
					order.referenceId,
				);
			if (!isBase64(content))
				throw new RiqError(
					RIQ_ERRORS.invalidRequest,
					`Document ${name}: EncodedContent must be base64`,
					order.referenceId,
				);
			if (fileType !== null && !/^\d+$/.test(fileType))
				throw new RiqError(
					RIQ_ERRORS.invalidRequest,
					`Document ${name}: FileType must be a number`,
					order.referenceId,
				);
			accepted.push({
				name,
				fileType,
				bytes: Buffer.from(content as string, 'base64').length,
				via: 'upload',
			});
		}
		order.documents.push(...accepted);
		return {
			BackgroundReportPackage: {
				OrderId: order.orderId,
				VerificationDocumentation: 'Document(s) uploaded for this report.',
			},
		};
	}
}
