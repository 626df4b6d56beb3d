// Test fixtures for event channels: domains that issue EVTCHNOP_* as guests (arguments
// in a scratch page of their own memory) and views of their shared_info.

import { buildDomain } from "../../src/builder/build.js";
import { vaOf } from "../../src/builder/layout.js";
import { makeGuest, guestImage, type TestGuest } from "./guest.js";

export const E = { EPERM: -1, ENOENT: -2, ESRCH: -3, ENXIO: -6, EACCES: -13, EFAULT: -14, EBUSY: -16, EEXIST: -17, EINVAL: -22, ENOSPC: -28, ENOSYS: -38, EOPNOTSUPP: -95 };
export const OP = { bind_interdomain: 0, bind_virq: 1, bind_pirq: 2, close: 3, send: 4, status: 5, alloc_unbound: 6, bind_ipi: 7, bind_vcpu: 8, unmask: 9, reset: 10, init_control: 11, expand_array: 12, set_priority: 13 };
export const HC_EVTCHN = 32;
export const DOMID_SELF = 0x7ff0;

export interface EvDomain {
  domid: number;
  /** event_channel_op(cmd, struct of u32 words) as vcpu `vcpu`; returns rc and the struct after. */
  op(cmd: number, words: number[], vcpu?: number): { rc: number; out: number[] };
  allocUnbound(remote: number): number;
  bindInterdomain(remote: number, port: number): number;
  bindVirq(virq: number, vcpu?: number): number;
  bindIpi(vcpu: number): number;
  send(port: number, vcpu?: number): number;
  close(port: number): number;
  unmask(port: number): number;
  status(port: number, dom?: number): { rc: number; status: number; vcpu: number; dom: number; port: number };
  /** shared_info view (live). */
  pending(port: number): boolean;
  setMask(port: number, masked: boolean): void;
  selector(vcpu?: number): number;
  upcallPending(vcpu?: number): number;
  setUpcallMask(vcpu: number, v: number): void;
  hc(nr: number, ...args: number[]): number;
  g: TestGuest;
}

function wrap(g: TestGuest, domid: number, hcAs: (vcpu: number, nr: number, ...a: number[]) => number, si: () => DataView): EvDomain {
  const buf = g.scratch + 0x800;
  const op = (cmd: number, words: number[], vcpu = 0) => {
    words.forEach((w, i) => g.putU32(buf + 4 * i, w >>> 0));
    for (let i = words.length; i < 8; i++) g.putU32(buf + 4 * i, 0);
    const rc = hcAs(vcpu, HC_EVTCHN, cmd, buf);
    const out = Array.from({ length: 8 }, (_, i) => g.u32(buf + 4 * i));
    return { rc, out };
  };
  const portOrErr = (r: { rc: number; out: number[] }, idx: number) => (r.rc < 0 ? r.rc : r.out[idx]);
  const d: EvDomain = {
    domid, g, op,
    hc: (nr, ...a) => hcAs(0, nr, ...a),
    allocUnbound: (remote) => portOrErr(op(OP.alloc_unbound, [(DOMID_SELF | (remote << 16)) >>> 0]), 1),
    bindInterdomain: (remote, port) => portOrErr(op(OP.bind_interdomain, [remote, port]), 2),
    bindVirq: (virq, vcpu = 0) => portOrErr(op(OP.bind_virq, [virq, vcpu]), 2),
    bindIpi: (vcpu) => portOrErr(op(OP.bind_ipi, [vcpu]), 1),
    send: (port, vcpu = 0) => op(OP.send, [port], vcpu).rc,
    close: (port) => op(OP.close, [port]).rc,
    unmask: (port) => op(OP.unmask, [port]).rc,
    status(port, dom = DOMID_SELF) {
      const r = op(OP.status, [dom, port]);
      return { rc: r.rc, status: r.out[2], vcpu: r.out[3], dom: r.out[4] & 0xffff, port: r.out[5] };
    },
    pending: (port) => ((si().getUint32(2048 + 4 * (port >> 5), true) >>> (port & 31)) & 1) === 1,
    setMask(port, masked) {
      const o = 2176 + 4 * (port >> 5);
      const w = si().getUint32(o, true);
      si().setUint32(o, masked ? w | (1 << (port & 31)) : w & ~(1 << (port & 31)), true);
    },
    selector: (vcpu = 0) => si().getUint32(vcpu * 64 + 4, true),
    upcallPending: (vcpu = 0) => si().getUint8(vcpu * 64),
    setUpcallMask: (vcpu, v) => si().setUint8(vcpu * 64 + 1, v),
  };
  return d;
}

/** Two guests on one machine (domids 1 and 2), built, not running. */
export async function twoDomains(opts: { vcpus?: number } = {}): Promise<{ a: EvDomain; b: EvDomain; g: TestGuest }> {
  const g = await makeGuest({ memoryMiB: 4, machineMiB: 32 });
  const core = g.core;
  const built2 = buildDomain(core, guestImage("hello"), { domid: 2, memoryBytes: 4 << 20, maxVcpus: opts.vcpus ?? 2 });
  const l2 = built2.layout;
  const scratch2 = vaOf(l2, l2.bootStackPfn + 2);
  const pfn2 = (va: number) => Math.floor((va - l2.virtBase) / 4096);
  const page2 = (va: number) => core.mapForeign(2, built2.p2m[pfn2(va)], true);
  const g2: TestGuest = {
    ...g, domid: 2, built: built2, scratch: scratch2,
    hc: (nr, ...args) => core.hypercall(2, 0, nr, ...args),
    write(va, bytes) { const b = Uint8Array.from(bytes); for (let i = 0; i < b.length; i++) page2(va + i)[(va + i) % 4096] = b[i]; },
    read(va, n) { const out = new Uint8Array(n); for (let i = 0; i < n; i++) out[i] = page2(va + i)[(va + i) % 4096]; return out; },
    u32(va) { const b = g2.read(va, 4); return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0; },
    putU32(va, v) { g2.write(va, [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]); },
    mfnOfVa: (va) => built2.p2m[pfn2(va)],
  };
  const siView = (domid: number) => () => {
    const page = core.mapForeign(domid, core.sharedInfoMfn(domid), true);
    return new DataView(page.buffer, page.byteOffset, 4096);
  };
  const a = wrap(g, 1, (vcpu, nr, ...args) => core.hypercall(1, vcpu, nr, ...args), siView(1));
  const b = wrap(g2, 2, (vcpu, nr, ...args) => core.hypercall(2, vcpu, nr, ...args), siView(2));
  return { a, b, g };
}
