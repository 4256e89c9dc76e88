/**
 * A real n8n for this repository, as a library.
 *
 * - `prepareRuntime()`: Node 24 and the pinned n8n under `.runtime/` (cached), the package built, packed and
 *   installed as a community package into an n8n user folder (every call; cheap).
 * - `startStack()`: the sandbox and n8n on free loopback ports, credentials and workflows imported and published,
 *   health awaited; `stop()` stops what it started.
 *
 * Used by `scripts/start.ts` (`npm start`) and by the end-to-end tests. Progress goes to `log` (stdout by default),
 * one line per step; the output of the commands it runs goes to `.runtime/logs/`.
 *
 * Where things are: `paths` (pins and folders), `util` (progress lines, commands, ports), `node` and `n8n-install`
 * (Node 24 and n8n), `package` and `prepare` (the package in a user folder), `credentials` and `workflows` (what is
 * imported), `n8n-process` (start, readiness, stop), `rest` (n8n's REST APIs), `sandbox`, `stack` (`startStack`).
 */
export * from './paths';
export { freePort, silentLog, spawnRepoScript, stdoutLog, type Log } from './util';
export * from './node';
export * from './n8n-install';
export * from './package';
export * from './prepare';
export * from './credentials';
export * from './workflows';
export { DEMO_OWNER, n8nCli, n8nEnv, type Owner } from './n8n-process';
export {
	N8nApi,
	N8nSession,
	nodeOutput,
	setUpOwner,
	type ExecutionSummary,
	type PublicationStatus,
} from './rest';
export * from './sandbox';
export * from './stack';
export { AlreadyRunningError, takeStartLock, type StartLock } from './lock';
export type { ImportDecision } from './imports';
export type { PublishResult } from './publish';
export { databaseName, encryptionKeyFor, type QueueOptions, type QueueProcess } from './queue';
