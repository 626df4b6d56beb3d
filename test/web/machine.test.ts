// The browser demo's machine (src/web/machine.ts) under Node: the same object the
// worker drives, given the same requests the page sends. Virtual time throughout.

import { describe, expect, it } from "vitest";
import { loadCore } from "../../src/core/node.js";
import { WebMachine } from "../../src/web/machine.js";
import type { FromWorker, GuestFile } from "../../src/web/protocol.js";
import { guestImage } from "../helpers/guest.js";

async function machine(nsPerInsn = 100) {
  const events: FromWorker[] = [];
  const m = await WebMachine.create((o) => loadCore(o), { memoryMiB: 64, pcpus: 1, nsPerInsn, fixedSpeed: true }, (e) => events.push(e));
  const consoleOf = (name: string) => events.filter((e) => e.kind === "console" && e.name === name).map((e) => (e as { text: string }).text).join("");
  /** Runs for `seconds` of system time, taking stats every 0.25 s of it. */
  const runFor = (seconds: number) => {
    const end = m.host.core.systemTimeNs + BigInt(Math.round(seconds * 1e9));
    let wall = 0;
    let stats = m.stats(wall);
    while (m.host.core.systemTimeNs < end) {
      const next = m.host.core.systemTimeNs + 250_000_000n;
      while (m.host.core.systemTimeNs < next) m.step(1_000_000);
      stats = m.stats((wall += 250));
    }
    return stats;
  };
  return { m, events, consoleOf, runFor };
}

const guest = (text: string, image: string, file = `${image}.cfg`): GuestFile => ({ file, text, kernel: guestImage(image) });
const spin = (name = "spin") => guest(`name = "${name}"\nkernel = "spin.elf"\nmemory = 4\n`, "spin");
const cpuOf = (stats: { domains: { name: string; cpuPct: number }[] }, name: string) => stats.domains.find((d) => d.name === name)!.cpuPct;

describe("the demo's machine", () => {
  it("starts a guest from an xl.cfg text and its image, and streams its console as at most one event per step", async () => {
    const { m, consoleOf, events } = await machine();
    const [d] = m.create([guest('name = "hello"\nkernel = "hello.elf"\nextra = "from the page"\n', "hello")]);
    expect(d.name).toBe("hello");
    const helloEvents = () => events.filter((e) => e.kind === "console" && e.name === "hello").length;
    let steps = 0;
    while (m.host.live().length > 0) {
      const before = helloEvents();
      m.step(1_000_000);
      steps++;
      // Several console writes in one step reach the page as one message.
      expect(helloEvents() - before).toBeLessThanOrEqual(1);
    }
    expect(consoleOf("hello")).toContain("Hello from a Xen PV guest on pvwasm!");
    expect(consoleOf("hello")).toContain("cmdline: from the page");
    expect(helloEvents()).toBeGreaterThan(0);
    expect(helloEvents()).toBeLessThanOrEqual(steps);
    expect(events).toContainEqual(expect.objectContaining({ kind: "ended", domid: d.domid, reason: "poweroff", crashed: false }));
  });

  it("refuses a file that is not a kernel with the builder's one-line error, leaves no domain, and keeps working", async () => {
    const { m, consoleOf } = await machine();
    const bad: GuestFile = { file: "notes.txt", text: 'name = "notes"\nkernel = "notes.txt"\n', kernel: new TextEncoder().encode("this is not a kernel\n") };
    expect(() => m.create([bad])).toThrow(/^not an ELF file/);
    expect(m.host.live()).toHaveLength(0);
    expect(() => m.create([guest("name = hello\nkernel = 'hello.elf'\n", "hello")])).toThrow(/hello.cfg:1: cannot parse value 'hello'/);
    m.create([guest('name = "hello"\nkernel = "hello.elf"\n', "hello")]);
    while (m.host.live().length > 0) m.step(1_000_000);
    expect(consoleOf("hello")).toContain("Hello from a Xen PV guest");
  });

  it("reports a crashed guest with the reason the CLI would print", async () => {
    const { m, events } = await machine();
    m.create([guest('name = "crash"\nkernel = "crash.elf"\nmemory = 4\n', "crash")]);
    while (m.host.live().length > 0) m.step(1_000_000);
    const end = events.find((e) => e.kind === "ended") as Extract<FromWorker, { kind: "ended" }>;
    expect(end.crashed).toBe(true);
    expect(end.detail).toMatch(/unhandled #DE divide error \(vector 0\)/);
  });

  it("gives a guest started twice a unique name, and renames the links of a pair started twice", async () => {
    const { m, consoleOf } = await machine();
    expect(m.create([spin()]).map((d) => d.name)).toEqual(["spin"]);
    expect(m.create([spin()]).map((d) => d.name)).toEqual(["spin-2"]);
    m.host.destroy(m.host.byName("spin")!.domid);
    m.host.destroy(m.host.byName("spin-2")!.domid);
    const pair = () => [
      guest('name = "ping"\nkernel = "pingpong.elf"\nmemory = 4\nextra = "ping=1 peer=${domid:pong} port=${port:pong} rounds=50"\n', "pingpong", "ping.cfg"),
      guest('name = "pong"\nkernel = "pingpong.elf"\nmemory = 4\nextra = "ping=0 peer=${domid:ping} port=${peerport:ping} rounds=50"\n', "pingpong", "pong.cfg"),
    ];
    m.create(pair());
    expect(m.create(pair()).map((d) => d.name)).toEqual(["ping-2", "pong-2"]);
    for (let i = 0; i < 200 && m.host.live().length > 0; i++) m.step(1_000_000);
    for (const n of ["ping", "pong", "ping-2", "pong-2"]) expect(consoleOf(n)).toContain("Test result: SUCCESS");
  });

  it("passes console input to the guest's PV console ring, and refuses it for a missing domain", async () => {
    const { m, consoleOf } = await machine();
    const [d] = m.create([guest('name = "conecho"\nkernel = "conecho.elf"\nmemory = 4\n', "conecho")]);
    for (let i = 0; i < 50 && !consoleOf("conecho").includes("> "); i++) m.step(1_000_000);
    m.sendInput(d.domid, new TextEncoder().encode("hello ring\r"));
    for (let i = 0; i < 50 && !consoleOf("conecho").includes("HELLO RING"); i++) m.step(1_000_000);
    expect(consoleOf("conecho")).toContain("HELLO RING");
    m.sendInput(d.domid, new TextEncoder().encode("quit\r"));
    for (let i = 0; i < 50 && m.host.live().length > 0; i++) m.step(1_000_000);
    expect(m.host.live().length).toBe(0);
    expect(() => m.sendInput(d.domid, new Uint8Array([0x61]))).toThrow();
    expect(() => m.sendInput(99, new Uint8Array([0x61]))).toThrow("no domain with id 99");
  });

  it("refuses requests about domain 0, missing domains and out-of-range credit values", async () => {
    const { m } = await machine();
    const [d] = m.create([spin()]);
    expect(() => m.pause(0)).toThrow("domain 0 is the host itself");
    expect(() => m.destroy(42)).toThrow("no domain with id 42");
    expect(() => m.schedCredit(d.domid, { weight: 0 })).toThrow("a weight is an integer from 1 to 65535");
    expect(() => m.schedCredit(d.domid, { cap: 101 })).toThrow("a cap is a percentage of one CPU from 0 (none) to 100");
    expect(() => m.schedCredit(d.domid, { weight: 1.5 })).toThrow(/weight/);
  });

  it("shows two CPU-bound guests sharing the CPU equally, and a weight change moving the shares", async () => {
    const { m, runFor } = await machine();
    m.create([spin()]);
    m.create([spin()]);
    let s = runFor(1.5);
    expect(Math.abs(cpuOf(s, "spin") - 50)).toBeLessThan(5);
    expect(Math.abs(cpuOf(s, "spin-2") - 50)).toBeLessThan(5);
    m.schedCredit(m.host.byName("spin")!.domid, { weight: 768 });
    s = runFor(1.5);
    expect(s.domains.find((d) => d.name === "spin")!.weight).toBe(768);
    expect(Math.abs(cpuOf(s, "spin") - 75)).toBeLessThan(5);
    expect(Math.abs(cpuOf(s, "spin-2") - 25)).toBeLessThan(5);
  });

  it("pausing a guest stops its CPU use and shows 'p'; unpausing resumes it", async () => {
    const { m, runFor } = await machine();
    const [a] = m.create([spin()]);
    m.create([spin()]);
    m.pause(a.domid);
    let s = runFor(1.25);
    const row = s.domains.find((d) => d.domid === a.domid)!;
    expect(row.state).toBe("--p---");
    expect(row.paused).toBe(true);
    expect(row.cpuPct).toBe(0);
    expect(cpuOf(s, "spin-2")).toBeGreaterThan(95);
    m.unpause(a.domid);
    s = runFor(1.25);
    expect(cpuOf(s, "spin")).toBeGreaterThan(40);
  });

  it("reports event and hypercall rates per second of system time", async () => {
    const { m, runFor } = await machine();
    m.create([
      guest('name = "ping"\nkernel = "pingpong.elf"\nmemory = 4\nextra = "ping=1 peer=${domid:pong} port=${port:pong} rounds=100000000"\n', "pingpong", "ping.cfg"),
      guest('name = "pong"\nkernel = "pingpong.elf"\nmemory = 4\nextra = "ping=0 peer=${domid:ping} port=${peerport:ping} rounds=100000000"\n', "pingpong", "pong.cfg"),
    ]);
    m.create([spin()]);
    runFor(0.5);
    const t0 = m.host.core.snapshot();
    const s = runFor(1);
    const t1 = m.host.core.snapshot();
    const ping = s.domains.find((d) => d.name === "ping")!;
    const pingId = ping.domid;
    const sent = Number(t1.domains.find((d) => d.domid === pingId)!.eventsSent - t0.domains.find((d) => d.domid === pingId)!.eventsSent);
    const secs = Number(t1.systemTimeNs - t0.systemTimeNs) / 1e9;
    expect(sent).toBeGreaterThan(100);
    // The window is the last second of system time, which is what t0..t1 spans.
    expect(Math.abs(ping.eventsSentPerS - sent / secs) / (sent / secs)).toBeLessThan(0.3);
    expect(ping.hypercallsPerS).toBeGreaterThan(ping.eventsSentPerS);
    expect(ping.eventsReceivedPerS).toBeGreaterThan(0);
    expect(s.domains.find((d) => d.name === "spin")!.hypercallsPerS).toBe(0);
  });
});
