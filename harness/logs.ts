import { createRequire } from 'node:module';

/** n8n-core's own copies (it keeps nested versions): the Logger node contexts get from its container. */
const fromCore = createRequire(require.resolve('n8n-core'));
const { Container } = fromCore('@n8n/di') as {
	Container: { get: (type: unknown) => { warn: (message: string) => void } };
};
const { Logger } = fromCore('@n8n/backend-common') as { Logger: unknown };

/** Collects what nodes log at warn until `restore()`. */
export function captureWarnings(): { messages: string[]; restore: () => void } {
	const messages: string[] = [];
	const spy = jest
		.spyOn(Container.get(Logger), 'warn')
		.mockImplementation((message: string) => void messages.push(message));
	return { messages, restore: () => spy.mockRestore() };
}
