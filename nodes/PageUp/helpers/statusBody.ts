import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import {
	formatPath,
	isHttpsUrl,
	problemsOf,
	type FieldLabel,
	type Problem,
} from '../../shared/validation';

/** Statuses a provider may set with Update Status (`pending` only through Reset to Pending). */
export const UPDATE_STATUSES = [
	'new',
	'inprogress',
	'completed',
	'cancelled',
	'failed',
	'expired',
	'queued',
] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/** Which optional parts each status carries. */
export const STATUSES_WITH_REFERENCE: UpdateStatus[] = [
	'new',
	'inprogress',
	'completed',
	'cancelled',
	'failed',
	'expired',
];
export const STATUSES_WITH_REASON: UpdateStatus[] = ['failed', 'completed', 'cancelled'];
export const STATUSES_WITH_RESULTS: UpdateStatus[] = ['inprogress', 'completed', 'cancelled'];

const blankToUndefined = (value: unknown) =>
	value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
		? undefined
		: value;

const optionalText = z.preprocess(
	blankToUndefined,
	z.string({ invalid_type_error: 'must be text' }).trim().max(4000, 'is too long').optional(),
);

/** This node's rule, not PageUp's: PageUp asks for authenticated report links, so only https:// is sent. */
const REPORT_LINK_RULE =
	'must be a full https:// address (a rule of this node, not of PageUp: PageUp asks for links that make the viewer sign in, so only https:// links are sent)';

const reportLink = z.preprocess(
	blankToUndefined,
	z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.refine((value) => isHttpsUrl(value), REPORT_LINK_RULE)
		.optional(),
);

const ALLOWED_RESULT_FIELDS = 'reportType, reportLink, status';

/** One entry of `results`, as the user supplies it (unknown keys are refused, not silently dropped). */
export const resultSchema = z
	.object({
		reportType: z.preprocess(
			blankToUndefined,
			z.string({ required_error: 'is required', invalid_type_error: 'must be text' }).trim(),
		),
		reportLink,
		status: optionalText,
	})
	.strict();
export type StatusResult = z.infer<typeof resultSchema>;

export interface StatusInput {
	status: string;
	referenceNumber?: unknown;
	reasonForFail?: unknown;
	results?: unknown[];
}

const inputSchema = z.object({
	status: z.enum(UPDATE_STATUSES, {
		errorMap: () => ({ message: `must be one of ${UPDATE_STATUSES.join(', ')}` }),
	}),
	referenceNumber: optionalText,
	reasonForFail: optionalText,
	results: z.array(resultSchema).default([]),
});

/** Unknown result fields are named, with the ones allowed. */
const errorMap: z.ZodErrorMap = (issue, ctx) =>
	issue.code === 'unrecognized_keys'
		? {
				message: `unknown field(s) ${issue.keys.join(', ')} (allowed: ${ALLOWED_RESULT_FIELDS})`,
			}
		: { message: ctx.defaultError };

const FIELD_LABELS: Record<string, string> = {
	status: 'Status',
	referenceNumber: 'Reference Number',
	reasonForFail: 'Reason for Fail',
	reportType: 'Report Type',
	reportLink: 'Report Link',
};

/** Fields by their display names, results by their position (1-based): "Result 2: Report Link". */
export const statusFieldLabel: FieldLabel = (path) => {
	const [field, index, inner] = path;
	if (field === 'results' && typeof index === 'number') {
		const where = `Result ${index + 1}:`;
		if (inner === undefined) return where;
		return `${where} ${inner === 'status' ? 'Result Status' : (FIELD_LABELS[String(inner)] ?? inner)}`;
	}
	if (field === 'results') return '';
	return FIELD_LABELS[String(field)] ?? formatPath(path);
};

const isFilled = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** Rules that depend on the status; checked on the raw input so they are reported with field errors. */
function statusIssues(input: StatusInput): z.ZodIssue[] {
	const issues: z.ZodIssue[] = [];
	const add = (path: string, message: string) =>
		issues.push({ code: z.ZodIssueCode.custom, path: [path], message });
	const results = Array.isArray(input.results) ? input.results : [];
	if (input.status === 'new' && !isFilled(input.referenceNumber)) {
		add(
			'referenceNumber',
			'is required when the status is New: it is how PageUp links the check to your system',
		);
	}
	if (input.status === 'completed' && !isFilled(input.referenceNumber)) {
		add(
			'referenceNumber',
			'is required when the status is Completed (PageUp replaces the whole check, so leaving it out would erase it)',
		);
	}
	if (input.status === 'failed' && !isFilled(input.reasonForFail)) {
		add('reasonForFail', 'is required when the status is Failed: the recruiter sees it in PageUp');
	}
	if (
		input.status === 'completed' &&
		!results.some(
			(result) =>
				result && typeof result === 'object' && isFilled((result as IDataObject).reportLink),
		)
	) {
		add(
			'results',
			'A Completed check needs at least one result with a Report Link, so the recruiter can open the report',
		);
	}
	return issues;
}

export type ValidStatusInput = z.infer<typeof inputSchema>;

/** The input checked, or every problem with it (name fields with `statusFieldLabel`). */
export function validateStatusInput(
	input: StatusInput,
): { success: true; data: ValidStatusInput } | { success: false; problems: Problem[] } {
	const parsed = inputSchema.safeParse(input, { errorMap });
	const issues = [...(parsed.success ? [] : parsed.error.issues), ...statusIssues(input)];
	if (parsed.success && issues.length === 0) return { success: true, data: parsed.data };
	return { success: false, problems: problemsOf(new z.ZodError(issues)) };
}

/**
 * The PUT body for a status, in the shape of PageUp's examples: `status` always; `referenceNumber`
 * when given (required for new and completed); `reasonForFail` for failed and, as PageUp's
 * completed/cancelled example shows, always for completed and cancelled (empty string when blank);
 * `results` always for completed and cancelled, for inprogress only when partial results are given.
 * Nothing else: PageUp treats the body as the check's full new state.
 */
export function buildStatusBody(input: ValidStatusInput): IDataObject {
	const { status } = input;
	const body: IDataObject = { status };
	if (status === 'queued') return body;
	if (input.referenceNumber) body.referenceNumber = input.referenceNumber;
	if (status === 'failed') body.reasonForFail = input.reasonForFail;
	if (status === 'completed' || status === 'cancelled')
		body.reasonForFail = input.reasonForFail ?? '';
	const results = input.results.map((result) => {
		const entry: IDataObject = {};
		if (result.reportLink) entry.reportLink = result.reportLink;
		entry.reportType = result.reportType;
		if (result.status) entry.status = result.status;
		return entry;
	});
	if (status === 'completed' || status === 'cancelled') body.results = results;
	if (status === 'inprogress' && results.length > 0) body.results = results;
	return body;
}
