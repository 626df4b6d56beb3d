// The credit scheduler's shares, measured in virtual time (no wall clock): CPU-bound
// domains run for a fixed span of system time and their CPU time is compared.

import { describe, expect, it } from "vitest";
import { makeHost, configOf, type GuestSpec } from "../helpers/machine.js";
import { guestImage } from "../helpers/guest.js";

/** Runs spin domains for `seconds` of virtual time; returns each one's share of the elapsed time. */
async function shares(specs: GuestSpec[], seconds: number, pcpus = 1): Promise<Map<string, number>> {
  // 100 ns per instruction keeps the span short in instructions; the scheduler only sees ns.
  const m = await makeHost({ nsPerInsn: 100, pcpus });
  m.host.startAll(specs.map((g) => ({ config: configOf(g), kernel: guestImage(g.image) })));
  const t0 = m.host.core.snapshot();
  const end = t0.systemTimeNs + BigInt(seconds * 1e9);
  while (m.host.core.systemTimeNs < end) m.host.step(1_000_000);
  const s = m.host.core.snapshot();
  const span = Number(s.systemTimeNs - t0.systemTimeNs);
  const out = new Map<string, number>();
  for (const g of specs) {
    const id = m.host.byName(g.name)!.domid;
    const before = t0.domains.find((d) => d.domid === id)!.cpuNs;
    out.set(g.name, Number(s.domains.find((d) => d.domid === id)!.cpuNs - before) / span);
  }
  return out;
}

const spin = (name: string, extra: Partial<GuestSpec> = {}): GuestSpec => ({ name, image: "spin", memoryMiB: 4, ...extra });

describe("credit scheduler fairness (virtual time)", () => {
  it("weights 512 and 256 share one CPU 2:1 (within 5%)", async () => {
    const s = await shares([spin("a", { weight: 512 }), spin("b", { weight: 256 })], 1.5);
    const ratio = s.get("a")! / s.get("b")!;
    expect(ratio).toBeGreaterThan(2 * 0.95);
    expect(ratio).toBeLessThan(2 * 1.05);
    expect(s.get("a")! + s.get("b")!).toBeGreaterThan(0.99);
  });

  it("equal weights share equally", async () => {
    const s = await shares([spin("a"), spin("b"), spin("c")], 1.5);
    for (const n of ["a", "b", "c"]) expect(Math.abs(s.get(n)! - 1 / 3)).toBeLessThan(0.02);
  });

  it("a cap of 25 holds a domain to 25% of a CPU (within 2%) when it runs alone", async () => {
    const s = await shares([spin("capped", { cap: 25 })], 1.5);
    expect(Math.abs(s.get("capped")! - 0.25)).toBeLessThan(0.02);
  });

  it("a cap of 25 holds against a competitor that would otherwise leave it 50%", async () => {
    const s = await shares([spin("capped", { cap: 25 }), spin("other")], 1.5);
    expect(Math.abs(s.get("capped")! - 0.25)).toBeLessThan(0.02);
    expect(s.get("other")!).toBeGreaterThan(0.73);
  });

  it("a blocked domain consumes nothing while CPU-bound ones share the CPU", async () => {
    const s = await shares([spin("a"), { name: "idle", image: "timer", memoryMiB: 4, cmdline: "ticks=1000000 period_us=100000" }], 1.5);
    expect(s.get("idle")!).toBeLessThan(0.01);
    expect(s.get("a")!).toBeGreaterThan(0.98);
  });

  it("two physical CPUs run two CPU-bound domains side by side", async () => {
    const s = await shares([spin("a"), spin("b")], 0.9, 2);
    expect(s.get("a")!).toBeGreaterThan(0.97);
    expect(s.get("b")!).toBeGreaterThan(0.97);
  });
});
