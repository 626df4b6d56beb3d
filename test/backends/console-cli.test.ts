// pvwasm console and create -c: a terminal attached to a domain's PV console over
// the control socket (input in, output out, Ctrl-] detaches and the domain runs on).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers/guest.js";

const CLI = join(ROOT, "src", "cli", "pvwasm.mjs");
const dir = mkdtempSync(join(tmpdir(), "pvwasm-con-"));
const sock = join(dir, "control.sock");
const pv = (input: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args, "--socket", sock], { cwd: ROOT, encoding: "latin1", input, timeout: 60_000 });
let server: ChildProcess;

beforeAll(async () => {
  server = spawn(process.execPath, [CLI, "serve", "--socket", sock, "--machine-memory", "64M"], { cwd: ROOT, stdio: "ignore" });
  for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
});

afterAll(() => {
  if (server.pid !== undefined) server.kill("SIGTERM");
});

describe("pvwasm console", () => {
  it("create -c attaches this terminal: typed lines reach the guest and its answers come back until it powers off", () => {
    const r = pv("hello there\rquit\r", "create", "-c", "guests/configs/conecho.cfg");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("conecho: type lines, 'quit' ends");
    expect(r.stdout).toContain("\nHELLO THERE\n");
    expect(r.stdout).toContain("conecho: 1 lines");
    expect(r.stdout).toMatch(/\[pvwasm: domain conecho poweroff\]/);
  });

  it("Ctrl-] detaches and the domain keeps running; a second attach sees what it printed meanwhile", () => {
    expect(pv("", "create", "guests/configs/conecho.cfg").status).toBe(0);
    const first = pv("first\r\x1d", "console", "conecho");
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("detached from 'conecho'");
    expect(pv("", "list").stdout).toMatch(/^conecho\s+\d+\s/m);
    const second = pv("quit\r", "console", "conecho");
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("FIRST");
    expect(second.stdout).toContain("conecho: 1 lines");
  });

  it("a domain that does not exist is one line of error and status 1", () => {
    const r = pv("", "console", "nosuchdomain");
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("pvwasm: no domain named 'nosuchdomain'");
  });
});
