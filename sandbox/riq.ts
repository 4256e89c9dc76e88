import { DateTime } from 'luxon';
import { z } from 'zod';

import type { RequestContext, Route, SandboxEnv, VendorModule } from './context';
import { route } from './context';
import type { OutboundCall } from './http';
import { callOut, escapeHtml, isHttpUrl, sendText, settle, settleSync } from './http';
import { minimalPdf } from './pdf';
import { hashString } from './rng';
import type { XmlNode } from './xml';
import { attr, buildXml, child, list, parseXml, rootOf, text } from './xml';

export const RIQ_DECISIONS = ['Accept', 'Conditional-Low', 'Conditional-High', 'Decline'] as const;
export type RiqDecision = (typeof RIQ_DECISIONS)[number];
/** The seed's sandbox test SSNs. */
export const RIQ_TEST_SSNS = ['333221111', '111223333'];
export const RIQ_PRODUCTS = ['RIQ Basic', 'RIQ Standard', 'RIQ Premium'];
export const STATS_MAX_DAYS = 60;

/** Our error codes (the seed only shows 1); documented in the README. */
export const RIQ_ERRORS = {
	invalidRequest: 1,
	authentication: 2,
	notFound: 3,
	invalidState: 4,
	statsWindow: 5,
} as const;

const DECISION_TEXT: Record<RiqDecision, string> = {
	Accept: 'Applicant meets the screening criteria for this property.',
	'Conditional-Low': 'Approved on condition of an additional deposit equal to one month of rent.',
	'Conditional-High': 'Approved on condition of a qualified guarantor and an additional deposit.',
	Decline: 'Applicant does not meet the screening criteria for this property.',
};

export const riqSettingsSchema = z
	.object({
		/** "form": application/x-www-form-urlencoded with the XML in field `postbackField` (TazWorks style); "xml": raw body. */
		postbackFormat: z.enum(['form', 'xml']).optional(),
		postbackField: z.string().min(1).optional(),
		/** Sandbox seconds from submit to ready; null = only on demand (admin complete). */
		autoCompleteSeconds: z.number().int().min(0).nullable().optional(),
		reportUrlTtlSeconds: z.number().int().min(1).optional(),
		reportUrlMaxLoads: z.number().int().min(1).optional(),
		/** Reject SSNs other than the seed's test SSNs, like RIQ's sandbox accounts. */
		strictTestSsns: z.boolean().optional(),
	})
	.strict();
export interface RiqSettings {
	postbackFormat: 'form' | 'xml';
	postbackField: string;
	autoCompleteSeconds: number | null;
	reportUrlTtlSeconds: number;
	reportUrlMaxLoads: number;
	strictTestSsns: boolean;
}

export const seedRiqOrderSchema = z
	.object({
		ssn: z.string().regex(/^\d{9}$/).default('333221111'),
		product: z.string().min(1).optional(),
		referenceId: z.string().min(1).optional(),
		givenName: z.string().min(1).default('Hank'),
		familyName: z.string().min(1).default('Mess'),
		createdDaysAgo: z.number().min(0).default(0),
		ready: z.boolean().default(false),
		decision: z.enum(RIQ_DECISIONS).optional(),
		postbackUrl: z.string().url().optional(),
	})
	.strict();

interface RiqStats {
	creditScore: number;
	evictions: Array<{ fileDate: string }>;
	bankruptcies: Array<{ type: string; courtName: string; status: string }>;
}

export interface PostbackRecord extends OutboundCall {
	format: 'form' | 'xml';
	orderStatus: string;
}

export interface RiqOrder {
	orderId: string;
	userId: string;
	referenceId: string;
	product: string;
	status: 'pending' | 'ready';
	createdAt: number;
	dueAt: number | null;
	readyAt: number | null;
	applicant: { givenName: string; middleName: string; familyName: string; dateOfBirth: string | null };
	ssn: string;
	postbackUrl: string | null;
	additionalItems: Record<string, string[]>;
	recommendedDecision: RiqDecision | null;
	propertyDecision: RiqDecision | null;
	groupId: string | null;
	documents: Array<{ name: string; fileType: string | null; bytes: number; via: 'submit' | 'upload' }>;
	letters: Array<{ name: string; content: string }>;
	stats: RiqStats | null;
	postbacks: PostbackRecord[];
}

interface ReportLink {
	orderId: string;
	expiresAt: number;
	loads: number;
}

class RiqError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly referenceId?: string,
	) {
		super(message);
	}
}

interface RiqCall {
	rootNode: XmlNode;
	pkg: XmlNode | undefined;
	userId: string;
}

/** Outcome per SSN: the two test SSNs give a clean and an adverse file; any other SSN (strict mode off) is hashed. */
function outcomeFor(ssn: string): { decision: RiqDecision; stats: RiqStats } {
	if (ssn === '333221111') return { decision: 'Accept', stats: { creditScore: 742, evictions: [], bankruptcies: [] } };
	if (ssn === '111223333') {
		return {
			decision: 'Decline',
			stats: {
				creditScore: 31,
				evictions: [{ fileDate: '2/13/2019' }],
				bankruptcies: [{ type: 'BankruptcyChapter7', courtName: 'US BKPT CT CO DENVER', status: 'Discharged' }],
			},
		};
	}
	const h = hashString(ssn);
	return { decision: RIQ_DECISIONS[h % 4], stats: { creditScore: 300 + (h % 550), evictions: [], bankruptcies: [] } };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
function isBase64(value: string | undefined): boolean {
	if (!value) return false;
	const compact = value.replace(/\s+/g, '');
	return compact.length % 4 === 0 && BASE64.test(compact);
}

/** AdditionalItems may sit in the package, in Screenings (sample payload) or at the root (link/unlink samples). */
function additionalItems(call: RiqCall): Array<{ type: string; text: string }> {
	const holders = [call.pkg, child(call.pkg, 'Screenings'), call.rootNode];
	return holders.flatMap((holder) =>
		list(holder, 'AdditionalItems').map((item) => ({ type: attr(item, 'type') ?? '', text: text(item, 'Text') ?? '' })),
	);
}

/**
 * ResidentIQ Partner API (seed 003): XML in and out over POST, credentials in the root element (echoed back),
 * errors as x:error inside HTTP 200, groups, decisions, letters, statistics, uploads, transient report URLs and
 * postbacks when an order becomes ready.
 */
export class RiqVendor implements VendorModule {
	readonly vendor = 'riq' as const;
	readonly routes: Route[];
	settings!: RiqSettings;
	private locations = new Map<string, { password: string; products: string[] }>();
	private orders = new Map<string, RiqOrder>();
	private groups = new Map<string, Set<string>>();
	private links = new Map<string, ReportLink>();
	private nextOrderId = 500001;

	constructor(private readonly env: SandboxEnv) {
		const op = (id: string, path: string, handler: (call: RiqCall) => XmlNode | Promise<XmlNode>) =>
			route(id, 'POST', new RegExp(`^/api/partner${path}/?$`), (ctx) => this.handle(ctx, handler));
		this.routes = [
			op('submit', '', (call) => this.submit(call)),
			op('status', '/status', (call) => this.status(call)),
			op('link', '/link', (call) => this.link(call)),
			op('unlink', '/unlink', (call) => this.unlink(call)),
			op('group-data', '/group-data', (call) => this.groupData(call)),
			op('document/aal', '/document/aal', (call) => this.letters(call)),
			op('packages', '/packages', (call) => this.packages(call)),
			op('decision', '/decision', (call) => this.decision(call)),
			op('statistics', '/statistics', (call) => this.statistics(call)),
			op('document/upload', '/document/upload', (call) => this.upload(call)),
			route('report', 'GET', /^\/reports\/(?<token>[^/]+)\/?$/, (ctx) => this.report(ctx)),
		];
		this.reset();
	}

	reset(): void {
		this.settings = {
			postbackFormat: 'form',
			postbackField: 'request',
			autoCompleteSeconds: 30,
			reportUrlTtlSeconds: 300,
			reportUrlMaxLoads: 2,
			strictTestSsns: true,
		};
		const demo = this.env.credentials.residentIq;
		this.locations = new Map([[demo.userId, { password: demo.password, products: [...RIQ_PRODUCTS] }]]);
		this.orders = new Map();
		this.groups = new Map();
		this.links = new Map();
		this.nextOrderId = 500001;
	}

	configure(input: z.infer<typeof riqSettingsSchema>): RiqSettings {
		const parsed = riqSettingsSchema.parse(input);
		for (const [key, value] of Object.entries(parsed)) {
			if (value !== undefined) (this.settings as unknown as Record<string, unknown>)[key] = value;
		}
		return this.settings;
	}

	sendError(ctx: RequestContext, status: number, message: string, headers: Record<string, string> = {}): void {
		sendText(ctx.res, status, message, 'text/plain; charset=utf-8', headers);
	}

	// ---- request plumbing --------------------------------------------------------------------------------

	private async handle(ctx: RequestContext, handler: (call: RiqCall) => XmlNode | Promise<XmlNode>): Promise<void> {
		const raw = (await ctx.body()).toString('utf8');
		const echo: Record<string, string> = {};
		let referenceId: string | undefined;
		const outcome = await settle(async () => {
			const parsed = settleSync(() => parseXml(raw));
			if (!parsed.ok) throw new RiqError(RIQ_ERRORS.invalidRequest, `The request is not valid XML: ${(parsed.error as Error).message}`);
			const root = rootOf(parsed.value);
			if (!root) throw new RiqError(RIQ_ERRORS.invalidRequest, 'The request has no XML root element');
			const userId = attr(root.node, 'userId');
			const password = attr(root.node, 'password');
			// RIQ echoes the credentials back on the response root; so do we (clients must strip them).
			if (userId !== undefined) echo['@_userId'] = userId;
			if (password !== undefined) echo['@_password'] = password;
			const pkg = child(root.node, 'BackgroundSearchPackage');
			referenceId = text(pkg, 'ReferenceId');
			const location = userId === undefined ? undefined : this.locations.get(userId);
			if (!location || location.password !== password) {
				throw new RiqError(RIQ_ERRORS.authentication, 'Unable to identify the client location: invalid userId or password');
			}
			return await handler({ rootNode: root.node, pkg, userId: userId as string });
		});
		let content: XmlNode;
		if (outcome.ok) content = outcome.value;
		else if (!(outcome.error instanceof RiqError)) throw outcome.error;
		else {
			const error = outcome.error;
			content = {
				BackgroundReportPackage: {
					ReferenceId: error.referenceId ?? referenceId ?? '',
					ScreeningStatus: { OrderStatus: 'x:error' },
					ErrorReport: { ErrorCode: String(error.code), ErrorDescription: error.message },
				},
			};
		}
		// Success and failure alike are HTTP 200; the outcome is in the body.
		sendText(ctx.res, 200, buildXml({ BackgroundReports: { ...echo, ...content } }), 'application/xml; charset=utf-8');
	}

	private orderIdOf(call: RiqCall): string {
		const orderId = text(call.pkg, 'OrderId');
		if (!orderId) throw new RiqError(RIQ_ERRORS.invalidRequest, 'OrderId is required');
		return orderId;
	}

	private find(call: RiqCall, orderId: string): RiqOrder {
		const order = this.orders.get(orderId);
		if (!order || order.userId !== call.userId) throw new RiqError(RIQ_ERRORS.notFound, `Report ${orderId} was not found for this client location`);
		return order;
	}

	// ---- groups and decisions ------------------------------------------------------------------------------

	private members(order: RiqOrder): RiqOrder[] {
		if (!order.groupId) return [order];
		return [...(this.groups.get(order.groupId) ?? [])].map((id) => this.orders.get(id) as RiqOrder);
	}

	/** The status route reports the group's decision: the most adverse recommendation among ready members. */
	groupDecision(order: RiqOrder): RiqDecision | null {
		let worst: RiqDecision | null = null;
		for (const member of this.members(order)) {
			const decision = member.recommendedDecision;
			if (member.status !== 'ready' || !decision) continue;
			if (worst === null || RIQ_DECISIONS.indexOf(decision) > RIQ_DECISIONS.indexOf(worst)) worst = decision;
		}
		return worst;
	}

	private group(orderIds: string[]): string {
		const involved = orderIds.map((id) => this.orders.get(id) as RiqOrder);
		const existing = involved.map((order) => order.groupId).filter((id): id is string => id !== null);
		const groupId = existing[0] ?? `G${this.env.rng.stream('riq').hex(12).toUpperCase()}`;
		const members = this.groups.get(groupId) ?? new Set<string>();
		for (const order of involved) {
			// Merging groups: every member of a joined group moves into the surviving one.
			if (order.groupId && order.groupId !== groupId) {
				for (const id of this.groups.get(order.groupId) ?? []) {
					members.add(id);
					(this.orders.get(id) as RiqOrder).groupId = groupId;
				}
				this.groups.delete(order.groupId);
			}
			members.add(order.orderId);
			order.groupId = groupId;
		}
		this.groups.set(groupId, members);
		return groupId;
	}

	private ungroup(order: RiqOrder): void {
		if (!order.groupId) return;
		const groupId = order.groupId;
		const members = this.groups.get(groupId) ?? new Set<string>();
		members.delete(order.orderId);
		order.groupId = null;
		// RIQ does not keep single-applicant groups: the last member is released and the group cleared.
		if (members.size <= 1) {
			for (const id of members) (this.orders.get(id) as RiqOrder).groupId = null;
			this.groups.delete(groupId);
		}
	}

	private mintReportUrl(order: RiqOrder): string {
		const token = this.env.rng.stream('riq-links').hex(32);
		this.links.set(token, { orderId: order.orderId, expiresAt: this.env.clock.now() + this.settings.reportUrlTtlSeconds * 1000, loads: 0 });
		return `${this.env.baseUrl()}/riq/reports/${token}`;
	}

	private statusPackage(order: RiqOrder, reportType: 'full' | 'decision'): XmlNode {
		const screening: XmlNode = { OrderStatus: `x:${order.status}` };
		const decision = this.groupDecision(order);
		if (order.status === 'ready' && decision) {
			screening.OrderDecision = decision;
			screening.OrderDecisionDescription = DECISION_TEXT[decision];
		}
		const pkg: XmlNode = { ReferenceId: order.referenceId, OrderId: order.orderId, ScreeningStatus: screening };
		if (order.status === 'ready' && reportType === 'full') pkg.ReportURL = this.mintReportUrl(order);
		return pkg;
	}

	// ---- routes --------------------------------------------------------------------------------------------

	private submit(call: RiqCall): XmlNode {
		const pkg = call.pkg;
		if (!pkg) throw new RiqError(RIQ_ERRORS.invalidRequest, 'BackgroundSearchPackage is required');
		const referenceId = text(pkg, 'ReferenceId');
		if (!referenceId) throw new RiqError(RIQ_ERRORS.invalidRequest, 'ReferenceId is required');
		const location = this.locations.get(call.userId) as { products: string[] };
		const product = attr(pkg, 'type');
		if (!product) throw new RiqError(RIQ_ERRORS.invalidRequest, 'The BackgroundSearchPackage type attribute (product name) is required', referenceId);
		if (!location.products.includes(product)) {
			throw new RiqError(RIQ_ERRORS.invalidRequest, `Unknown product "${product}"; available: ${location.products.join(', ')}`, referenceId);
		}
		const personal = child(pkg, 'PersonalData');
		const name = child(personal, 'PersonName');
		const givenName = text(name, 'GivenName');
		const familyName = text(name, 'FamilyName');
		if (!givenName || !familyName) throw new RiqError(RIQ_ERRORS.invalidRequest, 'PersonName GivenName and FamilyName are required', referenceId);
		const demographic = child(personal, 'DemographicDetail');
		const governmentId = list(demographic, 'GovernmentId')[0];
		const authority = attr(governmentId, 'issuingAuthority');
		const ssn = (text(demographic, 'GovernmentId') ?? '').replace(/-/g, '');
		if (authority !== undefined && authority !== 'SSN') throw new RiqError(RIQ_ERRORS.invalidRequest, 'GovernmentId issuingAuthority must be SSN', referenceId);
		if (!/^\d{9}$/.test(ssn)) throw new RiqError(RIQ_ERRORS.invalidRequest, 'GovernmentId (SSN) must be 9 digits', referenceId);
		if (this.settings.strictTestSsns && !RIQ_TEST_SSNS.includes(ssn)) {
			throw new RiqError(RIQ_ERRORS.invalidRequest, `SSN is not a sandbox test SSN; use ${RIQ_TEST_SSNS.join(' or ')}`, referenceId);
		}
		const dateOfBirth = text(demographic, 'DateOfBirth') || null;
		if (dateOfBirth && !DateTime.fromFormat(dateOfBirth, 'yyyy-MM-dd').isValid) {
			throw new RiqError(RIQ_ERRORS.invalidRequest, 'DateOfBirth must be YYYY-MM-DD', referenceId);
		}
		const extras: Record<string, string[]> = {};
		for (const item of additionalItems(call)) (extras[item.type] ??= []).push(item.text);
		const postbackUrl = extras['x:postback_url']?.[0] ?? null;
		if (postbackUrl !== null && !isHttpUrl(postbackUrl)) throw new RiqError(RIQ_ERRORS.invalidRequest, 'x:postback_url must be an absolute http(s) URL', referenceId);
		for (const key of ['x:monthly_rent', 'x:monthly_income']) {
			for (const value of extras[key] ?? []) {
				if (!/^\d+(\.\d+)?$/.test(value)) throw new RiqError(RIQ_ERRORS.invalidRequest, `${key} must be a number`, referenceId);
			}
		}
		const linkTo = extras['x:link_order'] ?? [];
		for (const id of linkTo) this.find(call, id);
		const documents: RiqOrder['documents'] = [];
		const supporting = child(pkg, 'SupportingDocumentation');
		const docs = supporting ? [supporting, ...list(supporting, 'Document')].filter((doc) => text(doc, 'EncodedContent') !== undefined) : [];
		for (const doc of docs) {
			const content = text(doc, 'EncodedContent');
			if (!isBase64(content)) throw new RiqError(RIQ_ERRORS.invalidRequest, 'SupportingDocumentation EncodedContent must be base64', referenceId);
			documents.push({
				name: text(doc, 'OriginalFileName') ?? text(doc, 'Name') ?? 'document',
				fileType: text(doc, 'FileType') ?? null,
				bytes: Buffer.from(content as string, 'base64').length,
				via: 'submit',
			});
		}
		const order = this.createOrder({
			userId: call.userId,
			referenceId,
			product,
			ssn,
			applicant: { givenName, middleName: text(name, 'MiddleName') ?? '', familyName, dateOfBirth },
			postbackUrl,
			additionalItems: extras,
			documents,
			createdAt: this.env.clock.now(),
		});
		if (linkTo.length > 0) this.group([order.orderId, ...linkTo]);
		return { BackgroundReportPackage: { ReferenceId: referenceId, OrderId: order.orderId, ScreeningStatus: { OrderStatus: 'x:pending' } } };
	}

	private createOrder(input: Pick<RiqOrder, 'userId' | 'referenceId' | 'product' | 'ssn' | 'applicant' | 'postbackUrl' | 'additionalItems' | 'documents' | 'createdAt'>): RiqOrder {
		const orderId = String(this.nextOrderId++);
		const auto = this.settings.autoCompleteSeconds;
		const order: RiqOrder = {
			...input,
			orderId,
			status: 'pending',
			dueAt: auto === null ? null : this.env.clock.now() + auto * 1000,
			readyAt: null,
			recommendedDecision: null,
			propertyDecision: null,
			groupId: null,
			letters: [],
			stats: null,
			postbacks: [],
		};
		this.orders.set(orderId, order);
		return order;
	}

	private status(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		const reportType = (text(call.pkg, 'report-type') || 'full').toLowerCase();
		if (reportType !== 'full' && reportType !== 'decision') throw new RiqError(RIQ_ERRORS.invalidRequest, 'report-type must be full or decision', order.referenceId);
		return { BackgroundReportPackage: this.statusPackage(order, reportType) };
	}

	private link(call: RiqCall): XmlNode {
		const base = this.find(call, this.orderIdOf(call));
		const others = additionalItems(call).filter((item) => item.type === 'x:link_order').map((item) => item.text);
		if (others.length === 0) throw new RiqError(RIQ_ERRORS.invalidRequest, 'At least one x:link_order AdditionalItems is required', base.referenceId);
		for (const id of others) {
			if (id === base.orderId) throw new RiqError(RIQ_ERRORS.invalidRequest, 'A report cannot be linked to itself', base.referenceId);
			this.find(call, id);
		}
		this.group([base.orderId, ...others]);
		return { BackgroundReportPackage: this.statusPackage(base, 'full') };
	}

	private unlink(call: RiqCall): XmlNode {
		const base = this.find(call, this.orderIdOf(call));
		const ids = [base.orderId, ...additionalItems(call).filter((item) => item.type === 'x:link_order').map((item) => item.text)];
		const orders = ids.map((id) => this.find(call, id));
		for (const order of orders) {
			if (!order.groupId) throw new RiqError(RIQ_ERRORS.invalidState, `Report ${order.orderId} is not part of a group`, base.referenceId);
		}
		for (const order of orders) this.ungroup(order);
		return { BackgroundReportPackage: { ReferenceId: base.referenceId, OrderId: base.orderId, ScreeningStatus: { OrderStatus: 'x:unlinked' } } };
	}

	private groupData(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		if (!order.groupId) throw new RiqError(RIQ_ERRORS.invalidState, `Report ${order.orderId} is not part of a group`, order.referenceId);
		const ids = [...(this.groups.get(order.groupId) ?? [])].sort((a, b) => Number(a) - Number(b));
		return {
			BackgroundReportPackage: {
				ReferenceId: order.referenceId,
				OrderId: order.orderId,
				RIQGroupIdentifier: order.groupId,
				GroupedReports: { ReportId: ids },
			},
		};
	}

	private letters(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		return {
			BackgroundReportPackage: {
				ReferenceId: order.referenceId,
				OrderId: order.orderId,
				SupportingDocumentation: order.letters.length === 0 ? '' : { Document: order.letters.map((l) => ({ Name: l.name, EncodedContent: l.content })) },
			},
		};
	}

	private packages(call: RiqCall): XmlNode {
		const location = this.locations.get(call.userId) as { products: string[] };
		return { BackgroundReportPackage: { ProductsAvailable: { Product: location.products } } };
	}

	private decision(call: RiqCall): XmlNode {
		const action = attr(call.pkg, 'action');
		if (action !== 'decision') throw new RiqError(RIQ_ERRORS.invalidRequest, 'The BackgroundSearchPackage action must be "decision"');
		const order = this.find(call, this.orderIdOf(call));
		const decision = text(call.pkg, 'PropertyDecision') ?? '';
		if (!(RIQ_DECISIONS as readonly string[]).includes(decision)) {
			throw new RiqError(RIQ_ERRORS.invalidRequest, `PropertyDecision must be one of ${RIQ_DECISIONS.join(', ')}`, order.referenceId);
		}
		if (order.status !== 'ready') throw new RiqError(RIQ_ERRORS.invalidState, `Report ${order.orderId} is still pending`, order.referenceId);
		order.propertyDecision = decision as RiqDecision;
		// STP generates the adverse-action letter from an adverse property decision.
		if (decision !== 'Accept') order.letters.push(this.letter(order, decision as RiqDecision));
		return { BackgroundReportPackage: { ReferenceId: order.referenceId, OrderId: order.orderId, Success: 'True' } };
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
		return { name: `AAL_${order.orderId}_${order.letters.length + 1}.pdf`, content: pdf.toString('base64') };
	}

	private statistics(call: RiqCall): XmlNode {
		const stats = child(call.pkg, 'Stats') ?? child(call.rootNode, 'Stats');
		const startText = text(stats, 'StartDate');
		const endText = text(stats, 'EndDate');
		if (!startText || !endText) throw new RiqError(RIQ_ERRORS.invalidRequest, 'Stats StartDate and EndDate are required');
		const start = DateTime.fromFormat(startText, 'MM-dd-yyyy', { zone: 'utc' });
		const end = DateTime.fromFormat(endText, 'MM-dd-yyyy', { zone: 'utc' });
		if (!start.isValid || !end.isValid) throw new RiqError(RIQ_ERRORS.invalidRequest, 'StartDate and EndDate must be MM-DD-YYYY');
		if (end < start) throw new RiqError(RIQ_ERRORS.invalidRequest, 'EndDate must not be before StartDate');
		const days = end.diff(start, 'days').days;
		if (days > STATS_MAX_DAYS) {
			throw new RiqError(RIQ_ERRORS.statsWindow, `The requested window is ${days} days; the maximum is ${STATS_MAX_DAYS} days`);
		}
		const from = start.toMillis();
		const to = end.plus({ days: 1 }).toMillis();
		const rows = [...this.orders.values()]
			.filter((order) => order.userId === call.userId && order.status === 'ready' && order.stats)
			.filter((order) => order.createdAt >= from && order.createdAt < to)
			.sort((a, b) => Number(a.orderId) - Number(b.orderId))
			.map((order) => {
				const s = order.stats as RiqStats;
				return {
					ReportNumber: order.orderId,
					CreditScore: String(s.creditScore),
					Evictions: { '@_Count': String(s.evictions.length), Eviction: s.evictions.map((e) => ({ FileDate: e.fileDate })) },
					Bankruptcies: {
						'@_Count': String(s.bankruptcies.length),
						Bankruptcy: s.bankruptcies.map((b) => ({ Type: b.type, CourtName: b.courtName, Status: b.status })),
					},
				};
			});
		return { Stats: rows.length === 0 ? '' : { Stat: rows } };
	}

	private upload(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		const docs = list(child(call.pkg, 'SupportingDocumentation'), 'Document');
		if (docs.length === 0) throw new RiqError(RIQ_ERRORS.invalidRequest, 'SupportingDocumentation needs at least one Document', order.referenceId);
		const accepted: RiqOrder['documents'] = [];
		for (const doc of docs) {
			const name = text(doc, 'OriginalFileName');
			const content = text(doc, 'EncodedContent');
			const fileType = text(doc, 'FileType') ?? null;
			if (!name) throw new RiqError(RIQ_ERRORS.invalidRequest, 'Document OriginalFileName is required', order.referenceId);
			if (!isBase64(content)) throw new RiqError(RIQ_ERRORS.invalidRequest, `Document ${name}: EncodedContent must be base64`, order.referenceId);
			if (fileType !== null && !/^\d+$/.test(fileType)) throw new RiqError(RIQ_ERRORS.invalidRequest, `Document ${name}: FileType must be a number`, order.referenceId);
			accepted.push({ name, fileType, bytes: Buffer.from(content as string, 'base64').length, via: 'upload' });
		}
		order.documents.push(...accepted);
		return { BackgroundReportPackage: { OrderId: order.orderId, VerificationDocumentation: 'Document(s) uploaded for this report.' } };
	}

	/** The browser page behind a ReportURL: lives reportUrlTtlSeconds (5 min) and reportUrlMaxLoads (2) loads. */
	private async report(ctx: RequestContext): Promise<void> {
		const link = this.links.get(ctx.params.token);
		const html = (title: string, body: string) =>
			`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
		if (!link) return sendText(ctx.res, 404, html('Report not found', ''), 'text/html; charset=utf-8');
		if (this.env.clock.now() >= link.expiresAt || link.loads >= this.settings.reportUrlMaxLoads) {
			return sendText(ctx.res, 410, html('This report link has expired', '<p>Request a fresh ReportURL from /api/partner/status.</p>'), 'text/html; charset=utf-8');
		}
		link.loads++;
		const order = this.orders.get(link.orderId) as RiqOrder;
		const stats = order.stats as RiqStats;
		const rows = [
			['Report number', order.orderId],
			['Reference', order.referenceId],
			['Applicant', `${order.applicant.givenName} ${order.applicant.familyName}`],
			['SSN', `***-**-${order.ssn.slice(5)}`],
			['Product', order.product],
			['Recommended decision', this.groupDecision(order) ?? ''],
			['Credit score', stats?.creditScore ?? ''],
			['Evictions', stats?.evictions.length ?? 0],
			['Bankruptcies', stats?.bankruptcies.length ?? 0],
		];
		const table = `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
		sendText(ctx.res, 200, html('ResidentIQ Sandbox Screening Report', table), 'text/html; charset=utf-8', { 'Cache-Control': 'no-store' });
	}

	// ---- time-driven state -------------------------------------------------------------------------------

	/** Completes due orders (auto-complete timer on the sandbox clock). */
	async tick(): Promise<void> {
		const now = this.env.clock.now();
		const due = [...this.orders.values()].filter((order) => order.status === 'pending' && order.dueAt !== null && order.dueAt <= now);
		await Promise.all(due.map((order) => this.complete(order.orderId)));
	}

	/** pending -> ready, then the postback (awaited, so callers see it recorded). */
	async complete(orderId: string, decision?: RiqDecision): Promise<RiqOrder | undefined> {
		const order = this.orders.get(orderId);
		if (!order || order.status !== 'pending') return undefined;
		const outcome = outcomeFor(order.ssn);
		order.status = 'ready';
		order.dueAt = null;
		order.readyAt = this.env.clock.now();
		order.recommendedDecision = decision ?? outcome.decision;
		order.stats = outcome.stats;
		await this.postback(order);
		return order;
	}

	private async postback(order: RiqOrder): Promise<void> {
		if (!order.postbackUrl) return;
		// No credentials in the postback: it goes to a partner URL, not back to the caller who sent them.
		const xml = buildXml({ BackgroundReports: { BackgroundReportPackage: this.statusPackage(order, 'full') } });
		const format = this.settings.postbackFormat;
		const body = format === 'form' ? new URLSearchParams({ [this.settings.postbackField]: xml }).toString() : xml;
		const contentType = format === 'form' ? 'application/x-www-form-urlencoded' : 'application/xml; charset=utf-8';
		// A postback URL may carry a user and password (https://user:pass@host/…): sent as HTTP Basic.
		const target = new URL(order.postbackUrl);
		const headers: Record<string, string> = { 'Content-Type': contentType };
		if (target.username || target.password) {
			const user = decodeURIComponent(target.username);
			const password = decodeURIComponent(target.password);
			headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
			target.username = '';
			target.password = '';
		}
		const call = await callOut(this.env.clock.iso(), 'POST', target.toString(), headers, body);
		order.postbacks.push({ ...call, format, orderStatus: `x:${order.status}` });
	}

	/** Admin/demo: an order without the XML round trip, optionally back-dated and already ready. */
	async seedOrder(input: z.input<typeof seedRiqOrderSchema>): Promise<RiqOrder> {
		const parsed = seedRiqOrderSchema.parse(input);
		const demo = this.env.credentials.residentIq;
		const order = this.createOrder({
			userId: demo.userId,
			referenceId: parsed.referenceId ?? `SANDBOX-${this.nextOrderId}`,
			product: parsed.product ?? RIQ_PRODUCTS[1],
			ssn: parsed.ssn,
			applicant: { givenName: parsed.givenName, middleName: '', familyName: parsed.familyName, dateOfBirth: null },
			postbackUrl: parsed.postbackUrl ?? null,
			additionalItems: {},
			documents: [],
			createdAt: this.env.clock.now() - parsed.createdDaysAgo * 86400000,
		});
		if (parsed.ready) await this.complete(order.orderId, parsed.decision);
		return order;
	}

	getOrder(orderId: string): RiqOrder | undefined {
		return this.orders.get(orderId);
	}

	snapshot(): unknown {
		return {
			settings: this.settings,
			products: Object.fromEntries([...this.locations].map(([userId, location]) => [userId, location.products])),
			orders: [...this.orders.values()].map((order) => ({
				...order,
				// The full SSN stays inside the sandbox; the state dump shows the last four like a report would.
				ssn: `*****${order.ssn.slice(5)}`,
				createdAt: new Date(order.createdAt).toISOString(),
				dueAt: order.dueAt === null ? null : new Date(order.dueAt).toISOString(),
				readyAt: order.readyAt === null ? null : new Date(order.readyAt).toISOString(),
				groupDecision: this.groupDecision(order),
				letters: order.letters.map((letter) => ({ name: letter.name, bytes: Buffer.from(letter.content, 'base64').length })),
			})),
			groups: Object.fromEntries([...this.groups].map(([id, members]) => [id, [...members]])),
		};
	}
}
