import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationMeta } from '../../../shared/registry';
import { failureSeen, SetupReport, setupOrderIdField } from '../../../shared/setupCheck';
import { reportStatus, scoringModels } from '../../helpers/mapping';
import { searchPackage } from '../../helpers/searchPackage';
import { riqExchange, VENDOR, type RiqCall, type RiqExchange } from '../../transport';
import { PACKAGES_REQUEST, productsFrom } from '../../transport/products';
import { SCORING_MODELS_REQUEST } from '../../transport/scoring';
import { child, rootElement } from '../../transport/xml';

export const meta: OperationMeta = {
	name: 'Check Setup',
	action: 'Check the ResidentIQ setup',
	description:
		'Try every assumption this package makes about your RIQ client location, read-only, and report which held',
	writes: false,
};

export const description: INodeProperties[] = [setupOrderIdField(VENDOR)];

type Outcome = { ok: true; exchange: RiqExchange } | { ok: false; seen: string };

/** One read: RIQ's x:error is reported by its code only (its description may quote the user id). */
async function read(this: IExecuteFunctions, call: RiqCall): Promise<Outcome> {
	try {
		const exchange = await riqExchange.call(this, { ...call, retry: { maxAttempts: 1 } });
		if (exchange.error)
			return { ok: false, seen: `x:error, ErrorCode ${exchange.error.code ?? 'none'}` };
		return { ok: true, exchange };
	} catch (error) {
		return { ok: false, seen: failureSeen(error) };
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const report = new SetupReport(VENDOR);

	const packages = await read.call(this, {
		route: 'packages',
		content: PACKAGES_REQUEST,
		itemIndex,
	});
	const credentials =
		'The client location user ID and password (root attributes) are accepted at /api/partner/packages';
	if (packages.ok) report.held(credentials, 'an answer without x:error');
	else report.differs(credentials, packages.seen, 'Check the credential and its environment');

	const products = 'The location can order at least one product (ProductsAvailable/Product)';
	if (!packages.ok) report.notCheckable(products, 'the product list could not be read');
	else {
		const names = productsFrom(packages.exchange.doc, packages.exchange.packages);
		if (names.length) report.held(products, `${names.length} product(s)`);
		else
			report.differs(products, 'no product listed', 'Ask RIQ to enable products for this location');
	}

	const scoring = await read.call(this, {
		route: 'scoringModels',
		root: 'BackgroundReports',
		content: SCORING_MODELS_REQUEST,
		itemIndex,
	});
	const models =
		'Scoring models are listed at /api/partner/scoring/models (AlternativeScoringModels/Model)';
	if (!scoring.ok) report.differs(models, scoring.seen);
	else {
		const list = scoringModels([
			...scoring.exchange.packages,
			rootElement(scoring.exchange.doc)?.node,
		]);
		if (list.length) report.held(models, `${list.length} model(s)`);
		else report.differs(models, 'no model listed ("default" is then the only choice)');
	}

	const raw = this.getNodeParameter('setupOrderId', itemIndex, '') as unknown;
	const orderId = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	const statusAssumption =
		'/api/partner/status answers for an order with ScreeningStatus/OrderStatus';
	const linkAssumption = 'A full status read gives a report link (ReportURL)';
	if (!orderId) {
		for (const assumption of [statusAssumption, linkAssumption])
			report.notCheckable(
				assumption,
				'no Existing Order ID given',
				'Give a report number to check these',
			);
		return report.items(itemIndex);
	}
	const status = await read.call(this, {
		route: 'status',
		content: searchPackage('status', { OrderId: orderId, 'report-type': 'full' }),
		itemIndex,
	});
	if (!status.ok) {
		report.differs(statusAssumption, status.seen, 'Check the report number');
		report.notCheckable(linkAssumption, 'the status could not be read');
		return report.items(itemIndex);
	}
	const pkg = status.exchange.packages[0];
	const result = reportStatus(pkg);
	const elements = Object.keys(child(pkg, 'ScreeningStatus') ?? {})
		.filter((name) => !name.startsWith('@_') && !name.startsWith('#'))
		.sort();
	if (result.statusRaw)
		report.held(statusAssumption, `ScreeningStatus elements: ${elements.join(', ')}`);
	else
		report.differs(
			statusAssumption,
			pkg ? `ScreeningStatus elements: ${elements.join(', ') || 'none'}` : 'no report package',
		);
	if (result.reportUrl) report.held(linkAssumption, 'ReportURL given (a web link)');
	else if (result.status !== 'ready')
		report.notCheckable(
			linkAssumption,
			`no ReportURL; the report is ${result.status ?? 'of unknown status'}`,
		);
	else report.differs(linkAssumption, 'a ready report without ReportURL');
	return report.items(itemIndex);
}
