/**
 * Create's request against RIQ's current published submit sample (reference/partner-post-sample.xml, a copy of
 * partner-post-sample.xml of github.com/PropertyBrands/scr-stp-doc, branch master): element by element, in order,
 * with their attributes, for one and for three supporting documents, with SendConsumerCopy and the employer's and
 * landlord's contact e-mail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { XMLParser } from 'fast-xml-parser';
import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../../../harness';
import { credentials, riqAnswer, riqRoute } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const SAMPLE = readFileSync(join(__dirname, 'reference', 'partner-post-sample.xml'), 'utf8');

type Ordered = Array<Record<string, unknown>>;
const parser = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	commentPropName: '#comment',
	parseTagValue: false,
	trimValues: true,
});

/**
 * One line per element in document order: its path and its attributes. An attribute's value is kept where the
 * sample fixes it (`type="employment"`) and reads `*` where the sample shows a placeholder (`{ProductName}`).
 */
function structure(xml: string, placeholders: Set<string>): string[] {
	const lines: string[] = [];
	const walk = (nodes: Ordered, path: string) => {
		for (const node of nodes) {
			const name = Object.keys(node).find((key) => key !== ':@');
			if (!name || name === '#text' || name === '#comment' || name === '?xml') continue;
			const attributes = (node[':@'] ?? {}) as Record<string, string>;
			const shown = Object.entries(attributes)
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([key, value]) => {
					const where = `${path}/${name}@${key}`;
					return `${key}=${placeholders.has(where) || value.includes('{') ? '*' : value}`;
				});
			const here = `${path}/${name}`;
			lines.push(shown.length ? `${here} [${shown.join(' ')}]` : here);
			walk(node[name] as Ordered, here);
		}
	};
	walk(parser.parse(xml) as Ordered, '');
	return lines;
}

/** Attributes whose value the sample shows as a placeholder, found in the sample itself. */
function placeholdersOf(xml: string): Set<string> {
	const found = new Set<string>();
	for (const line of structure(xml, new Set())) {
		const [path, attrs] = line.split(' [');
		for (const pair of (attrs ?? '').replace(']', '').split(' ')) {
			const [key, value] = pair.split('=');
			if (value === '*') found.add(`${path}@${key}`);
		}
	}
	return found;
}

/** The sample's structure with its one Document repeated `count` times. */
function sampleWith(count: number): string[] {
	const lines = structure(SAMPLE, new Set());
	const first = lines.findIndex((line) => line.endsWith('/SupportingDocumentation/Document'));
	const documentLines = lines.filter((line) => line.includes('/SupportingDocumentation/Document'));
	const rest = lines.filter((line) => !line.includes('/SupportingDocumentation/Document'));
	const repeated = Array.from({ length: count }, () => documentLines).flat();
	return [...rest.slice(0, first), ...repeated, ...rest.slice(first)];
}

/** Every field the sample fills, from the sample's own test applicant (its empty elements get a value). */
const parameters = {
	resource: 'report',
	operation: 'create',
	product: 'RIQ Standard',
	scoringModel: 'Conservative',
	referenceId: 'APP-7',
	firstName: 'Hank',
	lastName: 'Mess',
	ssn: '333221111',
	dateOfBirth: '1970-12-01',
	street: '2401 Mt Rushmore Rd, 311',
	city: 'Rapid City',
	state: 'SD',
	zip: '57701',
	email: 'hank.mess@example.com',
	phone: '8008675309',
	monthlyRent: 915,
	monthlyIncome: 8157,
	postbackUrl: 'https://n8n.example.com/webhook/3f6c/riq-postback',
	additionalFields: {
		apiUser: 'api-user',
		clientUser: 'leasing-agent-4',
		userFullName: 'Leasing Agent',
		middleName: 'Danger',
		sendConsumerCopy: true,
		documentType: '0',
	},
	employment: {
		entries: [
			{
				organizationName: 'Twin Hospitality',
				title: 'Assistant ManagerDirector of Sales',
				jobLevel: 'Full-time',
				startDate: '09/18/2016',
				endDate: '08/01/2018',
				compensation: 3200,
				contactName: 'Jerry Garcia',
				contactPhone: '8008675309',
				contactEmail: 'super.visor@employer.com',
				street: '750 Cathedral Dr',
				city: 'Rapid City',
				state: 'SD',
				zip: '57701',
			},
		],
	},
	residence: {
		entries: [
			{
				startDate: '2017-10-01',
				endDate: '2019-05-01',
				monthlyRent: 915,
				contactName: 'Residence Verification Contact',
				contactPhone: '6055933559',
				contactEmail: 'leasing@landlord.example.com',
				street: '38th St',
				city: 'Rapid City',
				state: 'SD',
				zip: '57702',
			},
		],
	},
};

function withDocuments(count: number): INodeExecutionData {
	const binary: INodeExecutionData['binary'] = {};
	for (let index = 0; index < count; index++) {
		binary[`doc${index}`] = {
			data: Buffer.from(`%PDF-1.4 document ${index}`).toString('base64'),
			fileName: `Signed_Rental_Application_${index}.pdf`,
			mimeType: 'application/pdf',
		};
	}
	return { json: {}, binary, pairedItem: { item: 0 } };
}

async function sentFor(documents: number): Promise<string> {
	const recorded = riqRoute('', {
		body: riqAnswer(
			'<BackgroundReportPackage><ReferenceId>APP-7</ReferenceId><OrderId>000512</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
		),
	});
	const { error } = await runNode(
		{
			type: 'residentIq',
			parameters: {
				...parameters,
				additionalFields: {
					...parameters.additionalFields,
					documentProperties: Array.from({ length: documents }, (_, i) => `doc${i}`).join(', '),
				},
			},
		},
		{ credentials, items: [withDocuments(documents)] },
	);
	expect(error).toBeUndefined();
	expect(recorded.bodies).toHaveLength(1);
	return recorded.bodies[0];
}

describe("Create against RIQ's published submit sample", () => {
	const placeholders = placeholdersOf(SAMPLE);

	test('the reference is the current sample: Document wrapper, SendConsumerCopy, contact Email', () => {
		const lines = structure(SAMPLE, new Set());
		expect(lines).toContain(
			'/BackgroundReports/BackgroundSearchPackage/SupportingDocumentation/Document',
		);
		expect(lines).toContain('/BackgroundReports/BackgroundSearchPackage/SendConsumerCopy');
		expect(lines.filter((line) => line.endsWith('/Screening/ContactInfo/Email')).length).toBe(2);
	});

	test.each([1, 3])(
		'with %i document(s): the same elements in the same order with the same attributes',
		async (count) => {
			const sent = await sentFor(count);
			const expected = sampleWith(count);
			const actual = structure(sent, placeholders);
			// Element by element, so a difference names its line.
			for (let line = 0; line < Math.max(expected.length, actual.length); line++) {
				expect(`${line}: ${actual[line]}`).toBe(`${line}: ${expected[line]}`);
			}
			expect(sent).toContain('<SendConsumerCopy>1</SendConsumerCopy>');
			expect(sent).toContain('<Email>super.visor@employer.com</Email>');
			expect(sent).toContain('<Email>leasing@landlord.example.com</Email>');
		},
	);

	test('SendConsumerCopy off sends 0; left out, nothing', async () => {
		const pending = {
			body: riqAnswer(
				'<BackgroundReportPackage><OrderId>1</OrderId><ScreeningStatus><OrderStatus>x:pending</OrderStatus></ScreeningStatus></BackgroundReportPackage>',
			),
		};
		const recorded = riqRoute('', pending, pending);
		const base = { ...parameters, employment: {}, residence: {} };
		await runNode(
			{
				type: 'residentIq',
				parameters: { ...base, additionalFields: { sendConsumerCopy: false } },
			},
			{ credentials },
		);
		await runNode(
			{ type: 'residentIq', parameters: { ...base, additionalFields: {} } },
			{ credentials },
		);
		expect(recorded.bodies[0]).toContain('<SendConsumerCopy>0</SendConsumerCopy>');
		expect(recorded.bodies[1]).not.toContain('SendConsumerCopy');
	});

	test('a contact e-mail that is not one is refused before sending', async () => {
		const recorded = riqRoute('', { body: '' });
		const { error } = await runNode(
			{
				type: 'residentIq',
				parameters: {
					...parameters,
					additionalFields: {},
					residence: {
						entries: [{ ...parameters.residence.entries[0], contactEmail: 'not an address' }],
					},
				},
			},
			{ credentials },
		);
		expect(error?.message).toMatch(/Residence 1 Contact Email is not a valid email address/);
		expect(recorded.bodies).toHaveLength(0);
	});
});
