import { parseCheckList } from '../../../nodes/PageUp/helpers/checks';
import { grantedScopes } from '../../../nodes/PageUp/helpers/scopes';

const jwt = (payload: object) =>
	['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'sig'].join('.');

describe('grantedScopes', () => {
	test("the token answer's scope first, else the JWT's scope or scp claim, else unknown", () => {
		expect(grantedScopes('A B', 'opaque')).toEqual(['A', 'B']);
		expect(grantedScopes(undefined, jwt({ scope: ['Public.BackgroundCheck.Read'] }))).toEqual([
			'Public.BackgroundCheck.Read',
		]);
		expect(grantedScopes(undefined, jwt({ scp: 'x y' }))).toEqual(['x', 'y']);
		expect(grantedScopes(undefined, jwt({ sub: 'c' }))).toBeUndefined();
		expect(grantedScopes(undefined, 'not-a-jwt')).toBeUndefined();
	});
});

describe('parseCheckList', () => {
	test('ids in any case, numbers as text; entries without one are counted with the property names seen', () => {
		expect(parseCheckList([{ ID: 5 }, { id: 'a' }, { name: 'x', ref: 1 }, 'junk'])).toEqual({
			kind: 'checks',
			checks: [{ ID: 5, id: '5' }, { id: 'a' }],
			withoutId: 2,
			keysSeen: ['name', 'ref'],
		});
	});

	test('a wrapped single check with `Id` is a list of one; a failure body is reported', () => {
		expect(parseCheckList({ Id: 3, status: 'pending' })).toMatchObject({
			kind: 'checks',
			checks: [{ id: '3' }],
		});
		expect(parseCheckList({ success: false, message: 'no' })).toMatchObject({
			kind: 'errorInBody',
		});
		expect(parseCheckList('<html>')).toEqual({ kind: 'notAList' });
	});
});
