// vcpu_op (#24), set_timer_op (#15), sched_op poll/block, and domains until memory runs out.

import { describe, expect, it } from "vitest";
import { twoDomains, E } from "../helpers/evtchn.js";
import { loadCore } from "../../src/core/node.js";

const VCPUOP = { initialise: 0, up: 1, down: 2, is_up: 3, get_runstate_info: 4, set_periodic_timer: 6, stop_periodic_timer: 7, set_singleshot_timer: 8, stop_singleshot_timer: 9, register_vcpu_info: 10, send_nmi: 11 };
const HC = { vcpu_op: 24, sched_op: 29, set_timer_op: 15, callback_op: 30 };
const SCHEDOP_block = 1, SCHEDOP_poll = 3;
const VPF_blocked = 1;

describe("vcpu_op", () => {
  it("is_up reports vcpu 0 up and a never-started vcpu down; other ids are -ENOENT", async () => {
    const { b } = await twoDomains({ vcpus: 3 });
    expect(b.hc(HC.vcpu_op, VCPUOP.is_up, 0, 0)).toBe(1);
    expect(b.hc(HC.vcpu_op, VCPUOP.is_up, 2, 0)).toBe(0);
    expect(b.hc(HC.vcpu_op, VCPUOP.is_up, 3, 0)).toBe(E.ENOENT);
    expect(b.hc(HC.vcpu_op, 99, 0, 0)).toBe(E.ENOSYS);
  });

  it("up of an uninitialised vcpu is -EINVAL; initialising vcpu 0 again is -EEXIST", async () => {
    const { b } = await twoDomains({ vcpus: 2 });
    expect(b.hc(HC.vcpu_op, VCPUOP.up, 1, 0)).toBe(E.EINVAL);
    expect(b.hc(HC.vcpu_op, VCPUOP.initialise, 0, b.g.scratch)).toBe(E.EEXIST);
  });

  it("get_runstate_info fills 44 bytes: a fresh vcpu 1 is offline", async () => {
    const { b } = await twoDomains({ vcpus: 2 });
    const buf = b.g.scratch;
    for (let i = 0; i < 11; i++) b.g.putU32(buf + 4 * i, 0xdeadbeef);
    expect(b.hc(HC.vcpu_op, VCPUOP.get_runstate_info, 1, buf)).toBe(0);
    expect(b.g.u32(buf)).toBe(3);
    expect(b.hc(HC.vcpu_op, VCPUOP.get_runstate_info, 1, 0x1000)).toBe(E.EFAULT);
  });

  it("the last vcpu going down powers the domain off", async () => {
    const { b, g } = await twoDomains({ vcpus: 2 });
    expect(b.hc(HC.vcpu_op, VCPUOP.down, 0, 0)).toBe(0);
    const info = g.core.domainInfo(2);
    expect(info.shutdown).toBe(true);
    expect(info.shutdownReason).toBe(0);
  });

  it("set_periodic_timer refuses periods under 1 ms; singleshot timers are for the calling vcpu only", async () => {
    const { b } = await twoDomains({ vcpus: 2 });
    const buf = b.g.scratch;
    b.g.putU32(buf, 999_999); b.g.putU32(buf + 4, 0);
    expect(b.hc(HC.vcpu_op, VCPUOP.set_periodic_timer, 0, buf)).toBe(E.EINVAL);
    b.g.putU32(buf, 1_000_000);
    expect(b.hc(HC.vcpu_op, VCPUOP.set_periodic_timer, 0, buf)).toBe(0);
    expect(b.hc(HC.vcpu_op, VCPUOP.set_singleshot_timer, 1, buf)).toBe(E.EINVAL);
    expect(b.hc(HC.vcpu_op, VCPUOP.stop_singleshot_timer, 1, 0)).toBe(E.EINVAL);
  });

  it("a singleshot timer already in the past raises VIRQ_TIMER at once; set_timer_op arms one that fires later", async () => {
    const { b, g } = await twoDomains();
    const port = b.bindVirq(0, 0);
    const buf = b.g.scratch;
    b.g.putU32(buf, 0); b.g.putU32(buf + 4, 0); b.g.putU32(buf + 8, 0);
    expect(b.hc(HC.vcpu_op, VCPUOP.set_singleshot_timer, 0, buf)).toBe(0);
    expect(b.pending(port)).toBe(true);
    g.core.mapForeign(2, g.core.sharedInfoMfn(2), true).fill(0, 2048, 2048 + 128);
    expect(b.hc(HC.set_timer_op, 5000, 0)).toBe(0);
    expect(b.pending(port)).toBe(false);
    // Nothing runs: the machine jumps idle time to the deadline and fires the timer.
    g.core.run(10_000);
    expect(b.pending(port)).toBe(true);
    expect(g.core.systemTimeNs).toBeGreaterThanOrEqual(5000n);
  });

  it("register_vcpu_info moves vcpu_info into the guest's frame, marking everything pending, once", async () => {
    const { b } = await twoDomains();
    const va = b.g.scratch + 0x1000;
    const mfn = b.g.mfnOfVa(va);
    const buf = b.g.scratch;
    b.g.putU32(buf, mfn); b.g.putU32(buf + 4, 0); b.g.putU32(buf + 8, 3); b.g.putU32(buf + 12, 0);
    expect(b.hc(HC.vcpu_op, VCPUOP.register_vcpu_info, 0, buf)).toBe(E.ENXIO);     // misaligned
    b.g.putU32(buf + 8, 4064);
    expect(b.hc(HC.vcpu_op, VCPUOP.register_vcpu_info, 0, buf)).toBe(E.ENXIO);     // crosses the page
    b.g.putU32(buf + 8, 64);
    expect(b.hc(HC.vcpu_op, VCPUOP.register_vcpu_info, 0, buf)).toBe(0);
    expect(b.g.read(va + 64, 1)[0]).toBe(1);                                       // upcall_pending
    expect(b.g.u32(va + 64 + 4)).toBe(0xffffffff);                                 // every selector bit
    expect(b.g.read(va + 64 + 1, 1)[0]).toBe(1);                                   // the mask came along
    expect(b.hc(HC.vcpu_op, VCPUOP.register_vcpu_info, 0, buf)).toBe(E.EBUSY);
    // Events now land in the new location.
    const ipi = b.bindIpi(0);
    b.g.write(va + 64, [0, 1, 0, 0, 0, 0, 0, 0]);
    expect(b.send(ipi)).toBe(0);
    expect(b.g.read(va + 64, 1)[0]).toBe(1);
  });
});

describe("sched_op block and poll", () => {
  it("block with nothing pending blocks the vcpu and unmasks its events; an event wakes it", async () => {
    const { a, b, g } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    // Acknowledge the bind's pending bit so nothing is pending.
    g.core.mapForeign(2, g.core.sharedInfoMfn(2), true).fill(0, 2048, 2048 + 128);
    g.core.mapForeign(2, g.core.sharedInfoMfn(2), true).fill(0, 0, 8);
    b.setUpcallMask(0, 1);
    expect(b.hc(HC.sched_op, SCHEDOP_block, 0)).toBe(0);
    expect(g.core.vcpuState(2, 0).pauseFlags & VPF_blocked).toBe(VPF_blocked);
    expect(g.core.mapForeign(2, g.core.sharedInfoMfn(2), false)[1]).toBe(0);
    expect(a.send(pa)).toBe(0);
    expect(g.core.vcpuState(2, 0).pauseFlags & VPF_blocked).toBe(0);
    expect(pb).toBeGreaterThan(0);
  });

  it("poll returns at once when a listed port is pending, and checks its arguments", async () => {
    const { b } = await twoDomains();
    const ipi = b.bindIpi(0);
    const buf = b.g.scratch, ports = buf + 64;
    b.g.putU32(ports, ipi);
    const poll = (nr: number, p = ports) => {
      b.g.putU32(buf, p); b.g.putU32(buf + 4, nr); b.g.putU32(buf + 8, 0); b.g.putU32(buf + 12, 0);
      return b.hc(HC.sched_op, SCHEDOP_poll, buf);
    };
    expect(b.send(ipi)).toBe(0);
    expect(poll(1)).toBe(0);
    expect(b.g.core.vcpuState(2, 0).pauseFlags & VPF_blocked).toBe(0);
    expect(poll(129)).toBe(E.EINVAL);
    b.g.putU32(ports, 1024);
    expect(poll(1)).toBe(E.EINVAL);
    expect(poll(1, 0x1000)).toBe(E.EFAULT);
  });

  it("poll on a quiet port blocks even with events masked; sending on that port wakes the poller", async () => {
    const { b, g } = await twoDomains();
    const ipi = b.bindIpi(0);
    const other = b.bindIpi(0);
    const buf = b.g.scratch, ports = buf + 64;
    b.g.putU32(ports, ipi);
    b.g.putU32(buf, ports); b.g.putU32(buf + 4, 1); b.g.putU32(buf + 8, 0); b.g.putU32(buf + 12, 0);
    b.setMask(ipi, true);
    expect(b.hc(HC.sched_op, SCHEDOP_poll, buf)).toBe(0);
    expect(g.core.vcpuState(2, 0).pauseFlags & VPF_blocked).toBe(VPF_blocked);
    b.setMask(other, true);
    g.core.sendVirq(2, 1); // VIRQ_DEBUG is not bound: nothing happens
    expect(g.core.vcpuState(2, 0).pauseFlags & VPF_blocked).toBe(VPF_blocked);
    expect(b.send(ipi)).toBe(0);
    expect(g.core.vcpuState(2, 0).pauseFlags & VPF_blocked).toBe(0);
  });
});

describe("callback_op", () => {
  it("registers the event and failsafe callbacks; others are -ENOSYS", async () => {
    const { b, g } = await twoDomains();
    const buf = b.g.scratch;
    b.g.putU32(buf, 0); b.g.putU32(buf + 4, 0xe019); b.g.putU32(buf + 8, 0xc0001234);
    expect(b.hc(HC.callback_op, 0, buf)).toBe(0);
    b.g.putU32(buf, 1); b.g.putU32(buf + 8, 0xc0005678);
    expect(b.hc(HC.callback_op, 0, buf)).toBe(0);
    const st = g.core.vcpuState(2, 0);
    expect([st.eventCs, st.eventEip, st.failsafeEip]).toEqual([0xe019, 0xc0001234, 0xc0005678]);
    b.g.putU32(buf, 2);
    expect(b.hc(HC.callback_op, 0, buf)).toBe(E.ENOSYS);
    expect(b.hc(HC.callback_op, 1, buf)).toBe(E.ENOSYS);
    b.g.putU32(buf, 0);
    expect(b.hc(HC.callback_op, 1, buf)).toBe(E.EINVAL);
  });
});

describe("many domains", () => {
  it("creating domains with 32 vcpus until memory runs out ends in -ENOMEM, and destroying them gives every frame back", async () => {
    const core = await loadCore({ frames: 2048 });
    const free0 = core.freeFrames;
    const ids: number[] = [];
    let err: unknown;
    for (let id = 1; id < 1000; id++) {
      try {
        core.createDomain(id, 32, 64);
        core.allocFrames(id, 16);
        ids.push(id);
      } catch (e) { err = e; break; }
    }
    expect(ids.length).toBeGreaterThan(10);
    expect(String(err)).toMatch(/ENOMEM/);
    const snap = core.snapshot();
    expect(snap.domains.filter((d) => d.domid !== 0).every((d) => d.vcpus.length === 32)).toBe(true);
    for (const id of ids) core.destroyDomain(id);
    // The failed domain (if it was created before its frames ran out) too.
    for (let id = 1; id < 1000; id++) if (core.domainExists(id)) core.destroyDomain(id);
    expect(core.freeFrames).toBe(free0);
  });
});

describe("failsafe callback", () => {
  it("a data selector that no longer loads at switch-in enters the failsafe callback with Xen's frame", async () => {
    const { makeGuest } = await import("../helpers/guest.js");
    const { vcpuGuestContext } = await import("../../src/builder/vcpu-context.js");
    const { vaOf } = await import("../../src/builder/layout.js");
    const g = await makeGuest({ debug: false });
    const l = g.built.layout;
    const stackTop = vaOf(l, l.bootStackPfn + 1);
    const ctx = vcpuGuestContext({ eip: 0xc0000000, esp: stackTop, esi: 0, l3mfn: g.built.p2m[l.ptPfn], paeExtendedCr3: false });
    const dv = new DataView(ctx.buffer);
    dv.setUint16(516 + 56, 0x1011, true);          // DS: GDT entry 0x202, not one of Xen's
    dv.setUint32(2788, 0xe019, true);              // failsafe cs
    dv.setUint32(2792, g.scratch, true);           // failsafe eip: "jmp ." below
    g.write(g.scratch, [0xeb, 0xfe]);
    g.core.setVcpuContext(1, 0, ctx);
    g.core.unpauseDomain(1);
    g.core.run(1000);
    const st = g.core.vcpuState(1, 0);
    expect(st.eip).toBe(g.scratch);
    const esp = st.regs[4];
    expect(esp).toBe(stackTop - 28);
    const words = [0, 1, 2, 3, 4, 5, 6].map((i) => g.u32(esp + 4 * i));
    expect(words[0]).toBe(0x1011);                 // DS that failed
    expect(words[1] & 0xffff).toBe(0xe021);        // ES, FS, GS as saved
    expect(words[4]).toBe(0xc0000000);             // interrupted EIP
    expect(words[5]).toBe(0xe019 | (1 << 16));     // CS with the saved upcall mask (1 at boot)
    expect(st.segs[3]).toBe(0);                    // DS now null
    expect(g.core.domainInfo(1).shutdown).toBe(false);
  });

  it("without a failsafe callback the domain is crashed", async () => {
    const { makeGuest } = await import("../helpers/guest.js");
    const { vcpuGuestContext } = await import("../../src/builder/vcpu-context.js");
    const { vaOf } = await import("../../src/builder/layout.js");
    const g = await makeGuest({ debug: false });
    const l = g.built.layout;
    const ctx = vcpuGuestContext({ eip: 0xc0000000, esp: vaOf(l, l.bootStackPfn + 1), esi: 0, l3mfn: g.built.p2m[l.ptPfn], paeExtendedCr3: false });
    new DataView(ctx.buffer).setUint16(516 + 56, 0x1011, true);
    g.core.setVcpuContext(1, 0, ctx);
    g.core.unpauseDomain(1);
    g.core.run(1000);
    const info = g.core.domainInfo(1);
    expect(info.shutdown).toBe(true);
    expect(info.shutdownReason).toBe(3);
  });
});
