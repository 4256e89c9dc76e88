import type { INodeParameters } from 'n8n-workflow';

import { loadPackage, PACKAGE_NAME } from '../../harness';
import {
	exampleFiles,
	exampleProblems,
	nodesOfType,
	parameterProblems,
	readExample,
	withDefaults,
	type ExampleWorkflow,
} from '../../harness/examples';

/**
 * Every example workflow users import (examples/*.json) uses only node types, versions, parameters,
 * option values and credentials that exist, so the examples cannot silently rot when the nodes change.
 * What each example does is checked in test/workflow/<vendor>/example.test.ts.
 */

const description = (type: string) =>
	loadPackage().nodes.get(`${PACKAGE_NAME}.${type}`)!.description;

describe('the example checker itself', () => {
	test('catches unknown parameters, hidden ones, bad values and missing required ones', () => {
		const riq = description('residentIq');
		const values: INodeParameters = {
			resource: 'report',
			operation: 'getStatus',
			orderId: '1',
			reportType: 'everything',
			decision: 'Accept',
			bogus: 1,
		};
		expect(parameterProblems(values, riq.properties, withDefaults(values, riq), riq)).toEqual([
			'reportType: "everything" is not an option',
			'decision: not a parameter shown for these settings',
			'bogus: not a parameter shown for these settings',
		]);
		const missing: INodeParameters = { resource: 'group', operation: 'link', orderId: '1' };
		expect(parameterProblems(missing, riq.properties, withDefaults(missing, riq), riq)).toEqual([
			'otherOrderIds: required',
		]);

		const ats = description('atsAnywhere');
		const parameters: INodeParameters = {
			resource: 'statusUpdate',
			operation: 'send',
			authentication: 'digest',
			answer: 'accept',
			colour: 'blue',
			options: { retries: 2 },
		};
		expect(
			parameterProblems(parameters, ats.properties, withDefaults(parameters, ats), ats),
		).toEqual([
			'authentication: "digest" is not an option',
			'answer: not a parameter shown for these settings',
			'colour: not a parameter shown for these settings',
			'options.retries: not a parameter shown for these settings',
			'webhookUrl: required',
			'backgroundCheckId: required',
			'status: required',
			'result: required',
			'resultLinkUrl: required',
		]);
	});

	test('catches unknown types and versions, bad ids, missing webhook ids and foreign credentials', () => {
		const good = readExample('4-choice-callback.json');
		expect(exampleProblems(good)).toEqual([]);
		const bad = JSON.parse(JSON.stringify(good)) as ExampleWorkflow;
		const trigger = nodesOfType(bad, `${PACKAGE_NAME}.choiceScreeningTrigger`)[0];
		const note = nodesOfType(bad, 'n8n-nodes-base.stickyNote')[0];
		trigger.id = 'trigger-1';
		delete trigger.webhookId;
		trigger.credentials = { choiceScreeningApi: { id: 'prod-choice', name: 'Choice Screening' } };
		note.typeVersion = 2;
		bad.nodes.push({
			...note,
			id: '0b7e1d9c-5a44-4f0e-9a59-1d2c3b4a5f60',
			name: 'Mystery',
			type: 'n8n-nodes-base.httpRequest',
			position: [9999, 9999],
		});
		bad.nodes.push({
			...trigger,
			id: '1c8f2eab-6b55-4a1f-8b6a-2e3d4c5b6a71',
			name: 'Old',
			typeVersion: 2,
			webhookId: '1c8f2eab-6b55-4a1f-8b6a-2e3d4c5b6a72',
			position: [9998, 9998],
			credentials: { pageUpApi: { id: 'sandbox-pageup', name: 'PageUp' } },
		});
		expect(exampleProblems(bad).sort()).toEqual(
			[
				`${trigger.name}: id "trigger-1": not a uuid`,
				`${trigger.name}: credential choiceScreeningApi: id "prod-choice" is not the sandbox credential sandbox-choice`,
				`${trigger.name}: webhookId: a webhook trigger needs a uuid webhookId`,
				`${note.name}: typeVersion 2 is not one of 1`,
				'Mystery: type n8n-nodes-base.httpRequest: not a node type the examples may use',
				'Old: typeVersion 2 is not one of 1',
				'Old: credential pageUpApi: not one the node uses',
				'Old: credential choiceScreeningApi: required but missing',
				// The trigger requires Basic Auth by default: its credential is required too.
				`${trigger.name}: credential choiceScreeningCallbackApi: required but missing`,
				'Old: credential choiceScreeningCallbackApi: required but missing',
			].sort(),
		);
	});
});

describe.each(exampleFiles())('examples/%s', (file) => {
	const workflow = readExample(file);

	test('is an importable workflow with only node types, versions, parameters and credentials that exist', () => {
		expect(exampleProblems(workflow)).toEqual([]);
	});

	test('explains itself with sticky notes', () => {
		const notes = nodesOfType(workflow, 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(1);
		for (const note of notes) expect(String(note.parameters.content).length).toBeGreaterThan(100);
	});
});
