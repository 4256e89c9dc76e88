import { DateTime } from 'luxon';

import { child, text } from '../xml';
import type { XmlNode } from '../xml';
import { RIQ_ERRORS, RiqError, STATS_MAX_DAYS, type RiqState, type RiqStats } from './state';
import type { RiqCall } from './xml';

/** The window is End Date minus Start Date in days (04-01 to 05-31 is 60): at most 60. */
export function statisticsOf(state: RiqState, call: RiqCall): XmlNode {
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
	const rows = [...state.orders.values()]
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
