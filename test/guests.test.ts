// Each guest under guests/ boots in the core with the expected console output and
// end state.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { bootGuest, ROOT } from "./helpers/guest.js";

describe("guest kernels", () => {
  it("hello prints its greeting, the start_info magic and nr_pages, then powers off", async () => {
    const r = await bootGuest("hello", { cmdline: "greetings from the test" });
    expect(r.text).toContain("Hello from a Xen PV guest on pvwasm!");
    expect(r.text).toContain("start_info.magic: xen-3.0-x86_32p");
    expect(r.text).toContain("nr_pages: 4096");
    expect(r.text).toContain("greetings from the test");
    expect(r.info.shutdown).toBe(true);
    expect(r.info.shutdownReason).toBe(0);
  });

  it("hello reports nr_pages for the memory it was given", async () => {
    const r = await bootGuest("hello", { memoryMiB: 32 });
    expect(r.text).toContain("nr_pages: 8192");
  });

  it("selftest passes every check and ends with Test result: SUCCESS", async () => {
    const r = await bootGuest("selftest");
    expect(r.text).not.toContain("FAIL:");
    expect(r.text.trimEnd().split("\n").at(-1)).toBe("Test result: SUCCESS");
    expect(r.info.shutdownReason).toBe(0);
  });

  it("crash ends crashed by the core: unhandled #DE at a div instruction", async () => {
    const r = await bootGuest("crash");
    expect(r.info.shutdown).toBe(true);
    expect(r.info.shutdownReason).toBe(3);
    expect(r.info.crash?.vector).toBe(0);
    // F6/F7 /6 or /7: div or idiv.
    expect([0xf6, 0xf7]).toContain(r.info.crash?.bytes[0]);
    expect(r.info.crash?.eip).toBe(r.info.vcpu0Eip);
  });

  it("bench computes the same checksum in the core as natively", async () => {
    const r = await bootGuest("bench", { cmdline: "iterations=20" });
    const m = /checksum=(0x[0-9a-f]{8})/.exec(r.text);
    expect(m, r.text).not.toBeNull();
    expect(r.info.shutdownReason).toBe(0);
    const native = spawnSync(join(ROOT, "build", "guests", "bench-native"), ["iterations=20"], { encoding: "utf8" });
    if (native.error) return; // no 32-bit process support on this host: the in-core half still ran
    expect(native.stdout).toContain(`checksum=${m![1]}`);
  });
});

describe("unimplemented opcodes", () => {
  it("raise #UD in the guest; with no handler the crash report names the EIP and the bytes", async () => {
    const { loadCore } = await import("../src/core/node.js");
    const { buildDomain } = await import("../src/builder/build.js");
    const { tinyKernel, VIRT } = await import("./helpers/elf-writer.js");
    const { describeCrash } = await import("../src/toolstack/describe.js");
    const core = await loadCore({ frames: 8192 });
    // nop; nop; pshufb xmm0, xmm0 (SSSE3, not implemented); then spin.
    buildDomain(core, tinyKernel([0x90, 0x90, 0x66, 0x0f, 0x38, 0x00, 0xc0, 0xeb, 0xfe]), { domid: 1, memoryBytes: 16 << 20 });
    core.unpauseDomain(1);
    core.run(1000);
    const info = core.domainInfo(1);
    expect(info.shutdownReason).toBe(3);
    expect(info.crash?.vector).toBe(6);
    expect(info.crash?.eip).toBe(VIRT + 2);
    expect(info.lastInvalidOpcode?.unimplemented).toBe(true);
    expect(describeCrash(info)).toMatch(/#UD .* at EIP 0xc0000002, an instruction pvwasm does not implement; bytes 66 0f 38 00/);
  });
});
