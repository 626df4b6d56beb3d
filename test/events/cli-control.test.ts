// The pvwasm verbs that reach a running machine through its control socket, as a
// user in a second terminal would use them.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers/guest.js";

const CLI = join(ROOT, "src", "cli", "pvwasm.mjs");
const dir = mkdtempSync(join(tmpdir(), "pvwasm-ctl-"));
const sock = join(dir, "control.sock");
const pv = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, "--socket", sock], { cwd: ROOT, encoding: "utf8" });
let server: ChildProcess;
let serverOut = "";

beforeAll(async () => {
  server = spawn(process.execPath, [CLI, "serve", "--socket", sock, "--machine-memory", "96M"], { cwd: ROOT });
  server.stdout!.on("data", (d) => { serverOut += d; });
  for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
});

afterAll(() => {
  if (server.pid !== undefined) server.kill("SIGTERM");
});

describe("pvwasm control verbs", () => {
  it("create hands domains to the serving machine; list shows them with xl's columns", () => {
    const c = pv("create", "guests/configs/spin-heavy.cfg", "guests/configs/spin-light.cfg", "guests/configs/timer.cfg");
    expect(c.status).toBe(0);
    expect(c.stderr).toMatch(/started heavy \(id \d+\), light \(id \d+\), timer \(id \d+\)/);
    const l = pv("list");
    expect(l.status).toBe(0);
    const lines = l.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Name\s+ID\s+Mem VCPUs\tState\tTime\(s\)$/);
    expect(lines.some((x) => /^Domain-0\s+0\s/.test(x))).toBe(true);
    expect(lines.some((x) => /^heavy\s+\d+\s+4\s+1\s+[r-][b-]-{4}\s+\d+\.\d$/.test(x))).toBe(true);
  });

  it("sched-credit shows the config's weight and cap and sets new ones", () => {
    expect(pv("sched-credit", "-d", "light").stdout).toMatch(/light\s+\d+\s+256\s+25/);
    expect(pv("sched-credit", "-d", "heavy", "-w", "1024", "-c", "50").status).toBe(0);
    expect(pv("sched-credit", "-d", "heavy").stdout).toMatch(/heavy\s+\d+\s+1024\s+50/);
    expect(pv("sched-credit", "-d", "heavy", "-w", "0").status).toBe(2);
  });

  it("pause and unpause change the state letters; vcpu-list shows the vcpus", () => {
    expect(pv("pause", "heavy").status).toBe(0);
    expect(pv("list").stdout).toMatch(/heavy\s+\d+\s+4\s+1\s+--p---/);
    expect(pv("vcpu-list").stdout).toMatch(/heavy\s+\d+\s+0\s+-\s+--p/);
    expect(pv("unpause", "heavy").status).toBe(0);
    expect(pv("list").stdout).not.toMatch(/heavy\s+\d+\s+4\s+1\s+--p---/);
  });

  it("top prints a usage table per domain", () => {
    const t = pv("top", "-b", "-i", "1", "-d", "0.2");
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/NAME\s+STATE\s+CPU\(sec\)\s+CPU\(%\)/);
    expect(t.stdout).toMatch(/^\s+timer [r-][b-]-{4}\s/m);
    expect(t.stdout).toMatch(/^\s+heavy [r-][b-]/m);
  });

  it("destroy removes a domain; naming a missing one is a one-line error", () => {
    expect(pv("destroy", "heavy").status).toBe(0);
    expect(pv("list").stdout).not.toMatch(/^heavy/m);
    const r = pv("pause", "heavy");
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("pvwasm: no domain named 'heavy'");
  });

  it("verbs without a machine say so in one line", () => {
    const r = spawnSync(process.execPath, [CLI, "list", "--socket", join(dir, "none.sock")], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pvwasm: no running pvwasm machine at .*none\.sock/);
  });
});
