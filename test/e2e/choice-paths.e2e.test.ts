/**
 * Examples 4a/4b in a real n8n against a sandbox that serves Choice's API at non-default paths, with a credential
 * whose Custom paths match: the order, the Basic-authenticated callback, its confirmation and the report all go
 * to the configured paths (and none to the defaults, which the sandbox then answers 404).
 */
import {
	loadExampleWorkflows,
	nodeOutput,
	sandboxCredentials,
	type Stack,
	type WorkflowInput,
} from '../../scripts/runtime';
import { startTestStack, waitFor } from './helpers';

const PATHS = {
	ping: '/v2/health',
	packages: '/v2/catalog/packages',
	order: '/v2/orders',
	orderStatus: '/v2/orders/{id}/status',
	orderReport: '/v2/orders/{id}/report.html',
};

interface ChoiceStateOrder {
	id: number;
	trackingId: string;
	status: string;
	callbacks: Array<{ url: string; status?: number; error?: string }>;
}

describe('Choice Screening with non-default API paths, in a real n8n', () => {
	let stack: Stack & { cleanup(): Promise<void> };
	let order: WorkflowInput;
	let callback: WorkflowInput;

	beforeAll(async () => {
		const examples = loadExampleWorkflows().filter((w) => /^4[ab]\./.test(w.name));
		order = examples.find((w) => w.name.startsWith('4a.')) as WorkflowInput;
		callback = examples.find((w) => w.name.startsWith('4b.')) as WorkflowInput;
		stack = await startTestStack({
			workflows: examples,
			publish: [callback.id ?? ''],
			credentials: (sandboxUrl) =>
				sandboxCredentials(sandboxUrl).map((credential) =>
					credential.type === 'choiceScreeningApi'
						? {
								...credential,
								data: {
									...credential.data,
									pingPath: PATHS.ping,
									packagesPath: PATHS.packages,
									orderPath: PATHS.order,
									orderStatusPath: PATHS.orderStatus,
									reportPath: PATHS.orderReport,
								},
							}
						: credential,
				),
		});
		await stack.admin.call('PUT', '/choice/settings', { paths: PATHS, autoCompleteSeconds: null });
	}, 900_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	it('order -> callback (Basic Auth, confirmed at the custom status path) -> report at the custom report path', async () => {
		const before = await stack.api.executionIds(callback.id ?? '');
		const manual = order.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
		const started = await stack.session.rest<{ executionId?: string }>(
			`/workflows/${order.id}/run`,
			{
				method: 'POST',
				body: { triggerToStartFrom: { name: manual?.name } },
			},
		);
		const ordered = await stack.api.waitForExecution(order.id ?? '', {
			match: (e) => String(e.id) === String(started.executionId),
			timeoutMs: 60_000,
		});
		expect(ordered.status).toBe('success');
		const placed = await waitFor(
			'the order placed at the custom order path',
			async () =>
				(
					await stack.admin.call<{ choice: { orders: ChoiceStateOrder[] } }>('GET', '/state')
				).choice.orders.find((o) => o.trackingId.startsWith('EXAMPLE-4-')),
			10_000,
		);
		const completed = await stack.admin.call<{ callbacks: ChoiceStateOrder['callbacks'] }>(
			'POST',
			`/choice/orders/${placed.id}/complete`,
			{},
		);
		expect(completed.callbacks[0]).toMatchObject({ status: 200 });

		const execution = await stack.api.waitForExecution(callback.id ?? '', {
			after: before,
			timeoutMs: 60_000,
		});
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Choice Screening Trigger')[0]).toMatchObject({
			orderId: String(placed.id),
			confirmed: true,
		});
		const report = execution.data?.resultData?.runData?.['Get Report']?.[0]?.data
			?.main?.[0]?.[0] as { binary?: Record<string, { mimeType?: string }> } | undefined;
		expect(report?.binary?.data?.mimeType).toMatch(/^text\/html/);

		const requests = await stack.admin.call<
			Array<{ path: string; route: string; status?: number }>
		>('GET', '/requests');
		const choice = requests.filter(
			(r) => r.path.startsWith('/choice/') && !r.path.startsWith('/choice/connect/'),
		);
		expect(choice.map((r) => r.route)).toEqual(
			expect.arrayContaining(['order', 'order-status', 'report']),
		);
		expect(choice.filter((r) => r.route === 'not-found')).toEqual([]);
		expect(choice.every((r) => r.path.startsWith('/choice/v2/'))).toBe(true);
	}, 180_000);
});
