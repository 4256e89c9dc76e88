/**
 * The logger n8n-core's contexts hand to nodes (`this.logger`): its own copies of @n8n/di and
 * @n8n/backend-common, resolved from n8n-core, so a test can spy on what a node logs.
 */
export function n8nLogger(): { warn(message: string): void; info(message: string): void } {
	const from = { paths: [require.resolve('n8n-core')] };
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { Container } = require(require.resolve('@n8n/di', from)) as {
		Container: {
			get(token: unknown): { warn(message: string): void; info(message: string): void };
		};
	};
	const { Logger } = require(require.resolve('@n8n/backend-common', from)) as { Logger: unknown };
	/* eslint-enable @typescript-eslint/no-require-imports */
	return Container.get(Logger);
}
