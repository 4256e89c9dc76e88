/**
 * Publishing over the API. n8n 2.x activates asynchronously (a publication outbox), so wait until each active
 * workflow's triggers are live or have failed: webhooks answer once this returns. (After an import every imported
 * workflow is unpublished; without one, n8n reactivates what was active.)
 */
import type { N8nApi, N8nSession } from './rest';
import { step, type Log } from './util';
import type { WorkflowInput } from './workflows';

export interface PublishResult {
	id: string;
	name: string;
	active: boolean;
	error?: string;
}

export async function publishWorkflows(options: {
	api: N8nApi;
	session: N8nSession;
	toPublish: WorkflowInput[];
	log: Log;
}): Promise<{ published: PublishResult[]; activeWorkflows: Array<{ id: string; name: string }> }> {
	const { api, session, toPublish } = options;
	const published: PublishResult[] = [];
	const activeWorkflows = await step(
		options.log,
		toPublish.length > 0
			? `Publishing ${toPublish.length} workflow(s)`
			: 'Waiting for the active workflows',
		async () => {
			for (const wf of toPublish) {
				try {
					await api.publishWorkflow(wf.id ?? '');
					published.push({ id: wf.id ?? '', name: wf.name, active: true });
				} catch (error) {
					published.push({
						id: wf.id ?? '',
						name: wf.name,
						active: false,
						error: (error as Error).message,
					});
				}
			}
			const active = (await api.listWorkflows({ active: true })).map(({ id, name }) => ({
				id,
				name,
			}));
			const statuses = await session.waitForPublication(active.map((wf) => wf.id));
			for (const wf of active) {
				const status = statuses.get(wf.id);
				if (status && status.status !== 'published') {
					const reasons = status.triggers.filter((t) => t.errorMessage).map((t) => t.errorMessage);
					const error = `publication ${status.status}${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
					const entry = published.find((p) => p.id === wf.id);
					if (entry) Object.assign(entry, { active: false, error });
					else published.push({ id: wf.id, name: wf.name, active: false, error });
				}
			}
			return active.filter((wf) => statuses.get(wf.id)?.status === 'published');
		},
		(active) =>
			`${active.length} active${published.some((p) => !p.active) ? `, ${published.filter((p) => !p.active).length} failed` : ''}`,
	);
	return { published, activeWorkflows };
}
