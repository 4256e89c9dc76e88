import { isObj, orderNumberOf } from './response';

type Obj = Record<string, unknown>;

const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Keys that hold the order number, in the order they are trusted (compared case-insensitively). */
const ID_KEYS = ['id', 'orderid', 'ordernumber', 'orderno'];
/** Objects a callback may wrap the order in; `order` is the documented order-response shape. */
const WRAPPERS = ['order', 'orderresponse', 'data', 'result', 'payload', 'body', 'event'];
/** Keys that name the order number wherever they are; a bare `id` counts only on the order or a wrapper. */
const ORDER_ID_KEYS = ID_KEYS.filter((name) => name !== 'id');
const MAX_DEPTH = 6;
const MAX_HOLDERS = 200;

function field(holder: Obj, wanted: string): unknown {
	for (const [name, value] of Object.entries(holder)) if (key(name) === wanted) return value;
	return undefined;
}

interface Holder {
	object: Obj;
	/** The body, an `order`, or a wrapper: a bare `id` here is the order's. */
	trusted: boolean;
}

/**
 * The objects to look in, most trusted first: the documented `{ "order": {...} }`, the body itself, then
 * everything below (wrappers first), breadth first down to {@link MAX_DEPTH} levels.
 */
function holdersOf(body: unknown): Holder[] {
	const holders: Holder[] = [];
	let level: Array<{ value: unknown; trusted: boolean }> = [{ value: body, trusted: true }];
	for (let depth = 0; depth <= MAX_DEPTH && level.length && holders.length < MAX_HOLDERS; depth++) {
		const next: typeof level = [];
		for (const { value, trusted } of level) {
			if (Array.isArray(value)) {
				for (const entry of value.slice(0, 20)) next.push({ value: entry, trusted: false });
				continue;
			}
			if (!isObj(value)) continue;
			const order = field(value, 'order');
			if (isObj(order)) holders.push({ object: order, trusted: true });
			holders.push({ object: value, trusted });
			const entries = Object.entries(value).filter(([, inner]) => inner !== order);
			for (const [name, inner] of entries)
				if (WRAPPERS.includes(key(name))) next.push({ value: inner, trusted });
			for (const [name, inner] of entries)
				if (!WRAPPERS.includes(key(name))) next.push({ value: inner, trusted: false });
		}
		level = next;
	}
	const seen = new Set<Obj>();
	return holders.filter(({ object }) => !seen.has(object) && !!seen.add(object));
}

/**
 * The order number in a callback, wherever a reasonable sender would put it (Choice does not document
 * the callback): `order.id`, then `id` / `orderId` / `orderNumber` at the top, then inside wrappers and
 * anything else a few levels down, any letter case. Also the tracking ID, for callbacks that carry only that.
 */
export function findCallbackIds(body: unknown): { orderId?: string; trackingId?: string } {
	const holders = holdersOf(body);
	let orderId: string | undefined;
	for (const { object, trusted } of holders) {
		for (const name of trusted ? ID_KEYS : ORDER_ID_KEYS) {
			orderId = orderNumberOf(field(object, name));
			if (orderId) break;
		}
		if (orderId) break;
	}
	let trackingId: string | undefined;
	for (const { object } of holders) {
		const value = field(object, 'trackingid');
		if ((typeof value === 'string' && value.trim()) || typeof value === 'number') {
			trackingId = String(value).trim();
			break;
		}
	}
	return { ...(orderId ? { orderId } : {}), ...(trackingId ? { trackingId } : {}) };
}

/** Keys that hold an order's status, as Choice might name them (it publishes no response model). */
const STATUS_KEYS = [
	'status',
	'orderstatus',
	'state',
	'statustext',
	'statuscode',
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
 * The order's status as read back, for de-duplication: the order's status fields and each item's, as one
 * string; undefined when no status field is recognised (the caller then hashes the whole read-back).
 * `vendorStatus` is the order's own status value, when there is one.
 */
export function readStatus(body: unknown): { fingerprint?: string; vendorStatus?: string } {
	const order = holdersOf(body)[0]?.object;
	if (!order) return {};
	const items = field(order, 'items');
	const list = Array.isArray(items) ? items : isObj(items) ? field(items, 'item') : undefined;
	const itemStatus = Array.isArray(list)
		? list.filter(isObj).map((item) => statusFields(item))
		: [];
	const own = statusFields(order);
	const recognised = [own, ...itemStatus].some((fields) => fields.some((value) => value !== null));
	if (!recognised) return {};
	const status = ['status', 'orderstatus', 'state', 'statustext']
		.map((name) => field(order, name))
		.find((value) => typeof value === 'string' || typeof value === 'number');
	return {
		fingerprint: JSON.stringify([own, itemStatus]),
		...(status !== undefined ? { vendorStatus: String(status) } : {}),
	};
}
