// Refreshes the README's picture of the demo (src/web/screenshot.png):
//   npm run web:build && npx tsx test/web/readme-screenshot.ts
// Not a test: it starts a few guests, waits for the table to settle and shoots.

import { join } from "node:path";
import { ROOT } from "../helpers/guest.js";
import { HAVE_CHROMIUM, NO_CHROMIUM_MESSAGE, demo, openDemo } from "./browser.js";

if (!HAVE_CHROMIUM) {
  console.error(NO_CHROMIUM_MESSAGE);
  process.exit(1);
}
const d = await openDemo("", { width: 1400, height: 1120 });
const { page } = d;
try {
  await page.waitForSelector('[data-testid="machine-memory"]:not(:text("–"))');
  await demo.start(page, "hello");
  await demo.console(page, "hello").filter({ hasText: "cmdline" }).waitFor();
  await demo.start(page, "spin");
  await demo.start(page, "spin");
  await demo.start(page, "timer");
  await demo.start(page, "pingpong");
  await page.waitForSelector(`${demo.row("pong")}`);
  await page.fill(`${demo.row("spin")} td[data-col="weight"] input`, "768");
  await page.press(`${demo.row("spin")} td[data-col="weight"] input`, "Enter");
  await page.waitForTimeout(3000);
  const out = join(ROOT, "src", "web", "screenshot.png");
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await d.close();
}
