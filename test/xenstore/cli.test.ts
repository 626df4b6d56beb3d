// The xenstore verbs of a running machine, as a user in a second terminal uses them.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers/guest.js";

const CLI = join(ROOT, "src", "cli", "pvwasm.mjs");
const dir = mkdtempSync(join(tmpdir(), "pvwasm-xs-"));
const sock = join(dir, "control.sock");
const pv = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, "--socket", sock], { cwd: ROOT, encoding: "utf8" });
let server: ChildProcess;

beforeAll(async () => {
  server = spawn(process.execPath, [CLI, "serve", "--socket", sock, "--machine-memory", "64M"], { cwd: ROOT });
  for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
});

afterAll(() => {
  if (server.pid !== undefined) server.kill("SIGTERM");
});

describe("pvwasm xenstore verbs", () => {
  it("xenstore-write then xenstore-read and xenstore-ls show the value", () => {
    expect(pv("xenstore-write", "/test/greeting", "hello world").status).toBe(0);
    const r = pv("xenstore-read", "/test/greeting");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("hello world\n");
    expect(pv("xenstore-ls", "/test").stdout).toBe('greeting = "hello world"\n');
    expect(pv("xenstore-ls", "-p", "/test").stdout).toBe('greeting = "hello world"  (n0)\n');
    expect(pv("xenstore-ls").stdout).toMatch(/^tool = ""\n xenstored = ""\n/);
  });

  it("a missing node is one line on stderr and a non-zero status", () => {
    const r = pv("xenstore-read", "/no/such/node");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toBe("pvwasm: xenstore-read /no/such/node: no such node (ENOENT)\n");
    const bad = pv("xenstore-write", "/bad path", "x");
    expect(bad.stderr).toBe("pvwasm: xenstore-write /bad path: invalid argument (EINVAL)\n");
    expect(pv("xenstore-read").status).toBe(2);
  });

  it("xenstore-rm removes a subtree", () => {
    pv("xenstore-write", "/gone/a/b", "1");
    expect(pv("xenstore-rm", "/gone/a").status).toBe(0);
    expect(pv("xenstore-ls", "/gone").stdout).toBe("");
  });

  it("xenstore-watch streams the initial event and then each change", async () => {
    const w = spawn(process.execPath, [CLI, "xenstore-watch", "-n", "3", "/watched", "--socket", sock], { cwd: ROOT });
    let out = "";
    w.stdout!.on("data", (d) => { out += d; });
    for (let i = 0; i < 100 && !out.includes("/watched\n"); i++) await new Promise((r) => setTimeout(r, 50));
    pv("xenstore-write", "/watched/a", "1");
    pv("xenstore-write", "/elsewhere", "1");
    pv("xenstore-write", "/watched/b/c", "1");
    const code = await new Promise((r) => w.on("exit", r));
    expect(code).toBe(0);
    expect(out).toBe("/watched\n/watched/a\n/watched/b/c\n");
  });

  it("a domain created on the machine finds its tree, and its data can be read back", async () => {
    const cfg = join(dir, "xs.cfg");
    writeFileSync(cfg, `name = "xs"\nkernel = "${join(ROOT, "build", "guests", "xsexercise.elf")}"\nmemory = 4\non_poweroff = "preserve"\n`);
    const c = pv("create", cfg);
    expect(c.status).toBe(0);
    const id = /xs \(id (\d+)\)/.exec(c.stderr)?.[1];
    expect(id).toBeDefined();
    let v = "";
    for (let i = 0; i < 200 && v !== "11\n"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      v = pv("xenstore-read", `/local/domain/${id}/data/tx`).stdout;
    }
    expect(v).toBe("11\n");
    expect(pv("xenstore-read", `/local/domain/${id}/name`).stdout).toBe("xs\n");
    expect(pv("xenstore-ls", "-p", `/local/domain/${id}/data`).stdout).toContain(`greeting = "hello xenstore"  (n${id},r0)`);
  });
});
