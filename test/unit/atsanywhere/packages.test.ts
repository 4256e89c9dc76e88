import { buildPackageList } from '../../../nodes/AtsAnywhere/helpers/packages';

describe('buildPackageList', () => {
	test('keeps prices as typed and omits empty optional fields', () => {
		const built = buildPackageList(
			{
				package: [
					{ id: 'P1', name: 'One', price: '29.90', description: ' ', screenings: ['A', ' ', 'B'] },
				],
			},
			{ addOnPackage: [{ id: 'A1', name: 'Add', price: '5', description: 'Extra' }] },
		);
		expect(built).toEqual({
			ok: true,
			list: {
				packages: [{ id: 'P1', name: 'One', price: '29.90', screenings: ['A', 'B'] }],
				add_on_packages: [{ id: 'A1', name: 'Add', price: '5', description: 'Extra' }],
			},
		});
	});

	test('names every configuration problem', () => {
		const built = buildPackageList(
			{
				package: [
					{ id: '', name: '', price: '1,50' },
					{ id: 'P2', name: 'Two' },
					{ id: 'P2', name: 'Again' },
				],
			},
			{ addOnPackage: [{ id: 'A1', name: 'Add', price: '', description: '' }] },
		);
		expect(built).toEqual({
			ok: false,
			problems: [
				'Package 1: ID is required',
				'Package 1: Name is required',
				'Package 1: Price must be a decimal such as 29.99',
				'Package 3: ID "P2" is used twice',
				'Add-on package 1: Price is required for add-on packages',
				'Add-on package 1: Description is required for add-on packages',
			],
		});
	});

	test('needs at least one package; tolerates missing or odd parameter shapes', () => {
		expect(buildPackageList(undefined, undefined)).toEqual({
			ok: false,
			problems: ['Add at least one package'],
		});
		expect(buildPackageList({ package: 'nope' }, [])).toEqual({
			ok: false,
			problems: ['Add at least one package'],
		});
	});

	test('numeric IDs and prices typed through expressions become text', () => {
		const built = buildPackageList({ package: [{ id: 7, name: 'Seven', price: 12.5 }] }, {});
		expect(built).toEqual({
			ok: true,
			list: { packages: [{ id: '7', name: 'Seven', price: '12.5' }], add_on_packages: [] },
		});
	});
});
