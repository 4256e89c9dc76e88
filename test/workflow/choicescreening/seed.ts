import seedSamples from './fixtures/seed-samples.json';

/** The seed's sample orders (fixtures/seed-samples.json, extracted verbatim from seeds/004). No nock here. */
export type SeedSampleName = keyof typeof seedSamples;
export const SEED_SAMPLES = seedSamples;

/** A seed sample with its `[[packageNumber]]` placeholder filled in, verbatim. */
export function seedSample(
	name: SeedSampleName,
	packageNumber: string,
): { order: Record<string, unknown> } {
	return JSON.parse(
		JSON.stringify(seedSamples[name].body).split('[[packageNumber]]').join(packageNumber),
	);
}

/**
 * What the node sends for a seed sample: the sample exactly, plus `isNotifyOnComplete` (false), which the
 * seed's model requires and the samples leave out (issue 13: always sent).
 */
export function seedBody(
	name: SeedSampleName,
	packageNumber: string,
): { order: Record<string, unknown> } {
	const body = seedSample(name, packageNumber);
	return { order: { ...body.order, isNotifyOnComplete: body.order.isNotifyOnComplete ?? false } };
}
