import {
	buildStatusBody,
	statusFieldLabel,
	UPDATE_STATUSES,
	validateStatusInput,
	type StatusInput,
} from '../../../nodes/PageUp/helpers/statusBody';
import { describeProblems } from '../../../nodes/shared/validation';

/** The problems as the node's error names them. */
function problems(input: StatusInput) {
	const parsed = validateStatusInput(input);
	return parsed.success ? '' : describeProblems(parsed.problems, statusFieldLabel).join('; ');
}

function build(input: StatusInput) {
	const parsed = validateStatusInput(input);
	if (!parsed.success) throw new Error(problems(input));
	return buildStatusBody(parsed.data);
}

describe('buildStatusBody', () => {
	test('only the keys PageUp shows for each status', () => {
		expect(build({ status: 'new', referenceNumber: 'R' })).toEqual({
			status: 'new',
			referenceNumber: 'R',
		});
		expect(build({ status: 'inprogress' })).toEqual({ status: 'inprogress' });
		expect(build({ status: 'expired' })).toEqual({ status: 'expired' });
		expect(build({ status: 'queued', referenceNumber: 'ignored' })).toEqual({ status: 'queued' });
		expect(build({ status: 'failed', reasonForFail: 'why' })).toEqual({
			status: 'failed',
			reasonForFail: 'why',
		});
		expect(build({ status: 'cancelled' })).toEqual({
			status: 'cancelled',
			reasonForFail: '',
			results: [],
		});
	});

	test('trims text and leaves blank optional result fields out', () => {
		expect(
			build({
				status: 'completed',
				referenceNumber: '  R-1 ',
				reasonForFail: '   ',
				results: [{ reportType: ' Police ', reportLink: ' https://r.test/1 ', status: '' }],
			}),
		).toEqual({
			status: 'completed',
			referenceNumber: 'R-1',
			reasonForFail: '',
			results: [{ reportLink: 'https://r.test/1', reportType: 'Police' }],
		});
	});

	test('never sends pending (only Reset to Pending does)', () => {
		expect(UPDATE_STATUSES).not.toContain('pending');
		expect(problems({ status: 'pending' })).toMatch(/Status must be one of/);
	});
});

describe('validateStatusInput', () => {
	test.each([
		['ftp://r.test/1'],
		['http://r.test/1'],
		['https://'],
		['javascript:alert(1)'],
		['//r.test/1'],
	])('refuses report link %s', (reportLink) => {
		expect(problems({ status: 'inprogress', results: [{ reportType: 't', reportLink }] })).toMatch(
			/Result 1: Report Link must be a full https:\/\/ address/,
		);
	});

	test('reports every problem at once, naming results by position', () => {
		expect(
			problems({
				status: 'completed',
				results: [
					{ reportType: 'a', reportLink: 'https://ok.test' },
					{ reportLink: 'http://x.test' },
				],
			}),
		).toBe(
			'Result 2: Report Type is required; Result 2: Report Link must be a full https:// address (a rule of this node, not of PageUp: PageUp asks for links that make the viewer sign in, so only https:// links are sent); Reference Number is required when the status is Completed (PageUp replaces the whole check, so leaving it out would erase it)',
		);
	});

	test('refuses values that are not text', () => {
		expect(problems({ status: 'new', referenceNumber: { a: 1 } })).toMatch(
			/Reference Number must be text/,
		);
		expect(problems({ status: 'inprogress', results: ['x'] })).toMatch(/Result 1/);
	});

	test('a number reference from an expression is refused rather than guessed', () => {
		expect(problems({ status: 'new', referenceNumber: 42 })).toMatch(
			/Reference Number must be text/,
		);
	});
});
