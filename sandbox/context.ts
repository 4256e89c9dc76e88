import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Clock } from './clock';
import type { DemoCredentials } from './credentials';
import type { Faults, Vendor } from './faults';
import type { RngStreams } from './rng';
import type { TokenStore } from './tokens';

/** What every vendor module gets from the server. */
export interface SandboxEnv {
	clock: Clock;
	rng: RngStreams;
	faults: Faults;
	tokens: TokenStore;
	credentials: DemoCredentials;
	/** http://127.0.0.1:PORT, known once the server listens. */
	baseUrl(): string;
}

export interface RequestContext {
	req: IncomingMessage;
	res: ServerResponse;
	method: string;
	/** Path relative to the vendor prefix, e.g. "/connect/token". */
	path: string;
	query: URLSearchParams;
	params: Record<string, string>;
	body(): Promise<Buffer>;
	/** Set when an injected "apply then drop" fault will swallow this request's answer. */
	answerDropped?: boolean;
}

export interface Route {
	/** Stable id used by fault rules and the request log. */
	id: string;
	method: string;
	pattern: RegExp;
	handle(ctx: RequestContext): Promise<void>;
}

export interface VendorModule {
	readonly vendor: Vendor;
	readonly routes: Route[];
	/** Renders an error thrown by a handler (or an injected fault) in the vendor's own format. */
	sendError(
		ctx: RequestContext,
		status: number,
		message: string,
		headers?: Record<string, string>,
		body?: unknown,
	): void;
	reset(): void;
	snapshot(): unknown;
}

export function route(
	id: string,
	method: string,
	pattern: RegExp,
	handle: (ctx: RequestContext) => Promise<void>,
): Route {
	return { id, method, pattern, handle };
}
