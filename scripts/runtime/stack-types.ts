/** The options of `startStack()` and the `Stack` it returns. */
import type { CredentialInput } from './credentials';
import type { ImportDecision } from './imports';
import type { Owner } from './n8n-process';
import type { InstalledPackage } from './package';
import type { PrepareOptions } from './prepare';
import type { PublishResult } from './publish';
import type { QueueOptions, QueueProcess } from './queue';
import type { N8nApi, N8nSession } from './rest';
import type { SandboxAdmin } from '../../sandbox/admin-client';
import type { SandboxHandle } from './sandbox';
import type { WorkflowInput } from './workflows';

export interface StartStackOptions extends PrepareOptions {
	/** Workflows to import: `'examples'` (default: examples/*.json) or a list (normalised the same way). */
	workflows?: 'examples' | WorkflowInput[];
	/** Credentials to import: default the sandbox credentials of all four vendors; or a function of the sandbox URL. */
	credentials?: CredentialInput[] | ((sandboxUrl: string) => CredentialInput[]);
	/** Which workflows to publish (activate): `'fromJson'` (default: those with `"active": true`), `'all'`, `'none'` or ids. */
	publish?: 'fromJson' | 'all' | 'none' | string[];
	/** Re-import credentials and workflows even when unchanged since the last start into this user folder. */
	forceImport?: boolean;
	/** n8n port (fails at once when taken); default: `preferredN8nPort` if free, else any free port (said in `notices`). */
	n8nPort?: number;
	preferredN8nPort?: number;
	/** Sandbox port; default: `preferredSandboxPort` if free, else any free port. */
	sandboxPort?: number;
	preferredSandboxPort?: number;
	/** Start the sandbox in this process (default true); `false` to run n8n alone (credentials then point at `sandboxUrl`). */
	sandbox?: boolean;
	/** With `sandbox: false`: the URL the credentials point at (default http://127.0.0.1:9). */
	sandboxUrl?: string;
	owner?: Owner;
	/**
	 * Rewrite the example URLs in the workflows (`http://localhost:5678/...` to this n8n, `http://127.0.0.1:4010/...`
	 * to this sandbox) before importing them (default true).
	 */
	rewriteUrls?: boolean;
	/** More environment for `n8n start`. */
	env?: NodeJS.ProcessEnv;
	/** Log file name for n8n's output under .runtime/logs (default n8n.log; the previous one is kept as n8n.previous.log). */
	n8nLogName?: string;
	/** How long to wait for n8n to become ready (default 180 s). */
	readyTimeoutMs?: number;
	/**
	 * Queue mode: PostgreSQL, Redis, n8n main, one `n8n webhook` and (default) two `n8n worker` processes.
	 * Use a user folder of its own (its encryption key is shared by every process).
	 */
	queue?: boolean | QueueOptions;
	/** Queue mode: the webhook process's port; default `preferredWebhookPort` if free (a stable port keeps the
	 * workflows' webhook URLs, and so the import stamp, unchanged between starts), else any free port. */
	webhookPort?: number;
	preferredWebhookPort?: number;
}

export interface Stack {
	n8nUrl: string;
	/** Where production webhooks are received: the webhook process in queue mode, else `n8nUrl`. */
	webhookUrl: string;
	/** Queue mode: its processes besides main, its database and Redis. */
	queue?: {
		processes: QueueProcess[];
		database: string;
		postgresPort: number;
		redisPort: number;
		encryptionKey: string;
	};
	sandboxUrl: string;
	/** The workflow whose ATS Anywhere Trigger the sandbox's ATS calls (set at start). */
	sandboxAtsWorkflow?: string;
	/** The admin API of the sandbox at `sandboxUrl`. */
	admin: SandboxAdmin;
	userFolder: string;
	owner: Owner;
	/** n8n's public REST API as the owner. */
	api: N8nApi;
	/** The owner's session on n8n's internal REST API. */
	session: N8nSession;
	/** This package's node types as n8n loaded them (`n8n-nodes-background-checks.<name>`). */
	nodeTypes: string[];
	/** The sandbox's own handle (undefined with `sandbox: false`). */
	sandbox?: SandboxHandle;
	package: InstalledPackage;
	credentials: CredentialInput[];
	workflows: WorkflowInput[];
	/** This start's publish attempts, and active workflows whose publication failed or partly failed. */
	published: PublishResult[];
	/** Workflows active in n8n, with their triggers live, once the stack is up (all of them, not only examples). */
	activeWorkflows: Array<{ id: string; name: string }>;
	/** True when no credential or workflow was imported at this start. */
	importSkipped: boolean;
	/** Each credential and workflow: imported, unchanged or kept as edited in n8n, and why. */
	imports: ImportDecision[];
	/** Things the user should know about this start, one line each (a preferred port was taken). */
	notices: string[];
	/** Problems worth showing (for example: n8n could not load the package). */
	warnings: string[];
	/** Seconds each phase of the start took, in order. */
	timings: Array<{ phase: string; seconds: number }>;
	n8nLogFile: string;
	n8nPid: number;
	/** Stops n8n and the sandbox (idempotent). */
	stop(): Promise<void>;
}
