// Fixtures for the browser tests: find Chromium, build the static site, serve it from
// a plain static server and open it in headless Chromium driven by playwright-core.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "../helpers/guest.js";
import { serveStatic, type StaticServer } from "./static-server.js";

/** $PVWASM_CHROMIUM, or Debian's Chromium. */
export const CHROMIUM = process.env.PVWASM_CHROMIUM || "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM_MESSAGE =
  `browser tests skipped: no Chromium at ${CHROMIUM}. Install it with 'sudo apt-get install -y chromium' ` +
  "(Debian; .ci/run does this when it runs as root), or point PVWASM_CHROMIUM at a Chromium binary.";

export const SITE = join(ROOT, "build", "web");

/** What `npm run web:build` does after `npm run build`: the static site in build/web. */
export async function buildSite(): Promise<void> {
  await build({ configFile: join(ROOT, "src", "web", "vite.config.ts"), logLevel: "error" });
}

export interface Demo { browser: Browser; page: Page; server: StaticServer; errors: string[]; close(): Promise<void> }

export async function openDemo(query = "", viewport = { width: 1400, height: 1000 }): Promise<Demo> {
  const server = await serveStatic(SITE);
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.url + query);
  return { browser, page, server, errors, async close() { await browser.close(); await server.close(); } };
}

const row = (name: string) => `#domain-rows tr[data-name="${name}"]`;

export const demo = {
  row,
  cpu: async (page: Page, name: string) => Number(await page.getAttribute(`${row(name)} td[data-col="cpu"]`, "data-value")),
  console: (page: Page, name: string) => page.locator(`[data-console="${name}"] .xterm-rows`),
  async start(page: Page, id: string): Promise<void> {
    await page.selectOption('[data-testid="guest-select"]', id);
    await page.click('[data-testid="start-guest"]');
  },
};
