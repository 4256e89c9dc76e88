import type { SandboxEnv } from '../context';
import type { XmlNode } from '../xml';
import { child, list, text } from '../xml';
import { decisionOf, recordDecision } from './decisions';
import { RIQ_ERRORS, RiqError, type RiqOrder, type RiqState } from './state';
import { statisticsOf } from './statistics';
import { submitOrder } from './submit';
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
		return submitOrder(this.state, this.env, call);
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

	decision(call: RiqCall): XmlNode {
		const order = this.find(call, this.orderIdOf(call));
		const decision = decisionOf(call, order.referenceId);
		if (order.status !== 'ready')
			throw new RiqError(
				RIQ_ERRORS.invalidState,
				`Report ${order.orderId} is still ${order.status}`,
				order.referenceId,
			);
		recordDecision(this.env, order, decision);
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
		const decision = decisionOf(call, orders[0].referenceId);
		for (const order of orders) {
			if (order.status !== 'ready')
				throw new RiqError(
					RIQ_ERRORS.invalidState,
					`Report ${order.orderId} is still ${order.status}`,
					orders[0].referenceId,
				);
		}
		for (const order of orders) recordDecision(this.env, order, decision);
		return {
			BackgroundReportPackage: {
				ReferenceId: orders[0].referenceId,
				OrderId: orders[0].orderId,
				Success: 'True',
			},
		};
	}

	/** The window is End Date minus Start Date in days (04-01 to 05-31 is 60): at most 60. */
	statistics(call: RiqCall): XmlNode {
		return statisticsOf(this.state, call);
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
