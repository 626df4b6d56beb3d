// The PV console: the byte ring's index arithmetic (modulo 2^32, across the wrap),
// the back end's side (connect, output, input, a corrupt ring), and guests on both
// ends of a ring whose indices start just below 2^32.

import { describe, expect, it } from "vitest";
import { ringTake, ringPut, ringPending, type RingLayout } from "../../src/backends/byte-ring.js";
import { ConsoleBackend, XENCONS_IN, XENCONS_OUT } from "../../src/backends/console.js";
import { buildDomain } from "../../src/builder/build.js";
import { loadCore } from "../../src/core/node.js";
import { EVTCHNSTAT, ExitReason } from "../../src/core/core.js";
import { guestImage } from "../helpers/guest.js";

const R: RingLayout = { data: 0, size: 16, cons: 16, prod: 20 };
const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array | null) => (b === null ? null : String.fromCharCode(...b));

function ring(cons: number, prod: number): { page: Uint8Array; dv: DataView } {
  const page = new Uint8Array(32);
  const dv = new DataView(page.buffer);
  dv.setUint32(R.cons, cons >>> 0, true);
  dv.setUint32(R.prod, prod >>> 0, true);
  return { page, dv };
}

describe("byte ring index arithmetic", () => {
  it("puts and takes across the 2^32 wrap of the indices, placing byte x at x & (size - 1)", () => {
    const { page, dv } = ring(0xfffffffa, 0xfffffffa);
    expect(ringPut(page, R, bytes("abcdefghij"))).toBe(10);
    expect(dv.getUint32(R.prod, true)).toBe(4);              // 0xfffffffa + 10, wrapped
    expect(text(page.subarray(10, 16))).toBe("abcdef");      // 0xfffffffa & 15 = 10
    expect(text(page.subarray(0, 4))).toBe("ghij");
    expect(ringPending(page, R)).toBe(10);
    expect(text(ringTake(page, R))).toBe("abcdefghij");
    expect(dv.getUint32(R.cons, true)).toBe(4);
    expect(ringPending(page, R)).toBe(0);
  });

  it("a full ring takes nothing more; a partial put fills exactly the free space", () => {
    const { page, dv } = ring(0xfffffff8, 0xfffffff8);
    expect(ringPut(page, R, bytes("0123456789ABCDEFxyz"))).toBe(16);
    expect(ringPut(page, R, bytes("more"))).toBe(0);
    expect(text(ringTake(page, R, 5))).toBe("01234");
    expect(ringPut(page, R, bytes("vwxyz!"))).toBe(5);
    expect(text(ringTake(page, R))).toBe("56789ABCDEFvwxyz");
    expect(dv.getUint32(R.prod, true)).toBe(dv.getUint32(R.cons, true));
  });

  it("indices claiming more than the ring holds are corrupt: nothing is read or written", () => {
    const { page, dv } = ring(5, 5 + 17);
    expect(ringTake(page, R)).toBeNull();
    expect(ringPut(page, R, bytes("x"))).toBe(-1);
    expect(ringPending(page, R)).toBe(0);
    // prod behind cons is as bad (a huge unsigned difference).
    dv.setUint32(R.prod, 4, true);
    expect(ringTake(page, R)).toBeNull();
    expect([dv.getUint32(R.cons, true), dv.getUint32(R.prod, true)]).toEqual([5, 4]);
  });

  it("the console layouts match struct xencons_interface", () => {
    expect(XENCONS_IN).toEqual({ data: 0, size: 1024, cons: 3072, prod: 3076 });
    expect(XENCONS_OUT).toEqual({ data: 1024, size: 2048, cons: 3080, prod: 3084 });
  });
});

/** A built (paused) guest with its console back end attached, and a loop that runs it. */
async function consoleGuest(image: string, ringStart?: number) {
  const core = await loadCore({ frames: (48 << 20) / 4096 });
  const built = buildDomain(core, guestImage(image), { domid: 1, memoryBytes: 8 << 20 });
  if (ringStart !== undefined) {
    const page = core.mapForeign(1, built.consoleMfn, true);
    const dv = new DataView(page.buffer, page.byteOffset, 4096);
    for (const off of [3072, 3076, 3080, 3084]) dv.setUint32(off, ringStart >>> 0, true);
  }
  let out = "";
  const con = new ConsoleBackend(core, 1, built.consoleEvtchn, (b) => { out += String.fromCharCode(...b); });
  con.connect();
  const run = (until: (out: string) => boolean, max = 100_000_000) => {
    while (core.instructions < BigInt(max)) {
      const r = core.run(2_000_000);
      for (const rec of core.drainConsole()) out += rec.text;
      for (const p of core.takePendingPorts()) if (p === con.localPort) con.service();
      if (until(out) || core.domainInfo(1).shutdown || r === ExitReason.Idle) break;
    }
    return out;
  };
  return { core, built, con, run, output: () => out };
}

describe("console back end", () => {
  it("connect maps grant 0, binds the guest's console port and marks the ring connected", async () => {
    const { core, built, con } = await consoleGuest("hello");
    const page = core.mapForeign(1, built.consoleMfn, false);
    expect(page[3088]).toBe(0);
    expect(core.evtchnStatus(1, built.consoleEvtchn)).toMatchObject({ status: EVTCHNSTAT.interdomain, dom: 0, port: con.localPort });
    con.disconnect();
    expect(core.evtchnStatus(1, built.consoleEvtchn).status).toBe(EVTCHNSTAT.unbound);
    expect(core.grantActive(1, 0).pin).toBe(0);
  });

  it("takes the guest's output, advances out_cons and signals; queues input beyond the ring's 1024 bytes", async () => {
    const { core, built, con, output } = await consoleGuest("hello");
    const page = () => core.mapForeign(1, built.consoleMfn, true);
    const dv = () => new DataView(page().buffer, page().byteOffset, 4096);
    page().set(bytes("guest says hi\n"), 1024);
    dv().setUint32(3084, 14, true);
    core.takePendingPorts();
    con.service();
    expect(output()).toBe("guest says hi\n");
    expect(dv().getUint32(3080, true)).toBe(14);
    expect(core.isPortPending(1, built.consoleEvtchn)).toBe(true);
    con.write("k".repeat(1500));
    expect(dv().getUint32(3076, true)).toBe(1024);
    expect(con.pendingInput).toBe(476);
    dv().setUint32(3072, 1000, true); // the guest consumed 1000 bytes
    con.service();
    expect(dv().getUint32(3076, true)).toBe(1500);
    expect(con.pendingInput).toBe(0);
  });

  it("stops serving a ring whose indices the guest corrupted", async () => {
    const { core, built, con, output } = await consoleGuest("hello");
    const page = core.mapForeign(1, built.consoleMfn, true);
    new DataView(page.buffer, page.byteOffset, 4096).setUint32(3084, 5000, true);
    con.service();
    expect(con.broken).toBe(true);
    expect(output()).toBe("");
    con.write("x");
    expect(new DataView(page.buffer, page.byteOffset, 4096).getUint32(3076, true)).toBe(0);
  });

  it("a guest prints through the ring and reads input from it while the indices wrap past 2^32", async () => {
    const g = await consoleGuest("conecho", 0xffffff00);
    g.core.unpauseDomain(1);
    expect(g.run((o) => o.includes("> "))).toContain("conecho: type lines, 'quit' ends\n> ");
    const line = "the quick brown fox jumps over the lazy dog ".repeat(2); // 3 x 89 bytes: past the wrap
    for (let i = 0; i < 3; i++) {
      g.con.write(line + "\r");
      g.run((o) => o.split("> ").length > i + 2);
    }
    g.con.write("quit\r");
    const out = g.run(() => false);
    expect(out.split(line.toUpperCase()).length - 1).toBe(3);
    expect(out).toContain("conecho: 3 lines");
    expect(out).toContain("Test result: SUCCESS");
    const dv = new DataView(g.core.mapForeign(1, g.built.consoleMfn, false).buffer);
    const base = g.core.mapForeign(1, g.built.consoleMfn, false).byteOffset;
    // Both directions went through more than 256 bytes: their indices wrapped.
    expect(dv.getUint32(base + 3076, true)).toBeLessThan(0x1000);
    expect(dv.getUint32(base + 3084, true)).toBeLessThan(0x1000);
    expect(dv.getUint32(base + 3072, true)).toBe(dv.getUint32(base + 3076, true));
    expect(g.core.domainInfo(1).shutdownReason).toBe(0);
  });
});
