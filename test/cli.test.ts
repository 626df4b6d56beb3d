// The pvwasm command as a user runs it: exit status and one-line errors.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./helpers/guest.js";

const pvwasm = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "src", "cli", "pvwasm.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });

describe("pvwasm CLI", () => {
  it("run boots a kernel, streams its console and exits 0 on poweroff", () => {
    const r = pvwasm("run", "build/guests/hello.elf", "--cmdline", "from the cli", "--memory", "8M");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Hello from a Xen PV guest on pvwasm!");
    expect(r.stdout).toContain("cmdline: from the cli");
    expect(r.stdout).toContain("nr_pages: 2048");
  });

  it("run exits non-zero with one line naming the exception, EIP and bytes when a guest crashes", () => {
    const r = pvwasm("run", "build/guests/crash.elf");
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/crashed: unhandled #DE .* at EIP 0x[0-9a-f]{8}; bytes f7/);
  });

  it("run stops at the instruction budget with its own exit status", () => {
    const r = pvwasm("run", "build/guests/bench.elf", "--cmdline", "iterations=100000", "--max-insns", "1000000");
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/instruction budget exceeded/);
  });

  it("bad files and flags give one line and exit 2, never a stack trace", () => {
    for (const args of [["run", "no-such.elf"], ["run", "package.json"], ["run", "--nope"], ["bogus"], ["run", "build/guests/hello.elf", "--memory", "lots"]]) {
      const r = pvwasm(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it("create runs the domains of xl.cfg files and reports a bad config by file and line", () => {
    const dir = mkdtempSync(join(tmpdir(), "pvwasm-"));
    const good = join(dir, "a.cfg");
    writeFileSync(good, `name = "alpha"\nkernel = "${join(ROOT, "build/guests/hello.elf")}"\nmemory = 8\nextra = "from cfg"\n`);
    const r = pvwasm("create", good);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("cmdline: from cfg");
    const bad = join(dir, "b.cfg");
    writeFileSync(bad, `name = "beta"\nkernel = "x.elf"\nmemroy = 8\n`);
    const r2 = pvwasm("create", bad);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/b\.cfg:3: unknown key 'memroy'/);
  });

  it("--help documents every verb", () => {
    const r = pvwasm("--help");
    expect(r.status).toBe(0);
    for (const verb of ["run", "create", "help"]) expect(r.stdout).toContain(verb);
  });
});
