import { z } from 'zod';

import type { SandboxEnv } from '../context';
import type { OutboundCall } from '../http';
import { hashString } from '../rng';

export const RIQ_DECISIONS = ['Accept', 'Conditional-Low', 'Conditional-High', 'Decline'] as const;
export type RiqDecision = (typeof RIQ_DECISIONS)[number];
/** The seed's sandbox test SSNs. */
export const RIQ_TEST_SSNS = ['333221111', '111223333'];
export const RIQ_PRODUCTS = ['RIQ Basic', 'RIQ Standard', 'RIQ Premium'];
export const STATS_MAX_DAYS = 60;

/** Alternative scoring models every sandbox location has (RIQ's api-spec sample), with score bands per decision. */
export const RIQ_SCORING_MODELS = [
	{
		name: 'default',
		accept: '85-100',
		conditionalHigh: '75-84',
		conditionalLow: '45-74',
		deny: '0-44',
	},
	{
		name: 'Test Affordable',
		accept: '50-100',
		conditionalHigh: '21-49',
		conditionalLow: '6-20',
		deny: '0-5',
	},
];

/** Our error codes (the seed only shows 1); documented in docs/sandbox.md. */
export const RIQ_ERRORS = {
	invalidRequest: 1,
	authentication: 2,
	notFound: 3,
	invalidState: 4,
	statsWindow: 5,
	/** A report that failed in screening (its status answers x:error). */
	reportFailed: 6,
} as const;

export const DECISION_TEXT: Record<RiqDecision, string> = {
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
		/**
		 * A postback URL's user:password@: "drop" (default: RIQ does not document turning it into a header, and many
		 * HTTP clients do not) or "basic" (sent as an Authorization: Basic header).
		 */
		postbackUserinfo: z.enum(['drop', 'basic']).optional(),
		/** Echo the order's x:postback_userId / x:postback_password in its postbacks (TazWorks style; default on). */
		echoPostbackPair: z.boolean().optional(),
	})
	.strict();
export interface RiqSettings {
	postbackFormat: 'form' | 'xml';
	postbackField: string;
	autoCompleteSeconds: number | null;
	reportUrlTtlSeconds: number;
	reportUrlMaxLoads: number;
	strictTestSsns: boolean;
	postbackUserinfo: 'drop' | 'basic';
	echoPostbackPair: boolean;
}

export const reportErrorSchema = z
	.object({
		code: z.string().min(1).default(String(RIQ_ERRORS.reportFailed)),
		description: z.string().min(1).default("The applicant's identity could not be verified"),
	})
	.strict();

export const seedRiqOrderSchema = z
	.object({
		ssn: z
			.string()
			.regex(/^\d{9}$/)
			.default('333221111'),
		product: z.string().min(1).optional(),
		referenceId: z.string().min(1).optional(),
		givenName: z.string().min(1).default('Hank'),
		familyName: z.string().min(1).default('Mess'),
		createdDaysAgo: z.number().min(0).default(0),
		ready: z.boolean().default(false),
		decision: z.enum(RIQ_DECISIONS).optional(),
		postbackUrl: z.string().url().optional(),
		/** The report fails in screening: its status answers x:error with this code and description. */
		error: reportErrorSchema.optional(),
	})
	.strict();

export interface RiqStats {
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
	status: 'pending' | 'ready' | 'error';
	createdAt: number;
	dueAt: number | null;
	readyAt: number | null;
	applicant: {
		givenName: string;
		middleName: string;
		familyName: string;
		dateOfBirth: string | null;
	};
	ssn: string;
	postbackUrl: string | null;
	additionalItems: Record<string, string[]>;
	scoringModel: string;
	recommendedDecision: RiqDecision | null;
	propertyDecision: RiqDecision | null;
	groupId: string | null;
	error: { code: string; description: string } | null;
	documents: Array<{
		name: string;
		fileType: string | null;
		bytes: number;
		via: 'submit' | 'upload';
	}>;
	letters: Array<{ name: string; content: string }>;
	stats: RiqStats | null;
	postbacks: PostbackRecord[];
}

export interface ReportLink {
	orderId: string;
	expiresAt: number;
	loads: number;
}

export class RiqError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly referenceId?: string,
	) {
		super(message);
	}
}

/** Outcome per SSN: the two test SSNs give a clean and an adverse file; any other SSN (strict mode off) is hashed. */
export function outcomeFor(ssn: string): { decision: RiqDecision; stats: RiqStats } {
	if (ssn === '333221111')
		return { decision: 'Accept', stats: { creditScore: 742, evictions: [], bankruptcies: [] } };
	if (ssn === '111223333') {
		return {
			decision: 'Decline',
			stats: {
				creditScore: 31,
				evictions: [{ fileDate: '2/13/2019' }],
				bankruptcies: [
					{ type: 'BankruptcyChapter7', courtName: 'US BKPT CT CO DENVER', status: 'Discharged' },
				],
			},
		};
	}
	const h = hashString(ssn);
	return {
		decision: RIQ_DECISIONS[h % 4],
		stats: { creditScore: 300 + (h % 550), evictions: [], bankruptcies: [] },
	};
}

export type NewOrder = Pick<
	RiqOrder,
	| 'userId'
	| 'referenceId'
	| 'product'
	| 'ssn'
	| 'applicant'
	| 'postbackUrl'
	| 'additionalItems'
	| 'documents'
	| 'createdAt'
> & { scoringModel?: string };

/** Locations, orders, groups and report links of the RIQ sandbox, with the group rules. */
export class RiqState {
	settings!: RiqSettings;
	locations = new Map<
		string,
		{ password: string; products: string[]; scoringModels: typeof RIQ_SCORING_MODELS }
	>();
	orders = new Map<string, RiqOrder>();
	groups = new Map<string, Set<string>>();
	links = new Map<string, ReportLink>();
	nextOrderId = 500001;

	constructor(private readonly env: SandboxEnv) {
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
			postbackUserinfo: 'drop',
			echoPostbackPair: true,
		};
		const demo = this.env.credentials.residentIq;
		this.locations = new Map([
			[
				demo.userId,
				{ password: demo.password, products: [...RIQ_PRODUCTS], scoringModels: RIQ_SCORING_MODELS },
			],
		]);
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

	createOrder(input: NewOrder): RiqOrder {
		const orderId = String(this.nextOrderId++);
		const auto = this.settings.autoCompleteSeconds;
		const order: RiqOrder = {
			...input,
			scoringModel: input.scoringModel ?? 'default',
			orderId,
			status: 'pending',
			dueAt: auto === null ? null : this.env.clock.now() + auto * 1000,
			readyAt: null,
			recommendedDecision: null,
			propertyDecision: null,
			groupId: null,
			error: null,
			letters: [],
			stats: null,
			postbacks: [],
		};
		this.orders.set(orderId, order);
		return order;
	}

	/** The order for this location, or RIQ's "not found for this client location". */
	find(userId: string, orderId: string): RiqOrder {
		const order = this.orders.get(orderId);
		if (!order || order.userId !== userId)
			throw new RiqError(
				RIQ_ERRORS.notFound,
				`Report ${orderId} was not found for this client location`,
			);
		return order;
	}

	members(order: RiqOrder): RiqOrder[] {
		if (!order.groupId) return [order];
		return [...(this.groups.get(order.groupId) ?? [])].map((id) => this.orders.get(id) as RiqOrder);
	}

	/** The status route reports the group's decision: the most adverse recommendation among ready members. */
	groupDecision(order: RiqOrder): RiqDecision | null {
		let worst: RiqDecision | null = null;
		for (const member of this.members(order)) {
			const decision = member.recommendedDecision;
			if (member.status !== 'ready' || !decision) continue;
			if (worst === null || RIQ_DECISIONS.indexOf(decision) > RIQ_DECISIONS.indexOf(worst))
				worst = decision;
		}
		return worst;
	}

	group(orderIds: string[]): string {
		const involved = orderIds.map((id) => this.orders.get(id) as RiqOrder);
		const existing = involved
			.map((order) => order.groupId)
			.filter((id): id is string => id !== null);
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

	ungroup(order: RiqOrder): void {
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

	mintReportUrl(order: RiqOrder): string {
		const token = this.env.rng.stream('riq-links').hex(32);
		this.links.set(token, {
			orderId: order.orderId,
			expiresAt: this.env.clock.now() + this.settings.reportUrlTtlSeconds * 1000,
			loads: 0,
		});
		return `${this.env.baseUrl()}/riq/reports/${token}`;
	}
}
