// Pacing the demo's virtual time to the wall clock (src/web/pacer.ts). Pure
// arithmetic on given times: no clock is read.

import { describe, expect, it } from "vitest";
import { CpuSpeed, MAX_LAG_MS, Pacer, SliceBudget } from "../../src/web/pacer.js";

const ms = (n: number) => BigInt(Math.round(n * 1e6));

describe("Pacer", () => {
  it("asks to wait exactly as long as virtual time is ahead of the wall clock", () => {
    const p = new Pacer(1000, 0n);
    expect(p.delayMs(1010, ms(40))).toBeCloseTo(30);
    expect(p.delayMs(1050, ms(40))).toBe(0);
  });

  it("lets virtual time fall behind a little without waiting, and forgives a lag beyond MAX_LAG_MS", () => {
    const p = new Pacer(0, 0n);
    expect(p.delayMs(100, ms(50))).toBe(0);
    // Far behind: the debt is dropped, so running 10 ms of virtual time in 10 ms of wall is on time…
    expect(p.delayMs(MAX_LAG_MS + 1000, ms(60))).toBe(0);
    expect(p.delayMs(MAX_LAG_MS + 1010, ms(80))).toBeCloseTo(10);
  });
});

describe("CpuSpeed", () => {
  it("sets the virtual CPU a little slower than the measured interpreter", () => {
    const s = new CpuSpeed(20, false);
    // 10 M instructions in 500 ms: 20 MIPS, 50 ns each; with headroom ≈ 59 ns.
    expect(s.observe(10_000_000, 500)).toBe(Math.round(50 / CpuSpeed.HEADROOM));
    expect(s.nsPerInsn).toBe(59);
  });

  it("waits for enough busy time, ignores small changes, and never changes a fixed speed", () => {
    const s = new CpuSpeed(59, false);
    expect(s.observe(1_000_000, 50)).toBeUndefined();
    expect(s.observe(7_000_000, 360)).toBeUndefined(); // 8 M in 410 ms: 57 ns, within 10%
    expect(new CpuSpeed(20, true).observe(10_000_000, 500)).toBeUndefined();
  });
});

describe("SliceBudget", () => {
  it("moves the budget toward what runs in the target time, within bounds", () => {
    const b = new SliceBudget(10);
    b.observe(b.budget, 100); // 10 k instructions per ms: 100 k in 10 ms
    expect(b.budget).toBeLessThan(1_000_000);
    for (let i = 0; i < 50; i++) b.observe(b.budget, b.budget / 10_000);
    expect(b.budget).toBeGreaterThanOrEqual(SliceBudget.MIN);
    expect(Math.abs(b.budget - 100_000)).toBeLessThan(5_000);
    const fast = new SliceBudget(10);
    for (let i = 0; i < 100; i++) fast.observe(fast.budget, 0.6);
    expect(fast.budget).toBe(SliceBudget.MAX);
  });

  it("learns nothing from a slice that ran short (the machine went idle)", () => {
    const b = new SliceBudget(10);
    b.observe(1000, 5);
    expect(b.budget).toBe(1_000_000);
  });
});
