import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { vendorApiError } from '../../../nodes/shared/errors';
import { mayPass } from '../../../nodes/shared/router';

const node = { name: 'N', type: 't', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const answered = (httpCode: number) =>
	vendorApiError(node, { vendor: 'PageUp', httpCode, message: 'x' });

describe('mayPass: which errors the error output marks [temporary]', () => {
	test.each([429, 500, 502, 503, 504])('HTTP %s may pass', (code) => {
		expect(mayPass(answered(code))).toBe(true);
	});
	test.each([400, 401, 403, 404, 409, 422, 501])('HTTP %s does not', (code) => {
		expect(mayPass(answered(code))).toBe(false);
	});
	test('no answer (timeout, connection lost) may pass; invalid input does not', () => {
		const noAnswer = vendorApiError(node, { vendor: 'PageUp', connectionCode: 'ETIMEDOUT' });
		expect(mayPass(noAnswer)).toBe(true);
		expect(mayPass(new NodeOperationError(node, 'Reference Number is required'))).toBe(false);
		expect(mayPass(new NodeApiError(node, { message: 'x' }))).toBe(false);
	});
});
