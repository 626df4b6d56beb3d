// xenstore benchmarks: requests per second in-process (a tool connection straight
// into xenstored), through a ring page driven from TypeScript, and from a guest over
// its real ring and event channel — next to a plain JavaScript Map doing a get and a
// set, measured in the same run.

import { Xenstored } from "../../src/xenstore/xenstored.js";
import { XsClient } from "../../src/xenstore/client.js";
import { makeWorld } from "../helpers/xenstore.js";
import { makeHost, configOf } from "../helpers/machine.js";
import { guestImage } from "../helpers/guest.js";
import { FakePlatform } from "../helpers/xenstore.js";
import { fmt, median, table } from "./stats.js";

/** Runs `f` n times; returns nanoseconds per call. */
function perCall(n: number, f: (i: number) => void): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return ((performance.now() - t0) * 1e6) / n;
}

function mapReference(n: number): number {
  const m = new Map<string, Uint8Array>();
  const v = new Uint8Array(10);
  let sink = 0;
  const ns = perCall(n, (i) => { m.set(`/local/domain/1/data/k${i & 63}`, v); sink += m.get(`/local/domain/1/data/k${(i * 7) & 63}`)?.length ?? 0; });
  if (sink < 0) console.log(sink);
  return ns;
}

function inProcess(n: number, op: "read" | "write" | "txn"): number {
  const xs = new Xenstored(new FakePlatform());
  const c = new XsClient(xs);
  for (let k = 0; k < 64; k++) c.write(`/local/domain/1/data/k${k}`, "0123456789");
  if (op === "read") return perCall(n, (i) => c.read(`/local/domain/1/data/k${i & 63}`));
  if (op === "write") return perCall(n, (i) => c.write(`/local/domain/1/data/k${i & 63}`, "0123456789"));
  // A transaction of one read and one write: four requests.
  return perCall(n, (i) => c.transaction((t) => { c.read(`/local/domain/1/data/k${i & 63}`, t); c.write(`/local/domain/1/data/k${i & 63}`, "x", t); })) / 4;
}

function overRing(n: number): number {
  const w = makeWorld();
  const g = w.guest(1);
  w.tool.mkdir("/local/domain/1/data");
  w.tool.setPerms("/local/domain/1/data", ["n1"]);
  g.write("data/k", "0123456789");
  return perCall(n, () => g.read("data/k"));
}

/** A guest doing `n` requests over its ring; wall ns and guest instructions per request. */
async function guest(n: number, op: number): Promise<{ ns: number; insns: number }> {
  const run = async (count: number) => {
    const m = await makeHost({ memoryMiB: 32 });
    m.host.startAll([{ config: configOf({ name: "b", image: "xsbench", cmdline: `n=${count} op=${op}` }), kernel: guestImage("xsbench") }]);
    const t0 = performance.now();
    while (m.host.live().length > 0) m.host.step(5_000_000);
    if (!(m.consoles.get("b") ?? "").includes("Test result: SUCCESS")) throw new Error(`xsbench failed: ${m.consoles.get("b")}`);
    return { ms: performance.now() - t0, insns: Number(m.host.core.instructions) };
  };
  // The difference between two lengths removes start-up and boot.
  const [a, b] = [await run(100), await run(100 + n)];
  return { ns: ((b.ms - a.ms) * 1e6) / n, insns: (b.insns - a.insns) / n };
}

export async function xenstoreBench(): Promise<string> {
  const runs = 3;
  const ref = median(Array.from({ length: runs }, () => mapReference(400_000)));
  const rd = median(Array.from({ length: runs }, () => inProcess(100_000, "read")));
  const wr = median(Array.from({ length: runs }, () => inProcess(100_000, "write")));
  const tx = median(Array.from({ length: runs }, () => inProcess(20_000, "txn")));
  const ring = median(Array.from({ length: runs }, () => overRing(20_000)));
  const gr: { ns: number; insns: number }[] = [];
  const gw: { ns: number; insns: number }[] = [];
  for (let i = 0; i < runs; i++) { gr.push(await guest(2000, 0)); gw.push(await guest(2000, 1)); }
  const gRead = median(gr.map((x) => x.ns)), gWrite = median(gw.map((x) => x.ns));
  const row = (what: string, ns: number, insns = "-") => [what, fmt(1e9 / ns, 0), fmt(ns / 1000, 2), insns, fmt(ns / ref, 1)];
  return [
    `xenstore requests, median of ${runs} runs. Reference: a JavaScript Map set and get of the same keys, in this process.`,
    table(["what", "requests/s", "us per request", "guest insns per request", "ratio to reference"], [
      row("Map set + get (reference)", ref),
      row("in-process READ (tool connection)", rd),
      row("in-process WRITE (fires no watch)", wr),
      row("in-process transaction (start, read, write, commit)", tx),
      row("READ over a ring page (TypeScript client)", ring),
      row("guest READ over its ring and event channel", gRead, fmt(median(gr.map((x) => x.insns)), 0)),
      row("guest WRITE over its ring and event channel", gWrite, fmt(median(gw.map((x) => x.insns)), 0)),
    ]),
  ].join("\n");
}
