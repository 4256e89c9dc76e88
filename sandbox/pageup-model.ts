import { z } from 'zod';

export const READ_SCOPE = 'Public.BackgroundCheck.Read';
export const WRITE_SCOPE = 'Public.BackgroundCheck.Write';
export const PAGEUP_STATUSES = [
	'new',
	'inprogress',
	'completed',
	'cancelled',
	'failed',
	'expired',
	'queued',
	'pending',
] as const;
export type PageUpStatus = (typeof PAGEUP_STATUSES)[number];

/** The seed: "a maximum of 5 background check invitations" per GET. */
export const PAGE_LIMIT = 5;

export interface PageUpResult {
	reportLink?: string;
	reportType: string;
	status?: string;
}

/** A check as PageUp hands it to a provider (our chosen shape; see README). */
export interface PageUpCheck {
	id: number;
	status: PageUpStatus;
	provider: string;
	package: { code: string; name: string };
	applicant: { id: number; firstName: string; middleName: string; lastName: string; email: string };
	application: { id: number; submittedDate: string };
	job: { id: number; reference: string; title: string; location: string };
	referenceNumber: string | null;
	reasonForFail: string | null;
	results: PageUpResult[];
	createdDate: string;
	lastModifiedDate: string;
}

export interface PutRecord {
	at: string;
	body: unknown;
	httpStatus: number;
	statusBefore: PageUpStatus;
	statusAfter: PageUpStatus;
	error?: string;
	/** The answer never reached the client (an injected "apply then drop" fault). */
	answerLost?: true;
}

export interface StoredCheck {
	tenantId: string;
	check: PageUpCheck;
	history: PutRecord[];
}

export interface PageUpClient {
	clientId: string;
	clientSecret: string;
	instanceId: string;
	/** The partner id claim; without it GET/PUT answer 403, as the seed's FAQ describes. */
	provider?: string;
	scopes: string[];
}

export const pageUpClientSchema = z
	.object({
		clientId: z.string().min(1),
		clientSecret: z.string().min(1),
		instanceId: z.string().min(1),
		provider: z.string().min(1).optional(),
		scopes: z.array(z.string().min(1)).default([READ_SCOPE, WRITE_SCOPE]),
	})
	.strict();

export const seedChecksSchema = z
	.object({
		tenantId: z.string().min(1).optional(),
		provider: z.string().min(1).optional(),
		count: z.number().int().min(1).max(1000).default(1),
		status: z.enum(PAGEUP_STATUSES).default('pending'),
		packageCode: z.string().min(1).optional(),
		applicant: z
			.object({
				firstName: z.string(),
				middleName: z.string(),
				lastName: z.string(),
				email: z.string(),
			})
			.partial()
			.optional(),
	})
	.strict();
export type SeedChecksInput = z.input<typeof seedChecksSchema>;

export const PACKAGES = [
	{ code: 'BGC-STD', name: 'Standard criminal history check' },
	{ code: 'BGC-PLUS', name: 'Criminal history + employment verification' },
	{ code: 'BGC-EXEC', name: 'Executive screening (criminal, credit, education)' },
];
export const FIRST = [
	'Olivia',
	'Liam',
	'Charlotte',
	'Noah',
	'Amelia',
	'Jack',
	'Isla',
	'William',
	'Mia',
	'Oliver',
];
export const MIDDLE = ['Rose', 'James', 'Grace', 'Thomas', 'Jane', 'Lee', ''];
export const LAST = [
	'Nguyen',
	'Smith',
	'Patel',
	'Williams',
	'Brown',
	'Wilson',
	'Taylor',
	'Chen',
	'Martin',
	'Kelly',
];
export const JOBS = [
	{ title: 'Store Manager', location: 'Melbourne' },
	{ title: 'Registered Nurse', location: 'Sydney' },
	{ title: 'Warehouse Supervisor', location: 'Brisbane' },
	{ title: 'Payroll Officer', location: 'Perth' },
];

export function asStatus(value: unknown): PageUpStatus | undefined {
	if (typeof value !== 'string') return undefined;
	const lower = value.toLowerCase();
	return (PAGEUP_STATUSES as readonly string[]).includes(lower)
		? (lower as PageUpStatus)
		: undefined;
}
