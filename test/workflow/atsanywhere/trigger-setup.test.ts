import { HookContext } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type INodeParameters,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HarnessCredentialsHelper, makeNode } from '../../../harness';
import { HarnessNodeTypes } from '../../../harness/node-types';
import { credentials, triggerSpec } from './fixtures';

const nodeTypes = new HarnessNodeTypes();
const triggerType = nodeTypes.getByNameAndVersion('n8n-nodes-background-checks.atsAnywhereTrigger');

/** Runs webhookMethods.default.<method> with n8n-core's HookContext, as n8n does on activation. */
async function lifecycle(method: 'checkExists' | 'create' | 'delete', parameters: INodeParameters) {
	const node = makeNode(triggerSpec(parameters), credentials, 0);
	const workflow = new Workflow({
		id: 'w1',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: true,
	});
	const additionalData = {
		credentialsHelper: new HarnessCredentialsHelper({ ...credentials }),
	} as unknown as IWorkflowExecuteAdditionalData;
	const description = triggerType.description.webhooks![1];
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'orders',
		webhookDescription: description,
		workflowId: 'w1',
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
	const context = new HookContext(
		workflow,
		node,
		additionalData,
		'trigger',
		'activate',
		webhookData,
	);
	const methods = triggerType.webhookMethods?.default;
	if (!methods) throw new Error('the trigger has no webhook lifecycle');
	return await methods[method].call(context);
}

describe('ATS Anywhere Trigger: setup', () => {
	test('two URLs, both shown in the node: GET …/packages and POST …/orders', () => {
		const webhooks = triggerType.description.webhooks ?? [];
		expect(
			webhooks.map((w) => [w.httpMethod, w.path, w.isFullPath ?? false, w.ndvHideUrl ?? false]),
		).toEqual([
			['GET', 'packages', false, false],
			['POST', 'orders', false, false],
		]);
		const node = makeNode(triggerSpec(), credentials, 0);
		node.webhookId = '3f5b1c7e-2d4a-4b8e-9c1f-6a7d8e9f0a1b';
		expect(
			webhooks.map((w) =>
				NodeHelpers.getNodeWebhookUrl('https://n8n.example.com/webhook', 'w1', node, w.path),
			),
		).toEqual([
			'https://n8n.example.com/webhook/3f5b1c7e-2d4a-4b8e-9c1f-6a7d8e9f0a1b/packages',
			'https://n8n.example.com/webhook/3f5b1c7e-2d4a-4b8e-9c1f-6a7d8e9f0a1b/orders',
		]);
	});

	test('activation accepts a usable package list', async () => {
		expect(await lifecycle('checkExists', {})).toBe(false);
		expect(await lifecycle('create', {})).toBe(true);
		expect(await lifecycle('delete', {})).toBe(true);
	});

	test('activation refuses a package list the ATS could not use, saying why', async () => {
		await expect(lifecycle('create', { packages: {}, addOnPackages: {} })).rejects.toMatchObject({
			message: 'The package list is not ready for ATS Anywhere: Add at least one package',
			description: 'Add at least one package',
		});
		await expect(
			lifecycle('create', { packages: { package: [{ id: 'P', name: 'N', price: 'ten' }] } }),
		).rejects.toMatchObject({ description: 'Package 1: Price must be a decimal such as 29.99' });
	});

	test('the trigger is not usable as a tool; the action node is', () => {
		expect(triggerType.description.usableAsTool).toBeUndefined();
		expect(
			nodeTypes.getByNameAndVersion('n8n-nodes-background-checks.atsAnywhere').description
				.usableAsTool,
		).toBe(true);
	});
});
