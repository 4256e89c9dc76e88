import * as fs from 'node:fs';
import * as path from 'node:path';

import { checkRequires } from '../../scripts/build';
import {
	N8N_VERSION,
	PACKAGE_NAME,
	REPO_ROOT,
	SANDBOX_CREDENTIALS,
	nodeOutput,
	type WorkflowInput,
} from '../../scripts/runtime';
import { postWebhook, startTestStack } from './helpers';

/**
 * `name` of every node and credential class a package.json lists (`dist/.../X.node.js` exports class X), read from
 * the checkout's dist/ (what was packed; jest cannot load the installed copy, whose n8n-workflow is n8n's).
 */
function listedTypes(manifest: { n8n: { nodes: string[]; credentials: string[] } }, dir: string) {
	const nameOf = (file: string) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(path.join(dir, file)) as Record<
			string,
			new () => { name?: string; description?: { name: string } }
		>;
		const instance = new exported[path.basename(file).split('.')[0]]();
		return instance.description?.name ?? instance.name ?? '';
	};
	return {
		nodes: manifest.n8n.nodes.map((file) => `${PACKAGE_NAME}.${nameOf(file)}`).sort(),
		credentials: manifest.n8n.credentials.map(nameOf).sort(),
	};
}

/** A published workflow: Webhook -> PageUp "get pending" with the sandbox credential; answers with the checks. */
const pendingChecks: WorkflowInput = {
	id: 'e2eSmokePending1',
	name: 'e2e smoke: PageUp pending checks',
	nodes: [
		{
			id: 'w1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5b0e2f5e-0c3c-4c36-9a53-6f1d5d2b0e01',
			parameters: {
				httpMethod: 'POST',
				path: 'e2e-smoke-pending',
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
		},
		{
			id: 'p1',
			name: 'PageUp',
			type: `${PACKAGE_NAME}.pageUp`,
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'backgroundCheck', operation: 'getPending', provider: 'bg' },
			credentials: { pageUpApi: SANDBOX_CREDENTIALS.pageUpApi },
		},
	],
	connections: { Webhook: { main: [[{ node: 'PageUp', type: 'main', index: 0 }]] } },
	settings: {},
};

describe(`runtime (real n8n ${N8N_VERSION}, the packed tarball installed as a user installs it, sandbox)`, () => {
	let stack: Awaited<ReturnType<typeof startTestStack>>;

	beforeAll(async () => {
		stack = await startTestStack({ workflows: [pendingChecks], publish: 'all' });
	}, 300_000);

	afterAll(async () => {
		await stack?.cleanup();
	});

	it('answers /healthz', async () => {
		const response = await fetch(`${stack.n8nUrl}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	it('is installed from the tarball alone: no dependencies, nothing beside it, nothing from the checkout', () => {
		const dir = stack.package.dir;
		expect(path.dirname(dir)).toBe(path.join(stack.userFolder, '.n8n', 'nodes', 'node_modules'));
		expect(fs.readdirSync(path.dirname(dir))).toEqual([PACKAGE_NAME]);
		const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		expect(manifest.dependencies).toBeUndefined();
		// Exactly what the tarball holds: package.json, the docs npm always packs, and dist/ (no node_modules).
		expect(fs.readdirSync(dir).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
		// Every require of the shipped code is relative, crypto or n8n-workflow (which n8n provides) ...
		expect(checkRequires(dir)).toEqual([]);
		// ... and Node cannot find anything else above the package: the user folder is outside the checkout
		// and no node_modules lies between it and the root.
		expect(path.relative(REPO_ROOT, stack.userFolder).startsWith('..')).toBe(true);
		const above: string[] = [];
		for (
			let folder = path.dirname(path.dirname(path.dirname(dir)));
			;
			folder = path.dirname(folder)
		) {
			if (fs.existsSync(path.join(folder, 'node_modules'))) above.push(folder);
			if (path.dirname(folder) === folder) break;
		}
		expect(above).toEqual([]);
	});

	it('loads every node and credential the package lists, under the package name', async () => {
		const manifest = JSON.parse(
			fs.readFileSync(path.join(stack.package.dir, 'package.json'), 'utf8'),
		);
		const listed = listedTypes(manifest, REPO_ROOT);
		expect(listed.nodes).toHaveLength(8);
		expect(listed.credentials).toHaveLength(6);
		expect(listed.nodes.filter((type) => !stack.nodeTypes.includes(type))).toEqual([]);
		// Beside them only the AI-tool variants n8n derives from nodes that are `usableAsTool`.
		expect(
			stack.nodeTypes.filter(
				(type) =>
					!listed.nodes.includes(type) &&
					!(type.endsWith('Tool') && listed.nodes.includes(type.slice(0, -'Tool'.length))),
			),
		).toEqual([]);
		const credentialTypes = (await stack.session.fetch('/types/credentials.json')) as Array<{
			name: string;
		}>;
		const names = new Set(credentialTypes.map((type) => type.name));
		expect(listed.credentials.filter((name) => !names.has(name))).toEqual([]);
	});

	it('publishes the workflow', () => {
		expect(stack.published).toEqual([
			{ id: pendingChecks.id, name: pendingChecks.name, active: true },
		]);
		expect(stack.activeWorkflows.map((wf) => wf.id)).toContain(pendingChecks.id);
	});

	it('runs the PageUp node against the sandbox through a production webhook', async () => {
		const before = await stack.api.executionIds(pendingChecks.id ?? '');
		const { status, json } = await postWebhook(stack, 'e2e-smoke-pending', {});
		expect(status).toBe(200);
		expect(Array.isArray(json) ? json.length : 0).toBeGreaterThan(0);

		const execution = await stack.api.waitForExecution(pendingChecks.id ?? '', { after: before });
		expect(execution.status).toBe('success');
		const checks = nodeOutput(execution, 'PageUp');
		expect(checks.length).toBeGreaterThan(0);
		expect(checks[0]).toHaveProperty('status', 'pending');

		const pageUpCalls =
			stack.sandbox?.raw.sandbox.requestLog.filter((entry) => entry.vendor === 'pageup') ?? [];
		expect(pageUpCalls.length).toBeGreaterThan(0);
	});
});
