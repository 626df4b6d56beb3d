// Test fixtures: a Host machine running several guests to completion, with each
// domain's console collected, in virtual time.

import { loadCore } from "../../src/core/node.js";
import { Host, type HostDomain, type DomainEnd } from "../../src/toolstack/host.js";
import type { DomainConfig } from "../../src/toolstack/xl-config.js";
import { ExitReason } from "../../src/core/core.js";
import { guestImage } from "./guest.js";

export interface GuestSpec {
  name: string;
  image: string;
  cmdline?: string;
  memoryMiB?: number;
  vcpus?: number;
  weight?: number;
  cap?: number;
}

export function configOf(g: GuestSpec): DomainConfig {
  return {
    name: g.name, kernel: g.image, memoryMiB: g.memoryMiB ?? 4, maxmemMiB: g.memoryMiB ?? 4, vcpus: g.vcpus ?? 1,
    cmdline: g.cmdline ?? "", onPoweroff: "preserve", onReboot: "preserve", onCrash: "preserve", disk: [], vif: [],
    weight: g.weight, cap: g.cap,
  };
}

export async function makeHost(opts: { memoryMiB?: number; pcpus?: number; nsPerInsn?: number; debug?: boolean } = {}) {
  const consoles = new Map<string, string>();
  const ends = new Map<string, DomainEnd>();
  const host = await Host.create((o) => loadCore({ ...o, debug: opts.debug ?? false }), {
    memoryMiB: opts.memoryMiB ?? 64, clock: "virtual", pcpus: opts.pcpus, nsPerInsn: opts.nsPerInsn,
    events: {
      console(dom: HostDomain, text: string) { consoles.set(dom.name, (consoles.get(dom.name) ?? "") + text); },
      ended(dom, end) { ends.set(dom.name, end); },
    },
  });
  return { host, consoles, ends };
}

/** Starts the guests together and runs until all have ended, the machine idles, or maxInsns. */
export async function runGuests(guests: GuestSpec[], opts: { memoryMiB?: number; pcpus?: number; nsPerInsn?: number; maxInsns?: number } = {}) {
  const m = await makeHost(opts);
  m.host.startAll(guests.map((g) => ({ config: configOf(g), kernel: guestImage(g.image) })));
  const max = BigInt(opts.maxInsns ?? 200_000_000);
  let idle = false;
  while (m.host.live().length > 0 && m.host.core.instructions < max) {
    if (m.host.step(5_000_000) === ExitReason.Idle && m.host.live().length > 0) { idle = true; break; }
  }
  return { ...m, idle };
}
