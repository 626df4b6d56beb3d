// Guests that use events, timers and several vcpus, run to completion in virtual time.

import { describe, expect, it } from "vitest";
import { runGuests } from "../helpers/machine.js";

const pair = (rounds: number) => [
  { name: "ping", image: "pingpong", cmdline: `ping=1 peer=\${domid:pong} port=\${port:pong} rounds=${rounds}` },
  { name: "pong", image: "pingpong", cmdline: `ping=0 peer=\${domid:ping} port=\${peerport:ping} rounds=${rounds}` },
];

describe("guests", () => {
  it("pingpong: two domains bounce events across an interdomain channel the toolstack linked", async () => {
    const r = await runGuests(pair(50));
    expect(r.consoles.get("ping")).toMatch(/ping: 50 round trips in \d+ ns/);
    expect(r.consoles.get("pong")).toContain("pong: answered 50 events");
    expect(r.consoles.get("ping")).toContain("Test result: SUCCESS");
    expect(r.ends.get("ping")?.reasonName).toBe("poweroff");
    const snap = r.host.core.snapshot();
    const [ping, pong] = ["ping", "pong"].map((n) => snap.domains.find((d) => d.domid === r.host.byName(n)!.domid)!);
    // Each console line also costs one event each way: the guest's notification on
    // its PV console ring and the console back end's answer once it took the line.
    const lines = (n: string) => BigInt((r.consoles.get(n) ?? "").split("\n").length - 1);
    expect(ping.eventsSent - lines("ping")).toBe(50n);
    expect(pong.eventsSent - lines("pong")).toBe(51n);   // "ready", then one answer per ping
    expect(ping.eventsReceived - lines("ping")).toBe(51n);
    expect(ping.hypercallsByNr[32]).toBeGreaterThanOrEqual(50);
  });

  it("pingpong runs are reproducible bit for bit in virtual time", async () => {
    const x = await runGuests(pair(20));
    const y = await runGuests(pair(20));
    expect(x.consoles.get("ping")).toBe(y.consoles.get("ping"));
    expect(x.host.core.instructions).toBe(y.host.core.instructions);
    expect(x.host.core.systemTimeNs).toBe(y.host.core.systemTimeNs);
  });

  it("timer: ticks on VIRQ_TIMER, blocks in between, and its blocked time is accounted", async () => {
    const r = await runGuests([{ name: "t", image: "timer", cmdline: "ticks=20 period_us=2000" }]);
    const text = r.consoles.get("t") ?? "";
    expect(text).not.toContain("FAIL");
    expect(text).toContain("Test result: SUCCESS");
    const m = /timer: 20 ticks in (\d+) ns/.exec(text);
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(40_000_000);
    // The machine jumped idle time instead of executing it: far fewer instructions than ns.
    expect(Number(r.host.core.instructions)).toBeLessThan(Number(r.host.core.systemTimeNs) / 10);
  });

  it("smp: brings up 4 vcpus and passes IPIs between them", async () => {
    const r = await runGuests([{ name: "s", image: "smp", vcpus: 4, cmdline: "rounds=10" }]);
    const text = r.consoles.get("s") ?? "";
    expect(text).toContain("smp: 4 vcpus");
    expect(text).toContain("every IPI arrived once (30 of 30)");
    expect(text).not.toContain("FAIL");
    expect(text).toContain("Test result: SUCCESS");
  });

  it("smp runs on 2 physical CPUs too", async () => {
    const r = await runGuests([{ name: "s", image: "smp", vcpus: 3, cmdline: "rounds=5" }], { pcpus: 2 });
    expect(r.consoles.get("s")).toContain("Test result: SUCCESS");
  });

  it("many domains: every guest of a mixed set finishes", async () => {
    const r = await runGuests([
      ...pair(10),
      { name: "t1", image: "timer", cmdline: "ticks=5 period_us=1000" },
      { name: "t2", image: "timer", cmdline: "ticks=5 period_us=3000" },
      { name: "s", image: "smp", vcpus: 2, cmdline: "rounds=3" },
      { name: "h", image: "hello" },
    ], { memoryMiB: 96 });
    for (const n of ["ping", "pong", "t1", "t2", "s", "h"]) expect(r.ends.get(n)?.reasonName, n).toBe("poweroff");
    for (const n of ["ping", "t1", "t2", "s"]) expect(r.consoles.get(n), n).toContain("Test result: SUCCESS");
  });
});
