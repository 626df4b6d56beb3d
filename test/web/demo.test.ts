// The browser demo in a real browser: headless Chromium (playwright-core) loads the
// static site from a plain file server, boots guests and watches the page. One page
// load; the machine runs in virtual time paced to the wall clock, and every check
// waits for a state of the page, not for an amount of time.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/guest.js";
import { HAVE_CHROMIUM, NO_CHROMIUM_MESSAGE, buildSite, demo, openDemo, type Demo } from "./browser.js";

if (!HAVE_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const WAIT = { timeout: 60_000, intervals: [200] };

describe.skipIf(!HAVE_CHROMIUM)("the browser demo (Chromium)", () => {
  let d: Demo;

  beforeAll(async () => {
    await buildSite();
    d = await openDemo();
  });

  afterAll(async () => {
    if (!d) return;
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    await d.page.screenshot({ path: join(ROOT, "test-results", "web-demo.png"), fullPage: true });
    await d.close();
  });

  it("loads the core in a worker and shows the host's memory and CPUs", async () => {
    await expect.poll(() => d.page.textContent('[data-testid="machine-memory"]'), WAIT).toMatch(/^128 MiB \(\d+ MiB free\)$/);
    expect(await d.page.textContent('[data-testid="pcpus"]')).toBe("1");
    expect(await d.page.isVisible('[data-testid="error"]')).toBe(false);
  });

  it("boots the hello guest and shows its greeting in its console", async () => {
    await demo.start(d.page, "hello");
    await expect.poll(() => demo.console(d.page, "hello").innerText(), WAIT).toContain("Hello from a Xen PV guest on pvwasm!");
    await expect.poll(() => d.page.textContent('[data-console="hello"] .badge'), WAIT).toBe("powered off");
  });

  it("shares the CPU equally between two CPU-bound guests, and a weight change moves the shares", async () => {
    await demo.start(d.page, "spin");
    await demo.start(d.page, "spin");
    const shares = async () => [await demo.cpu(d.page, "spin"), await demo.cpu(d.page, "spin-2")];
    await expect.poll(async () => (await shares()).every((c) => c > 40 && c < 60), WAIT).toBe(true);
    await d.page.fill(`${demo.row("spin")} td[data-col="weight"] input`, "768");
    await d.page.press(`${demo.row("spin")} td[data-col="weight"] input`, "Enter");
    // 768 : 256 is 75% : 25%.
    await expect.poll(async () => { const [a, b] = await shares(); return a > 65 && b < 35; }, WAIT).toBe(true);
    expect(await d.page.inputValue(`${demo.row("spin")} td[data-col="weight"] input`)).toBe("768");
  });

  it("pauses and unpauses a guest from its row", async () => {
    const state = () => d.page.textContent(`${demo.row("spin-2")} td[data-col="state"]`);
    await d.page.click(`${demo.row("spin-2")} button:has-text("Pause")`);
    await expect.poll(state, WAIT).toBe("--p---");
    await expect.poll(() => demo.cpu(d.page, "spin-2"), WAIT).toBe(0);
    await d.page.click(`${demo.row("spin-2")} button:has-text("Unpause")`);
    await expect.poll(async () => (await state())?.includes("p"), WAIT).toBe(false);
  });

  it("passes what is typed into a console to the guest's PV console ring", async () => {
    await demo.start(d.page, "conecho");
    await expect.poll(() => demo.console(d.page, "conecho").innerText(), WAIT).toContain("> ");
    await d.page.click('[data-console="conecho"] .xterm');
    await d.page.keyboard.type("typed in a browser");
    await d.page.keyboard.press("Enter");
    await expect.poll(() => demo.console(d.page, "conecho").innerText(), WAIT).toContain("TYPED IN A BROWSER");
    await d.page.keyboard.type("quit");
    await d.page.keyboard.press("Enter");
    await expect.poll(() => d.page.textContent('[data-console="conecho"] .badge'), WAIT).toBe("powered off");
  });

  it("shows a readable error for a file that is not a kernel, and the page keeps working", async () => {
    await d.page.setInputFiles('[data-testid="elf-file"]', { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("this is not a kernel\n") });
    await expect.poll(() => d.page.textContent("#error-text"), WAIT).toBe("notes.txt: not an ELF file: only 21 bytes");
    expect(await d.page.isVisible('[data-testid="error"]')).toBe(true);
    await d.page.click(`${demo.row("spin-2")} button:has-text("Destroy")`);
    await expect.poll(() => d.page.locator(demo.row("spin-2")).count(), WAIT).toBe(0);
    await expect.poll(() => demo.cpu(d.page, "spin"), WAIT).toBeGreaterThan(95);
    expect(d.errors).toEqual([]);
  });
});
