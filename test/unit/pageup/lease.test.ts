import { refusalSettles, statusesNamed } from '../../../nodes/PageUp/helpers/lease';

const FINAL = ['completed', 'failed', 'cancelled', 'expired'];

describe("reading PageUp's refusal of pending (allowed only from queued)", () => {
	test('names the provider statuses in any spelling', () => {
		expect(
			statusesNamed('status can only be set to pending from queued (current status is completed)'),
		).toEqual(['completed']);
		expect(statusesNamed('The check is In Progress')).toEqual(['inprogress']);
		expect(statusesNamed('Cannot go from in-progress to pending')).toEqual(['inprogress']);
	});

	test('settled only when every status it names is settled', () => {
		expect(refusalSettles('current status is completed', FINAL)).toBe(true);
		expect(refusalSettles('The background check is Failed.', FINAL)).toBe(true);
		expect(refusalSettles('current status is new', FINAL)).toBe(false);
		expect(refusalSettles('current status is new', ['new', ...FINAL])).toBe(true);
		// A sentence that also names an unsettled status is not read as settled.
		expect(refusalSettles('status is inprogress; allowed: completed, failed', FINAL)).toBe(false);
		// Nothing named (a bare 400, an empty body): unknown, so the check is emitted again.
		expect(refusalSettles('PageUp: The request is invalid.', FINAL)).toBe(false);
		expect(refusalSettles('', FINAL)).toBe(false);
	});
});
