// Test fixtures: a machine with one built (but not yet running) guest, and helpers to
// read and write its memory by virtual address and to issue hypercalls as it.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCore, packageRoot } from "../../src/core/node.js";
import type { Core } from "../../src/core/core.js";
import { buildDomain, type BuiltDomain } from "../../src/builder/build.js";
import { vaOf } from "../../src/builder/layout.js";

export const ROOT = packageRoot();
export const guestImage = (name: string): Uint8Array => readFileSync(join(ROOT, "build", "guests", `${name}.elf`));

export interface TestGuest {
  core: Core;
  domid: number;
  built: BuiltDomain;
  /** A page-aligned, mapped, writable scratch VA (inside the 512 KiB spare mapping). */
  scratch: number;
  hc(nr: number, ...args: number[]): number;
  write(va: number, bytes: Uint8Array | number[]): void;
  read(va: number, n: number): Uint8Array;
  u32(va: number): number;
  putU32(va: number, v: number): void;
  mfnOfVa(va: number): number;
}

export async function makeGuest(opts: { image?: string; memoryMiB?: number; machineMiB?: number; debug?: boolean } = {}): Promise<TestGuest> {
  const core = await loadCore({ frames: ((opts.machineMiB ?? 64) << 20) / 4096, debug: opts.debug ?? true });
  const domid = 1;
  const built = buildDomain(core, guestImage(opts.image ?? "hello"), { domid, memoryBytes: (opts.memoryMiB ?? 16) << 20 });
  const l = built.layout;
  const pfnOf = (va: number) => Math.floor((va - l.virtBase) / 4096);
  const page = (va: number) => core.mapForeign(domid, built.p2m[pfnOf(va)], false);
  const g: TestGuest = {
    core, domid, built,
    scratch: vaOf(l, l.bootStackPfn + 2),
    hc: (nr, ...args) => core.hypercall(domid, 0, nr, ...args),
    write(va, bytes) {
      const b = Uint8Array.from(bytes);
      for (let i = 0; i < b.length; i++) page(va + i)[(va + i) % 4096] = b[i];
    },
    read(va, n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = page(va + i)[(va + i) % 4096];
      return out;
    },
    u32(va) { const b = g.read(va, 4); return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0; },
    putU32(va, v) { g.write(va, [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]); },
    mfnOfVa: (va) => built.p2m[pfnOf(va)],
  };
  return g;
}

/** Runs a guest to its end; returns its console text and how it ended. */
export async function bootGuest(name: string, opts: { cmdline?: string; memoryMiB?: number; maxInsns?: number } = {}) {
  const core = await loadCore({ frames: (((opts.memoryMiB ?? 16) + 16) << 20) / 4096 });
  buildDomain(core, guestImage(name), { domid: 1, memoryBytes: (opts.memoryMiB ?? 16) << 20, cmdline: opts.cmdline });
  core.unpauseDomain(1);
  let text = "";
  const max = opts.maxInsns ?? 50_000_000;
  for (;;) {
    const r = core.run(5_000_000);
    for (const rec of core.drainConsole()) text += rec.text;
    const info = core.domainInfo(1);
    if (info.shutdown) return { text, info, core };
    if (r === 1) return { text, info, core, idle: true };
    if (core.instructions > BigInt(max)) return { text, info, core, budget: true };
  }
}
