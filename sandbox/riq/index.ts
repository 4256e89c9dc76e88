export { RiqVendor } from './vendor';
export {
	RIQ_DECISIONS,
	RIQ_ERRORS,
	RIQ_PRODUCTS,
	RIQ_SCORING_MODELS,
	RIQ_TEST_SSNS,
	STATS_MAX_DAYS,
	reportErrorSchema,
	riqSettingsSchema,
	seedRiqOrderSchema,
	type PostbackRecord,
	type RiqDecision,
	type RiqOrder,
	type RiqSettings,
} from './state';
