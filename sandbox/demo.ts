import type { Sandbox } from './sandbox';

/**
 * What `npm start` shows at once: pending PageUp checks for the demo tenant and provider, and two finished RIQ
 * reports (one clean, one adverse) inside the statistics window. RIQ products and Choice packages are catalogues
 * and exist with or without demo data.
 */
export async function applyDemoData(sandbox: Sandbox): Promise<void> {
	sandbox.pageUp.seedChecks({ count: 3 });
	await sandbox.riq.seedOrder({
		ssn: '333221111',
		givenName: 'Hank',
		familyName: 'Mess',
		referenceId: 'DEMO-RIQ-1',
		createdDaysAgo: 12,
		ready: true,
	});
	await sandbox.riq.seedOrder({
		ssn: '111223333',
		givenName: 'Dana',
		familyName: 'Danger',
		referenceId: 'DEMO-RIQ-2',
		createdDaysAgo: 3,
		ready: true,
	});
}
