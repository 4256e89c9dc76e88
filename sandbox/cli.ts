import { ADMIN_PREFIX } from './admin';
import { demoCredentials } from './credentials';
import type { RunningSandbox } from './server';
import { startSandbox } from './server';

/** `npm run sandbox`: start on SANDBOX_PORT (4010), print URLs and demo credentials, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
	const demoData = !['0', 'false', 'no'].includes(
		(process.env.SANDBOX_DEMO_DATA ?? '').toLowerCase(),
	);
	const running: RunningSandbox = await startSandbox({ demoData });
	const { url } = running;
	const packagesUrl = process.env.SANDBOX_ATS_PACKAGES_URL;
	const ordersUrl = process.env.SANDBOX_ATS_ORDERS_URL;
	if (packagesUrl || ordersUrl) running.sandbox.ats.configureProvider({ packagesUrl, ordersUrl });
	const c = demoCredentials;
	const lines = [
		`Background-check vendor sandbox listening on ${url} (seed ${running.sandbox.rng.seed}, demo data ${demoData ? 'on' : 'off'})`,
		'',
		'PageUp',
		`  token URL      ${url}/pageup/connect/token`,
		`  API base URL   ${url}/pageup`,
		`  tenantId ${c.pageUp.tenantId}  instanceId ${c.pageUp.instanceId}  provider ${c.pageUp.provider}`,
		`  clientId ${c.pageUp.clientId}  clientSecret ${c.pageUp.clientSecret}`,
		`  scope "${c.pageUp.scope}"`,
		'ATS Anywhere (the sandbox is the ATS; it calls your provider endpoints with HTTP Basic)',
		`  client accounts ${running.sandbox.ats.provider.accounts.map((a) => `${a.accountId}:${a.apiSecret}`).join('  ')}`,
		`  (derived from master key "${c.atsAnywhere.masterKey}", as the provider's Account > Create Credentials does)`,
		`  provider URLs  ${running.sandbox.ats.provider.packagesUrl ?? '(not set)'} / ${running.sandbox.ats.provider.ordersUrl ?? '(not set)'}`,
		`  configure      PUT ${url}${ADMIN_PREFIX}/ats/provider {"packagesUrl":"...","ordersUrl":"..."}`,
		`  webhooks       ${url}/ats/webhooks/<per-order token>`,
		'ResidentIQ',
		`  base URL       ${url}/riq   (submit: POST ${url}/riq/api/partner)`,
		`  userId ${c.residentIq.userId}  password ${c.residentIq.password}  test SSNs 333221111, 111223333`,
		'Choice Screening',
		`  base URL       ${url}/choice   (token: ${url}/choice/connect/token)`,
		`  clientId ${c.choiceScreening.clientId}  clientSecret ${c.choiceScreening.clientSecret}  scope ${c.choiceScreening.scope}`,
		`  or header ${c.choiceScreening.apiKeyHeader}: ${c.choiceScreening.apiKey}`,
		'',
		`Admin API        ${url}${ADMIN_PREFIX}  (state: ${url}${ADMIN_PREFIX}/state)`,
		'Press Ctrl+C to stop.',
		'',
	];
	process.stdout.write(lines.join('\n'));

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping the sandbox\n`);
		running.close().then(
			() => process.exit(0),
			(error: Error) => {
				process.stderr.write(`Error while stopping: ${error.message}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: Error) => {
	process.stderr.write(`Sandbox failed to start: ${error.message}\n`);
	process.exit(1);
});
