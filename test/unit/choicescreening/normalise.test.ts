import { normaliseOrder } from '../../../nodes/ChoiceScreening/helpers/response';

describe('normaliseOrder: one set of fields whatever the wrapper', () => {
	test.each([
		[
			'the {order: {...}} wrapper',
			{
				order: {
					id: 4711,
					trackingId: 'PAGEUP-1',
					status: 'In Progress',
					reportUrl: 'https://r/1',
				},
			},
		],
		[
			'the top level',
			{ id: 4711, trackingId: 'PAGEUP-1', status: 'In Progress', reportUrl: 'https://r/1' },
		],
		[
			'other letter cases and names',
			{
				Order: {
					OrderId: '4711',
					TrackingID: 'PAGEUP-1',
					OrderStatus: 'In Progress',
					ReportLink: 'https://r/1',
				},
			},
		],
		[
			'the wrapper without a tracking id, the top level with it',
			{
				trackingId: 'PAGEUP-1',
				order: { id: 4711, status: 'In Progress', reportUrl: 'https://r/1' },
			},
		],
	])('%s', (_name, body) => {
		expect(normaliseOrder(body)).toEqual({
			orderId: '4711',
			trackingId: 'PAGEUP-1',
			status: 'In Progress',
			reportUrl: 'https://r/1',
		});
	});

	test('the wrapper wins over the top level; missing fields are null, reportUrl left out', () => {
		expect(normaliseOrder({ status: 'outer', order: { id: 5, status: 'inner' } })).toEqual({
			orderId: '5',
			trackingId: null,
			status: 'inner',
		});
	});

	test('an empty or non-object answer keeps the order id that was sent', () => {
		expect(normaliseOrder('', '42')).toEqual({ orderId: '42', trackingId: null, status: null });
		expect(normaliseOrder(undefined)).toEqual({ orderId: null, trackingId: null, status: null });
	});
});
