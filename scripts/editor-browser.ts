/**
 * The n8n editor in a real browser: Debian's Chromium driven by `playwright-core` (which downloads nothing).
 * Used by `npm run screenshots` (scripts/screenshots.ts) and the editor test (test/e2e/editor.e2e.test.ts).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.BGC_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, offline, throw-away browser (no sandbox: CI containers run as root). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Debian's `chromium` when /usr/bin/chromium is missing (apt-get update first); throws when it cannot. */
export function ensureChromium(
	log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): string {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	if (process.getuid?.() !== 0)
		throw new Error(`${CHROMIUM} is missing: install it with \`sudo apt-get install chromium\``);
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		log(`[browser] apt-get ${args.join(' ')}`);
		const result = spawnSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0)
			throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
	}
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
	return CHROMIUM;
}

export interface Editor {
	context: BrowserContext;
	page: Page;
	/** Front-end errors so far: console errors and uncaught exceptions, in order. */
	errors: string[];
	close(): Promise<void>;
}

/**
 * Chromium with a fresh profile, signed in to n8n as `owner` through the editor's own sign-in form.
 */
export async function openEditor(
	n8nUrl: string,
	owner: { email: string; password: string },
): Promise<Editor> {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bgc-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: ensureChromium(),
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1600, height: 900 },
		deviceScaleFactor: 1,
	});
	const page = context.pages()[0] ?? (await context.newPage());
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error')
			errors.push(`console: ${message.text()} @ ${message.location().url}`);
	});
	page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
	const close = async () => {
		await context.close().catch(() => undefined);
		fs.rmSync(profile, { recursive: true, force: true });
	};
	try {
		await page.goto(`${n8nUrl}/signin`, { waitUntil: 'domcontentloaded' });
		await page
			.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]')
			.first()
			.fill(owner.email);
		await page.locator('input[type="password"]').first().fill(owner.password);
		await page.locator('[data-test-id="form-submit-button"]').first().click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	} catch (error) {
		await close();
		throw error;
	}
	return { context, page, errors, close };
}

/** Closes whatever modal or notification n8n opened on its own (what's new, tips, production checklist). */
export async function dismissPopups(page: Page): Promise<void> {
	await page.keyboard.press('Escape').catch(() => undefined);
	for (const selector of [
		'.el-notification .el-notification__closeBtn',
		'.el-dialog__headerbtn',
		'[data-test-id="close-button"]',
	]) {
		for (const button of await page.locator(selector).all()) {
			if (await button.isVisible().catch(() => false))
				await button.click({ timeout: 2_000 }).catch(() => undefined);
		}
	}
}

/** Opens a workflow in the editor and waits until its nodes are drawn; returns the canvas node count. */
export async function openWorkflow(
	page: Page,
	n8nUrl: string,
	workflowId: string,
): Promise<number> {
	await page.goto(`${n8nUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-node-type]').first().waitFor({ timeout: 60_000 });
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await dismissPopups(page);
	// Zoom to fit (shift+1 is n8n's shortcut) so the whole workflow is in the picture.
	await page
		.locator('[data-test-id="canvas-wrapper"]')
		.first()
		.click({ position: { x: 5, y: 5 } })
		.catch(() => undefined);
	await page.keyboard.press('Shift+1').catch(() => undefined);
	await page.waitForTimeout(600);
	return page.locator('[data-node-type]:not([data-node-type="n8n-nodes-base.stickyNote"])').count();
}

/** The canvas nodes of a type prefix: name, type, and the icon image they show (src and whether it loaded). */
export async function canvasNodes(
	page: Page,
	typePrefix: string,
): Promise<
	Array<{
		name: string;
		type: string;
		icons: Array<{ src: string; loaded: boolean }>;
		text: string;
	}>
> {
	return page.locator(`[data-node-type^="${typePrefix}"]`).evaluateAll((elements) =>
		elements.map((element) => ({
			name: element.getAttribute('data-node-name') ?? '',
			type: element.getAttribute('data-node-type') ?? '',
			icons: [...element.querySelectorAll('img')].map((img) => ({
				src: img.src,
				loaded: img.complete && img.naturalWidth > 0,
			})),
			text: (element.textContent ?? '').trim(),
		})),
	);
}

/** Opens a node's parameter panel (double-click on the canvas), waits for its parameters. */
export async function openNodePanel(page: Page, nodeName: string): Promise<void> {
	await page.locator(`[data-node-name="${nodeName}"]`).first().dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 30_000 });
	await page.locator('[data-test-id="node-parameters"]').first().waitFor({ timeout: 30_000 });
	await page.waitForTimeout(800);
}

export async function closeNodePanel(page: Page): Promise<void> {
	const close = page.locator('[data-test-id="ndv-close-button"]').first();
	if (await close.isVisible().catch(() => false)) await close.click();
	else await page.keyboard.press('Escape');
	await page
		.locator('[data-test-id="ndv"]')
		.first()
		.waitFor({ state: 'hidden', timeout: 10_000 })
		.catch(() => undefined);
}

/** Whether the open panel shows n8n's "install this node" banner (a node type n8n does not know). */
export async function panelSaysNotInstalled(page: Page): Promise<boolean> {
	return (await page.locator('[data-test-id="node-not-installed"]').count()) > 0;
}

/** Opens the node creator (the "+" of the canvas), types `query`, returns the names of the nodes it lists. */
export async function searchNodes(page: Page, query: string): Promise<string[]> {
	const search = page.locator('[data-test-id="node-creator-search-bar"]').first();
	if (!(await search.isVisible().catch(() => false))) {
		const plus = page.locator(
			'[data-test-id="node-creator-plus-button"], [data-test-id="canvas-plus-button"], [data-test-id="canvas-add-button"]',
		);
		await plus.first().click();
		await search.waitFor({ timeout: 15_000 });
	}
	const input = search.locator('input').first();
	const target = (await input.count()) > 0 ? input : search;
	await target.fill('');
	await target.fill(query);
	await page.waitForTimeout(800);
	const names = await page.locator('[data-test-id="node-creator-item-name"]').allTextContents();
	return [...new Set(names.map((name) => name.trim()).filter(Boolean))];
}
