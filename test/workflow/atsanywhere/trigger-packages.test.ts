import { getPackages } from './deliver';
import { SEED_PACKAGE_LIST } from './fixtures';

describe('ATS Anywhere Trigger: package list', () => {
	test("configured with the seed's packages, the answer is the seed's example", async () => {
		const { response, items, result } = await getPackages();
		expect(response.statusCode).toBe(200);
		expect(response.headers['content-type']).toContain('application/json');
		expect(response.body).toEqual(SEED_PACKAGE_LIST);
		// Same keys in the same order as the seed's example.
		expect(JSON.stringify(response.body)).toBe(JSON.stringify(SEED_PACKAGE_LIST));
		// Prices are decimal strings, exactly as typed.
		expect(JSON.stringify(response.body)).toContain('"price":"29.99"');
		// Answered directly: no execution.
		expect(items).toBeUndefined();
		expect(result.noWebhookResponse).toBe(true);
	});

	test('optional fields left empty are omitted; screenings are one per line, blanks ignored', async () => {
		const { response } = await getPackages({
			parameters: {
				packages: {
					package: [
						{ id: ' PKG9 ', name: 'Minimal', price: '', description: '', screenings: '' },
						{ id: 'PKG10', name: 'With screenings', price: '10', screenings: 'One\r\n\n  Two  \n' },
					],
				},
				addOnPackages: {},
			},
		});
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual({
			packages: [
				{ id: 'PKG9', name: 'Minimal' },
				{ id: 'PKG10', name: 'With screenings', price: '10', screenings: ['One', 'Two'] },
			],
			add_on_packages: [],
		});
	});

	test('a broken package list answers 500 with an error_message and names no configuration detail', async () => {
		const { response, items } = await getPackages({
			parameters: { packages: { package: [{ id: 'PKG1', name: 'X', price: '$29' }] } },
		});
		expect(response.statusCode).toBe(500);
		expect(response.body).toEqual({ error_message: 'The package list is not available right now' });
		expect(items).toBeUndefined();
	});

	test('option "Emit Package-List Requests" also starts an execution with an audit item', async () => {
		const { response, items, result } = await getPackages({
			parameters: { requestOptions: { emitPackageRequests: true } },
		});
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual(SEED_PACKAGE_LIST);
		expect(result.noWebhookResponse).toBe(true);
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toMatchObject({
			event: 'packages_requested',
			account_id: 'ACCT123',
			package_ids: ['PKG001', 'PKG002', 'PKG003'],
			add_on_package_ids: ['DRG01', 'DRG02'],
		});
		expect(typeof items?.[0].json.requested_at).toBe('string');
	});
});
