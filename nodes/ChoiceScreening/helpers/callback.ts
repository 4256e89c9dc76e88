import { isObj, orderNumberOf } from './response';

type Obj = Record<string, unknown>;

const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Keys that hold the order number, in the order they are trusted (compared case-insensitively). */
const ID_KEYS = ['id', 'orderid', 'ordernumber', 'orderno'];
/** Objects a callback may wrap the order in; `order` is the documented order-response shape. */
const WRAPPERS = ['order', 'orderresponse', 'data', 'result', 'payload', 'body'];
const MAX_DEPTH = 4;

function field(holder: Obj, wanted: string): unknown {
	for (const [name, value] of Object.entries(holder)) if (key(name) === wanted) return value;
	return undefined;
}

/**
 * The objects to look in, most trusted first: the documented `{ "order": {...} }`, the body itself,
 * then other wrappers (and the entries of an array) down to a few levels.
 */
function holdersOf(body: unknown): Obj[] {
	const holders: Obj[] = [];
	const visit = (value: unknown, depth: number) => {
		if (depth > MAX_DEPTH) return;
		if (Array.isArray(value)) {
			for (const entry of value.slice(0, 20)) visit(entry, depth + 1);
			return;
		}
		if (!isObj(value)) return;
		const order = field(value, 'order');
		if (isObj(order)) holders.push(order);
		holders.push(value);
		for (const wrapper of WRAPPERS) {
			const inner = field(value, wrapper);
			if (inner !== undefined && inner !== order) visit(inner, depth + 1);
		}
	};
	visit(body, 0);
	return [...new Set(holders)];
}

/**
 * The order number in a callback, wherever a reasonable sender would put it (Choice does not document
 * the callback): `order.id`, then `id` / `orderId` / `orderNumber` at the top, then inside wrappers,
 * any letter case. Also the tracking ID, for callbacks that carry only that.
 */
export function findCallbackIds(body: unknown): { orderId?: string; trackingId?: string } {
	const holders = holdersOf(body);
	let orderId: string | undefined;
	for (const holder of holders) {
		for (const name of ID_KEYS) {
			orderId = orderNumberOf(field(holder, name));
			if (orderId) break;
		}
		if (orderId) break;
	}
	let trackingId: string | undefined;
	for (const holder of holders) {
		const value = field(holder, 'trackingid');
		if ((typeof value === 'string' && value.trim()) || typeof value === 'number') {
			trackingId = String(value).trim();
			break;
		}
	}
	return { ...(orderId ? { orderId } : {}), ...(trackingId ? { trackingId } : {}) };
}

const STATUS_KEYS = [
	'status',
	'statustext',
	'iscomplete',
	'iserror',
	'result',
	'statusdatetime',
	'completeddate',
];

function statusFields(holder: Obj): unknown[] {
	return STATUS_KEYS.map((name) => field(holder, name) ?? null);
}

/**
 * What "the order's status" means for telling a replay from news: the order's status fields and each
 * item's, as one string. Anything else in the body (timestamps of the delivery, for example) is ignored.
 */
export function statusFingerprint(body: unknown): string {
	const [order] = holdersOf(body);
	if (!order) return JSON.stringify(null);
	const items = field(order, 'items');
	const list = Array.isArray(items) ? items : isObj(items) ? field(items, 'item') : undefined;
	const itemStatus = Array.isArray(list)
		? list.filter(isObj).map((item) => statusFields(item))
		: [];
	return JSON.stringify([statusFields(order), itemStatus]);
}
