import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { attribute, child, children, text, texts, type XmlNode } from '../transport/xml';

const KNOWN_STATUSES: Record<string, string> = {
	'x:pending': 'pending',
	'x:ready': 'ready',
	'x:error': 'error',
};

/** `x:pending` -> `pending`; anything else loses its `x:` prefix. The raw value is kept beside it. */
export function mapStatus(raw: string | undefined): {
	status: string | null;
	statusRaw: string | null;
} {
	if (!raw) return { status: null, statusRaw: null };
	const trimmed = raw.trim();
	const known = KNOWN_STATUSES[trimmed.toLowerCase()];
	return { status: known ?? trimmed.replace(/^x:/i, '').toLowerCase(), statusRaw: trimmed };
}

/** A report link only if it is a plain web address (anything else from the wire is dropped). */
function webUrl(value: string | undefined): string | null {
	return value !== undefined && /^https?:\/\/[^\s]+$/i.test(value) ? value : null;
}

/** The report an answer is about: RIQ's OrderId (else the one asked about) and ReferenceId. */
export function reportIds(pkg: XmlNode | undefined, askedAbout: string): IDataObject {
	return {
		orderId: text(pkg, 'OrderId') ?? askedAbout,
		referenceId: text(pkg, 'ReferenceId') ?? null,
	};
}

/** The fields every report answer shares (status, decision and report URL when RIQ sends them). */
export function reportStatus(pkg: XmlNode | undefined): IDataObject {
	const screening = child(pkg, 'ScreeningStatus');
	return {
		orderId: text(pkg, 'OrderId') ?? null,
		referenceId: text(pkg, 'ReferenceId') ?? null,
		...mapStatus(text(screening, 'OrderStatus')),
		decision: text(screening, 'OrderDecision') ?? null,
		decisionDescription: text(screening, 'OrderDecisionDescription') ?? null,
		reportUrl: webUrl(text(pkg, 'ReportURL') ?? text(pkg, 'ReportUrl')),
	};
}

/**
 * Group members: RIQ's sample lists bare `ReportId` elements; its newer docs add the member's name
 * and property decision, so member elements holding a `ReportId` are read too.
 */
export function groupMembers(pkg: XmlNode | undefined): IDataObject[] {
	const grouped = child(pkg, 'GroupedReports');
	const members: IDataObject[] = texts(grouped, 'ReportId').map((reportId) => ({
		reportId,
		fullName: null,
		propertyDecision: null,
	}));
	for (const name of Object.keys(grouped ?? {})) {
		if (name === 'ReportId' || name.startsWith('@_') || name.startsWith('#')) continue;
		for (const member of children(grouped, name)) {
			const reportId = text(member, 'ReportId') ?? text(member, 'OrderId');
			if (!reportId) continue;
			members.push({
				reportId,
				fullName: text(member, 'FullName') ?? null,
				propertyDecision: text(member, 'PropertyDecision') ?? null,
			});
		}
	}
	return members;
}

function countOf(node: XmlNode | undefined, entries: unknown[]): number {
	const declared = Number(attribute(node, 'Count'));
	return Number.isInteger(declared) && declared >= 0 ? declared : entries.length;
}

function isoDate(value: string | undefined): string | null {
	if (!value) return null;
	for (const format of ['M/d/yyyy', 'MM-dd-yyyy', 'yyyy-MM-dd']) {
		const parsed = DateTime.fromFormat(value, format, { zone: 'utc' });
		if (parsed.isValid) return parsed.toISODate();
	}
	return null;
}

/** One statistics row: credit score (RIQ's own score when no bureau score is on file), evictions, bankruptcies. */
export function statistic(stat: XmlNode): IDataObject {
	const evictionsNode = child(stat, 'Evictions');
	const bankruptciesNode = child(stat, 'Bankruptcies');
	const evictions = children(evictionsNode, 'Eviction').map((eviction) => {
		const fileDate = text(eviction, 'FileDate') ?? null;
		return { fileDate, fileDateIso: isoDate(fileDate ?? undefined) };
	});
	const bankruptcies = children(bankruptciesNode, 'Bankruptcy').map((bankruptcy) => ({
		type: text(bankruptcy, 'Type') ?? null,
		courtName: text(bankruptcy, 'CourtName') ?? null,
		status: text(bankruptcy, 'Status') ?? null,
	}));
	const score = text(stat, 'CreditScore');
	return {
		reportNumber: text(stat, 'ReportNumber') ?? null,
		creditScore: score !== undefined && /^-?\d+$/.test(score) ? Number(score) : (score ?? null),
		evictionCount: countOf(evictionsNode, evictions),
		evictions,
		bankruptcyCount: countOf(bankruptciesNode, bankruptcies),
		bankruptcies,
	};
}

/** RIQ's report links live five minutes from when they are minted (its api-spec; a location can be set otherwise). */
export const REPORT_URL_LIFE_MINUTES = 5;

/** When the report link was minted and when it stops working; nulls when there is no link. */
export function reportUrlTimes(reportUrl: unknown, now = DateTime.utc()): IDataObject {
	if (!reportUrl) return { reportUrlIssuedAt: null, reportUrlExpiresAt: null };
	return {
		reportUrlIssuedAt: now.toISO(),
		reportUrlExpiresAt: now.plus({ minutes: REPORT_URL_LIFE_MINUTES }).toISO(),
	};
}

/** "85-100" -> { min: 85, max: 100 }; null when RIQ writes the band some other way. */
function band(value: string | undefined): IDataObject | null {
	const match = value?.match(/^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/);
	return match
		? { min: Number(match[1]), max: Number(match[2]), text: value?.trim() ?? null }
		: value
			? { min: null, max: null, text: value }
			: null;
}

/** One alternative scoring model with its score band per recommended decision. */
export function scoringModel(model: XmlNode): IDataObject {
	return {
		name: text(model, 'Name') ?? null,
		bands: {
			accept: band(text(model, 'RecDecAccept')),
			conditionalHigh: band(text(model, 'RecDecConditionalHigh')),
			conditionalLow: band(text(model, 'RecDecConditionalLow')),
			decline: band(text(model, 'RecDecDeny') ?? text(model, 'RecDecDecline')),
		},
	};
}

/** Every Model of an AlternativeScoringModels list, inside a report package or directly under the root. */
export function scoringModels(holders: Array<XmlNode | undefined>): IDataObject[] {
	const models = holders.flatMap((holder) =>
		children(child(holder, 'AlternativeScoringModels'), 'Model'),
	);
	const seen = new Set<string>();
	return models.map(scoringModel).filter((model) => {
		const name = model.name as string | null;
		if (!name || seen.has(name)) return false;
		seen.add(name);
		return true;
	});
}
