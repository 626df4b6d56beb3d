// The FPU and SSE units against the host CPU: the fpmath guest (guests/fpmath) prints
// the bits of thousands of results and status flags, built for the x87 and for SSE2;
// the same objects run natively as a 32-bit Linux program and must print the same.
// Also the FPU's exceptions as a PV guest sees them (guests/fputrap).

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { bootGuest, ROOT } from "../helpers/guest.js";
import { loadCore } from "../../src/core/node.js";
import { buildDomain } from "../../src/builder/build.js";
import { tinyKernel, VIRT } from "../helpers/elf-writer.js";

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) return `line ${i + 1}:\n  core:   ${a[i]}\n  native: ${b[i]}`;
  return "";
}

for (const variant of ["x87", "sse"]) {
  describe(`fpmath-${variant}`, () => {
    it(`prints the same result bits and flags in the core as on the host CPU`, async () => {
      const r = await bootGuest(`fpmath-${variant}`, { maxInsns: 1_000_000_000 });
      expect(r.info.shutdownReason, r.text.slice(-500)).toBe(0);
      expect(r.text).toContain("fpmath: done");
      const core = r.text.trimEnd().split("\n");
      expect(core.length).toBeGreaterThan(5000);
      const native = spawnSync(join(ROOT, "build", "guests", `fpmath-${variant}-native`), { encoding: "utf8", maxBuffer: 64 << 20 });
      if (native.error) return; // no 32-bit process support on this host: the in-core half still ran
      expect(firstDifference(core, native.stdout.trimEnd().split("\n"))).toBe("");
    });
  });
}

describe("FPU state across context switches", () => {
  it("fpmath-x87 and fpmath-sse running side by side each print exactly what they print alone", async () => {
    const core = await loadCore({ frames: (64 << 20) / 4096 });
    const { readFileSync } = await import("node:fs");
    const image = (n: string) => readFileSync(join(ROOT, "build", "guests", `${n}.elf`));
    buildDomain(core, image("fpmath-x87"), { domid: 1, memoryBytes: 16 << 20 });
    buildDomain(core, image("fpmath-sse"), { domid: 2, memoryBytes: 16 << 20 });
    core.unpauseDomain(1);
    core.unpauseDomain(2);
    const text: Record<number, string> = { 1: "", 2: "" };
    let interleaved = false;
    for (let slices = 0; slices < 400; slices++) {
      core.run(5_000_000);
      for (const rec of core.drainConsole()) text[rec.domid] += rec.text;
      if (core.domainInfo(1).shutdown && core.domainInfo(2).shutdown) break;
      if (text[1] && text[2] && !core.domainInfo(1).shutdown && !core.domainInfo(2).shutdown) interleaved = true;
    }
    expect(interleaved).toBe(true);
    const alone = await Promise.all(["fpmath-x87", "fpmath-sse"].map((n) => bootGuest(n, { maxInsns: 1_000_000_000 })));
    expect(text[1]).toContain("fpmath: done");
    expect(text[2]).toContain("fpmath: done");
    expect(firstDifference(text[1].split("\n"), alone[0].text.split("\n"))).toBe("");
    expect(firstDifference(text[2].split("\n"), alone[1].text.split("\n"))).toBe("");
  });
});

describe("FPU exceptions in a PV guest", () => {
  it("fputrap: #NM under TS (fpu_taskswitch, mov cr0, clts), #MF, #XM, CPUID and CR4", async () => {
    const r = await bootGuest("fputrap");
    expect(r.text).not.toContain("FAIL:");
    expect(r.text.trimEnd().split("\n").at(-1)).toBe("Test result: SUCCESS");
  });

  it("an FPU instruction after fpu_taskswitch(1) raises #NM; without a handler the domain crashes on vector 7", async () => {
    const core = await loadCore({ frames: 8192 });
    buildDomain(core, tinyKernel([0xd9, 0xe8, 0xeb, 0xfe]), { domid: 1, memoryBytes: 16 << 20 });
    expect(core.hypercall(1, 0, 5, 1)).toBe(0);
    core.unpauseDomain(1);
    core.run(100);
    const info = core.domainInfo(1);
    expect(info.crash?.vector).toBe(7);
    expect(info.crash?.eip).toBe(VIRT);
  });

  it("clts after fpu_taskswitch(1) lets the FPU instruction run", async () => {
    const core = await loadCore({ frames: 8192 });
    buildDomain(core, tinyKernel([0x0f, 0x06, 0xd9, 0xe8, 0xeb, 0xfe]), { domid: 1, memoryBytes: 16 << 20 });
    core.hypercall(1, 0, 5, 1);
    core.unpauseDomain(1);
    core.run(100);
    expect(core.domainInfo(1).crash).toBeUndefined();
    const img = core.vcpuFpu(1, 0);
    expect(img[32 + 9]).toBe(0x3f); // ST(0) = 1.0: exponent 0x3fff
  });
});
