// A real, unmodified Xen PV kernel: GRUB's i386-xen image from Debian's grub-xen-host
// boots to its prompt over the PV console, runs a command and powers off.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { grubImage } from "../helpers/grub-image.js";
import { configOf, makeHost } from "../helpers/machine.js";

const grub = grubImage();

/** GRUB's output with its VT100 cursor addressing and colours removed. */
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

describe("GRUB (grub-xen-host, grub-i386-xen.bin)", () => {
  if (!grub.path) {
    it.skip(`skipped: ${grub.reason}`, () => {});
    return;
  }
  it("boots to grub>, echoes hello and powers off on halt", async () => {
    const { host, consoles, ends } = await makeHost({ memoryMiB: 64 });
    const [dom] = host.startAll([{ config: { ...configOf({ name: "grub", image: "grub", memoryMiB: 32 }) }, kernel: readFileSync(grub.path!) }]);
    const out = () => consoles.get("grub") ?? "";
    const runUntil = (done: () => boolean, maxInsns: number) => {
      const limit = host.core.instructions + BigInt(maxInsns);
      while (!done() && !ends.has("grub") && host.core.instructions < limit) host.step(2_000_000);
    };
    runUntil(() => out().endsWith("grub> "), 200_000_000);
    expect(plain(out())).toContain("GNU GRUB  version 2.");
    expect(out().endsWith("grub> ")).toBe(true);
    const promptAt = out().length;
    host.consoleInput(dom.domid, "echo hello\r");
    runUntil(() => /\nhello\n\r[\s\S]*grub> $/.test(out().slice(promptAt)), 100_000_000);
    expect(plain(out().slice(promptAt))).toMatch(/echo hello\n\rhello\n\rgrub> $/);
    host.consoleInput(dom.domid, "halt\r");
    runUntil(() => false, 100_000_000);
    expect(ends.get("grub")?.reasonName).toBe("poweroff");
    expect(host.core.mmCheck()).toBeUndefined();
  });
});
