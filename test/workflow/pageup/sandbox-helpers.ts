import {
	demoCredentials,
	startSandbox,
	type RunningSandbox,
	type SandboxAdmin,
} from '../../../sandbox/server';

/** A sandbox for one test file, with its admin API and a PageUp credential pointing at it. */
export interface SandboxCheck {
	id: number;
	status: string;
	referenceNumber: string | null;
	reasonForFail: string | null;
	results: Array<Record<string, unknown>>;
	history: Array<{
		body: Record<string, unknown>;
		httpStatus: number;
		statusBefore: string;
		statusAfter: string;
	}>;
}

export class PageUpSandbox {
	running?: RunningSandbox;

	async start() {
		this.running = await startSandbox({ port: 0, demoData: false });
	}

	async close() {
		await this.running?.close();
	}

	get url(): string {
		if (!this.running) throw new Error('sandbox not started');
		return this.running.url;
	}

	/** The sandbox's admin API. */
	get admin(): SandboxAdmin {
		if (!this.running) throw new Error('sandbox not started');
		return this.running.admin;
	}

	async checks(): Promise<SandboxCheck[]> {
		return (await this.admin.call<{ pageUp: { checks: SandboxCheck[] } }>('GET', '/state')).pageUp
			.checks;
	}

	async seed(count: number): Promise<string[]> {
		const seeded = await this.admin.call<{ checks: Array<{ id: number }> }>(
			'POST',
			'/pageup/checks',
			{
				count,
			},
		);
		return seeded.checks.map((check) => String(check.id));
	}

	credentials() {
		return pageUpSandboxCredentials(this.url);
	}
}

/** A PageUp API credential for the demo client of the sandbox at `url`. */
export function pageUpSandboxCredentials(url: string) {
	const demo = demoCredentials.pageUp;
	return {
		pageUpApi: {
			environment: 'custom',
			tokenUrl: `${url}/pageup/connect/token`,
			apiBaseUrl: `${url}/pageup`,
			tenantId: demo.tenantId,
			clientId: demo.clientId,
			clientSecret: demo.clientSecret,
			instanceId: demo.instanceId,
			scope: demo.scope,
		},
	};
}
