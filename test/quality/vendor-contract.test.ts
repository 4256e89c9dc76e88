/**
 * The node's and the sandbox's copies of each vendor's enums and statuses, pinned to the vendor's own text
 * (the documents in ../shared/seeds, read here as they are). The two copies are kept apart on purpose (the
 * sandbox is an independent reading); this test is what keeps both true to the source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import * as choiceModel from '../../nodes/ChoiceScreening/descriptions/model';
import { description as updateStatusDescription } from '../../nodes/PageUp/actions/backgroundCheck/updateStatus.operation';
import { UPDATE_STATUSES } from '../../nodes/PageUp/helpers/statusBody';
import { decisionField } from '../../nodes/ResidentIq/descriptions/report.fields';
import { DECISIONS } from '../../nodes/ResidentIq/helpers/schemas';
import * as choiceSandbox from '../../sandbox/choice-validation';
import { PAGEUP_STATUSES } from '../../sandbox/pageup-model';
import { RIQ_DECISIONS } from '../../sandbox/riq/state';

/** The vendor documents: BGC_SEEDS_DIR, else `shared/seeds` in the nearest folder above the checkout (CI: ../shared). */
function seedsDir(): string {
	if (process.env.BGC_SEEDS_DIR) return process.env.BGC_SEEDS_DIR;
	for (let dir = path.resolve(__dirname, '../..'); ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'shared', 'seeds');
		if (fs.existsSync(path.join(candidate, 'README.md'))) return candidate;
		if (path.dirname(dir) === dir)
			throw new Error(
				`No shared/seeds folder above ${path.resolve(__dirname, '../..')}: the vendor documents must sit beside the checkout (../shared/seeds)`,
			);
	}
}

function seedText(prefix: string): string {
	const dir = seedsDir();
	const file = fs.readdirSync(dir).find((name) => name.startsWith(prefix));
	if (!file) throw new Error(`No ${prefix}_*.txt in ${dir}`);
	return fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n');
}

/** The rows of a one-column table (`Value |` lines) that follows the line `header |`. */
function tableAfter(text: string, header: string): string[] {
	const lines = text.split('\n');
	const start = lines.findIndex((line) => line.trim() === `${header} |`);
	if (start < 0) throw new Error(`No table "${header}" in the document`);
	const rows: string[] = [];
	for (const line of lines.slice(start + 1)) {
		const match = /^(.+?) \|$/.exec(line.trim());
		if (!match) break;
		rows.push(match[1]);
	}
	return rows;
}

const sorted = (values: readonly string[]) => [...values].sort();

function optionValues(properties: INodeProperties[], name: string): string[] {
	const property = properties.find((p) => p.name === name);
	return (property?.options ?? []).map((option) => String((option as { value: unknown }).value));
}

describe('PageUp statuses (000)', () => {
	const text = seedText('000');
	// Every PUT body of the document opens with its status; "a/b" names two statuses.
	const documented = [...text.matchAll(/Body:\n\{\n"status"\s*:\s*"([^"]+)"/g)].flatMap((m) =>
		m[1].split('/'),
	);

	it('the document lists the eight statuses', () => {
		expect(sorted([...new Set(documented)])).toEqual(
			sorted([
				'new',
				'inprogress',
				'completed',
				'cancelled',
				'failed',
				'expired',
				'queued',
				'pending',
			]),
		);
	});

	it("the sandbox's statuses are the document's", () => {
		expect(sorted(PAGEUP_STATUSES)).toEqual(sorted([...new Set(documented)]));
	});

	it("the node's Update Status offers every documented status but pending (Reset to Pending sets that one)", () => {
		const withoutPending = [...new Set(documented)].filter((status) => status !== 'pending');
		expect(sorted(UPDATE_STATUSES)).toEqual(sorted(withoutPending));
		expect(sorted(optionValues(updateStatusDescription, 'status'))).toEqual(sorted(withoutPending));
	});
});

describe('Choice Screening order enums (004)', () => {
	const text = seedText('004');
	const tables: Array<[string, string, readonly string[], readonly string[]]> = [
		['School Type', 'SCHOOL_TYPES', choiceModel.SCHOOL_TYPES, choiceSandbox.SCHOOL_TYPES],
		['Degree Options', 'DEGREES', choiceModel.DEGREES, choiceSandbox.DEGREES],
		[
			'Current Status',
			'CURRENT_STATUSES',
			choiceModel.CURRENT_STATUSES,
			choiceSandbox.CURRENT_STATUSES,
		],
	];

	it.each(tables)(
		"%s: the node and the sandbox list the document's values in its order",
		(header, _name, node, sandbox) => {
			const documented = tableAfter(text, header);
			expect(documented.length).toBeGreaterThan(3);
			expect([...node]).toEqual(documented);
			expect([...sandbox]).toEqual(documented);
		},
	);

	it('sex: the node shows the documented descriptions for the documented codes; the sandbox accepts the same codes', () => {
		// "Gender (Sex) | Description |" then code and description rows in turn.
		const rows = tableAfter(text, 'Gender (Sex)').slice(1);
		expect(rows.length % 2).toBe(0);
		const documented = Array.from({ length: rows.length / 2 }, (_, i) => ({
			value: rows[2 * i],
			name: rows[2 * i + 1],
		}));
		expect(documented.length).toBe(4);
		const byValue = (a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value);
		expect(choiceModel.SEXES.map((sex) => ({ ...sex })).sort(byValue)).toEqual(
			documented.sort(byValue),
		);
		expect(sorted(choiceSandbox.SEXES)).toEqual(sorted(documented.map((sex) => sex.value)));
	});
});

describe('ResidentIQ property decisions (003)', () => {
	const text = seedText('003');
	const documented = /<PropertyDecision>\{([^}]+)\}<\/PropertyDecision>/
		.exec(text)?.[1]
		.split('/')
		.map((value) => value.trim());

	it('the node and the sandbox accept exactly the documented decisions', () => {
		expect(documented).toHaveLength(4);
		expect(sorted(DECISIONS)).toEqual(sorted(documented ?? []));
		expect(sorted(RIQ_DECISIONS)).toEqual(sorted(documented ?? []));
		expect(sorted(optionValues([decisionField('')], 'decision'))).toEqual(sorted(documented ?? []));
	});
});
