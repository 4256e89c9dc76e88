import { backgroundCheckIdOf, checkOrder } from '../../../nodes/AtsAnywhere/helpers/order';
import type { PackageList } from '../../../nodes/AtsAnywhere/helpers/packages';
import { formatPath as pathOf, isHttpsUrl, isHttpUrl } from '../../../nodes/shared/validation';

const offered: PackageList = {
	packages: [{ id: 'PKG001', name: 'Basic' }],
	add_on_packages: [{ id: 'DRG02', name: 'Drugs', price: '39.99', description: '10 panel' }],
};

const order = {
	account_id: 'ACCT123',
	background_check_id: '224466',
	package_id: 'PKG001',
	add_on_package_ids: ['DRG02'],
	webhook_url: 'https://api.applicant-tracking.com/yourco_webhooks',
	hiring_manager: { id: '67890', email: 'jill.smith@example.com' },
	applicant: { id: '12345', first_name: 'John', last_name: 'Doe', email: 'john.doe@example.com' },
	job: { id: '12345' },
};

describe('checkOrder', () => {
	test('the minimum the provider needs is enough (address, phone, add-ons, names of the hiring manager optional)', () => {
		const minimal: Record<string, unknown> = { ...order };
		delete minimal.add_on_package_ids;
		expect(checkOrder(minimal, offered)).toEqual({ ok: true, order: minimal });
	});

	test('trims text and keeps unknown fields', () => {
		const result = checkOrder({ ...order, package_id: ' PKG001 ', extra: [1, 2] }, offered);
		expect(result).toEqual({ ok: true, order: { ...order, package_id: 'PKG001', extra: [1, 2] } });
	});

	test('account check only when asked', () => {
		expect(checkOrder(order, offered, { authenticatedAccountId: 'OTHER' })).toEqual({
			ok: false,
			problems: ['account_id does not match the account this request authenticated as'],
		});
		expect(checkOrder(order, offered, { authenticatedAccountId: 'ACCT123' }).ok).toBe(true);
	});

	test('non-objects', () => {
		for (const body of [undefined, null, 'text', 42, [order]]) {
			expect(checkOrder(body, offered)).toEqual({
				ok: false,
				problems: ['the order must be a JSON object'],
			});
		}
	});

	test('background_check_id for retry detection, even on an invalid body', () => {
		expect(backgroundCheckIdOf({ background_check_id: 224466 })).toBe('224466');
		expect(backgroundCheckIdOf({ background_check_id: ' 9 ' })).toBe('9');
		expect(backgroundCheckIdOf({ background_check_id: '' })).toBeUndefined();
		expect(backgroundCheckIdOf({ background_check_id: { id: 1 } })).toBeUndefined();
		expect(backgroundCheckIdOf([])).toBeUndefined();
	});
});

describe('URL and path helpers', () => {
	test('http(s) and https', () => {
		expect(isHttpUrl('http://127.0.0.1:4010/ats/webhooks/x')).toBe(true);
		expect(isHttpUrl('https://a.example.com')).toBe(true);
		expect(isHttpUrl('mailto:a@example.com')).toBe(false);
		expect(isHttpUrl('//a.example.com')).toBe(false);
		expect(isHttpsUrl('https://yourco.com/r')).toBe(true);
		expect(isHttpsUrl('http://yourco.com/r')).toBe(false);
		expect(isHttpsUrl('javascript:alert(1)')).toBe(false);
	});

	test('paths', () => {
		expect(pathOf(['applicant', 'email'])).toBe('applicant.email');
		expect(pathOf(['add_on_package_ids', 1])).toBe('add_on_package_ids[1]');
		expect(pathOf([])).toBe('');
	});
});
