// event_channel_op (#32): the rules of the 2-level ABI, pinned one at a time.

import { describe, expect, it } from "vitest";
import { twoDomains, E, OP, HC_EVTCHN, DOMID_SELF } from "../helpers/evtchn.js";

const EVTCHNSTAT = { closed: 0, unbound: 1, interdomain: 2, virq: 4, ipi: 5 };
const VIRQ_TIMER = 0, VIRQ_DEBUG = 1, VIRQ_CONSOLE = 2, VIRQ_DOM_EXC = 3;

describe("event channels: binding", () => {
  it("alloc_unbound hands out the lowest free port, which status reports unbound for the named domain", async () => {
    const { a } = await twoDomains();
    const p = a.allocUnbound(2);
    // Ports 1 and 2 are the xenstore and console ports the builder allocated.
    expect(p).toBe(3);
    expect(a.status(p)).toMatchObject({ rc: 0, status: EVTCHNSTAT.unbound, dom: 2 });
    expect(a.allocUnbound(2)).toBe(4);
    expect(a.close(3)).toBe(0);
    expect(a.allocUnbound(2)).toBe(3);
  });

  it("bind_interdomain to an unbound port of another domain succeeds once; both ends then name each other", async () => {
    const { a, b } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    expect(pb).toBeGreaterThan(0);
    expect(b.status(pb)).toMatchObject({ status: EVTCHNSTAT.interdomain, dom: 1, port: pa });
    expect(a.status(pa)).toMatchObject({ status: EVTCHNSTAT.interdomain, dom: 2, port: pb });
    // Binding the same remote port a second time: it is no longer unbound.
    expect(b.bindInterdomain(1, pa)).toBe(E.EINVAL);
  });

  it("a freshly bound interdomain port starts pending", async () => {
    const { a, b } = await twoDomains();
    const pb = b.bindInterdomain(1, a.allocUnbound(2));
    expect(b.pending(pb)).toBe(true);
  });

  it("bind_interdomain refuses a port meant for another domain, a free port and an unknown domain", async () => {
    const { a, b } = await twoDomains();
    const forSelf = a.allocUnbound(DOMID_SELF);
    expect(b.bindInterdomain(1, forSelf)).toBe(E.EINVAL);
    expect(b.bindInterdomain(1, 60)).toBe(E.EINVAL);
    expect(b.bindInterdomain(1, 5000)).toBe(E.EINVAL);
    expect(b.bindInterdomain(77, 3)).toBe(E.ESRCH);
    // A loopback bind to our own port meant for ourselves works.
    expect(a.bindInterdomain(DOMID_SELF, forSelf)).toBeGreaterThan(0);
  });

  it("alloc_unbound in another domain needs privilege", async () => {
    const { a } = await twoDomains();
    expect(a.op(OP.alloc_unbound, [2 | (1 << 16)]).rc).toBe(E.EPERM);
    expect(a.op(OP.alloc_unbound, [99 | (1 << 16)]).rc).toBe(E.ESRCH);
  });

  it("bind_virq: twice on one vcpu is -EEXIST; bad VIRQs, vcpus and global VIRQs are refused", async () => {
    const { b } = await twoDomains();
    const p = b.bindVirq(VIRQ_TIMER, 0);
    expect(p).toBeGreaterThan(0);
    expect(b.status(p)).toMatchObject({ status: EVTCHNSTAT.virq, dom: VIRQ_TIMER, vcpu: 0 });
    expect(b.bindVirq(VIRQ_TIMER, 0)).toBe(E.EEXIST);
    expect(b.bindVirq(VIRQ_TIMER, 1)).toBeGreaterThan(0);   // per-vcpu: once per vcpu
    expect(b.bindVirq(VIRQ_DEBUG, 7)).toBe(E.ENOENT);
    expect(b.bindVirq(24, 0)).toBe(E.EINVAL);
    expect(b.bindVirq(VIRQ_DOM_EXC, 0)).toBe(E.EBUSY);     // global: the host's
    expect(b.bindVirq(VIRQ_CONSOLE, 1)).toBe(E.EINVAL);    // global VIRQs bind on vcpu 0 only
  });

  it("a VIRQ can be bound again after its port is closed", async () => {
    const { b } = await twoDomains();
    const p = b.bindVirq(VIRQ_TIMER, 0);
    expect(b.close(p)).toBe(0);
    expect(b.status(p).status).toBe(EVTCHNSTAT.closed);
    expect(b.bindVirq(VIRQ_TIMER, 0)).toBe(p);
  });

  it("bind_ipi gives a port notifying that vcpu; bind_vcpu cannot move it or a per-vcpu VIRQ", async () => {
    const { b } = await twoDomains();
    const ipi = b.bindIpi(1);
    expect(b.status(ipi)).toMatchObject({ status: EVTCHNSTAT.ipi, vcpu: 1 });
    expect(b.bindIpi(5)).toBe(E.ENOENT);
    expect(b.op(OP.bind_vcpu, [ipi, 0]).rc).toBe(E.EINVAL);
    const t = b.bindVirq(VIRQ_TIMER, 0);
    expect(b.op(OP.bind_vcpu, [t, 1]).rc).toBe(E.EINVAL);
    const u = b.allocUnbound(1);
    expect(b.op(OP.bind_vcpu, [u, 1]).rc).toBe(0);
    expect(b.status(u).vcpu).toBe(1);
    expect(b.op(OP.bind_vcpu, [u, 9]).rc).toBe(E.ENOENT);
  });

  it("status of another domain's port needs privilege; ports beyond the table are -EINVAL", async () => {
    const { a } = await twoDomains();
    expect(a.status(1, 2).rc).toBe(E.EPERM);
    expect(a.status(5000).rc).toBe(E.EINVAL);
    expect(a.status(0)).toMatchObject({ rc: 0, status: EVTCHNSTAT.closed });
  });

  it("port 0 is reserved: it cannot be closed or sent on", async () => {
    const { a } = await twoDomains();
    expect(a.close(0)).toBe(E.EINVAL);
    expect(a.send(0)).toBe(E.EINVAL);
  });
});

describe("event channels: sending and masking", () => {
  it("send sets the peer's pending bit, selector bit and upcall_pending", async () => {
    const { a, b } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    expect(a.pending(pa)).toBe(false);
    expect(b.send(pb)).toBe(0);
    expect(a.pending(pa)).toBe(true);
    expect(a.selector() & (1 << (pa >> 5))).not.toBe(0);
    expect(a.upcallPending()).toBe(1);
  });

  it("sending on a closed port is -EINVAL; on an unbound port the event is dropped", async () => {
    const { a } = await twoDomains();
    const p = a.allocUnbound(2);
    expect(a.send(p)).toBe(0);
    expect(a.pending(p)).toBe(false);
    expect(a.close(p)).toBe(0);
    expect(a.send(p)).toBe(E.EINVAL);
    expect(a.close(p)).toBe(E.EINVAL);
  });

  it("a masked port only becomes pending; unmask re-raises the selector and upcall", async () => {
    const { a, b } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    a.setMask(pa, true);
    expect(b.send(pb)).toBe(0);
    expect(a.pending(pa)).toBe(true);
    expect(a.selector()).toBe(0);
    expect(a.upcallPending()).toBe(0);
    expect(a.unmask(pa)).toBe(0);
    expect(a.selector() & (1 << (pa >> 5))).not.toBe(0);
    expect(a.upcallPending()).toBe(1);
  });

  it("unmask of a port that is not pending raises nothing", async () => {
    const { a, b } = await twoDomains();
    const pa = a.allocUnbound(2);
    b.bindInterdomain(1, pa);
    a.setMask(pa, true);
    expect(a.unmask(pa)).toBe(0);
    expect(a.upcallPending()).toBe(0);
    expect(a.unmask(4000)).toBe(E.EINVAL);
  });

  it("a second send while the port is still pending changes nothing (edge semantics)", async () => {
    const { a, b } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    b.send(pb);
    const before = a.g.core.snapshot().domains.find((d) => d.domid === 1)!;
    // The guest acknowledged the upcall but not the port.
    a.g.core.mapForeign(1, a.g.core.sharedInfoMfn(1), true)[0] = 0;
    b.send(pb);
    expect(a.upcallPending()).toBe(0);
    const after = a.g.core.snapshot().domains.find((d) => d.domid === 1)!;
    expect(after.eventsReceived).toBe(before.eventsReceived + 1n);
  });

  it("an IPI port raises the event on its own vcpu", async () => {
    const { b } = await twoDomains();
    const p = b.bindIpi(1);
    expect(b.send(p)).toBe(0);
    expect(b.pending(p)).toBe(true);
    expect(b.upcallPending(1)).toBe(1);
    expect(b.upcallPending(0)).toBe(0);
  });
});

describe("event channels: closing, reset and destruction", () => {
  it("closing one end of an interdomain channel leaves the other unbound, accepting the closer again", async () => {
    const { a, b } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    expect(a.close(pa)).toBe(0);
    expect(b.status(pb)).toMatchObject({ status: EVTCHNSTAT.unbound, dom: 1 });
    expect(b.send(pb)).toBe(0);              // dropped: nobody is bound
    expect(a.bindInterdomain(2, pb)).toBeGreaterThan(0);
  });

  it("closing a port clears its pending bit", async () => {
    const { a, b } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    b.send(pb);
    expect(a.pending(pa)).toBe(true);
    a.close(pa);
    expect(a.pending(pa)).toBe(false);
  });

  it("reset closes every port of the domain", async () => {
    const { a, b } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    const t = b.bindVirq(VIRQ_TIMER, 0);
    expect(b.op(OP.reset, [DOMID_SELF]).rc).toBe(0);
    expect(b.status(pb).status).toBe(EVTCHNSTAT.closed);
    expect(b.status(t).status).toBe(EVTCHNSTAT.closed);
    expect(a.status(pa)).toMatchObject({ status: EVTCHNSTAT.unbound, dom: 2 });
    expect(b.op(OP.reset, [1]).rc).toBe(E.EPERM);
  });

  it("destroying a domain unbinds its peers' ports, frees its frames, and later binds to it are -ESRCH", async () => {
    const { a, b, g } = await twoDomains();
    const pa = a.allocUnbound(2);
    const pb = b.bindInterdomain(1, pa);
    const p2 = b.allocUnbound(1);
    const free = g.core.freeFrames;
    const held = g.core.domainInfo(2).totPages;
    g.core.destroyDomain(2);
    expect(a.status(pa)).toMatchObject({ status: EVTCHNSTAT.unbound, dom: 2 });
    expect(a.send(pa)).toBe(0);
    expect(a.bindInterdomain(2, p2)).toBe(E.ESRCH);
    // RAM, shared_info, struct domain/vcpus and the port table all came back.
    expect(g.core.freeFrames).toBeGreaterThanOrEqual(free + held + 4);
    expect(pb).toBeGreaterThan(0);
  });
});

describe("event channels: the hypercall boundary", () => {
  it("FIFO operations answer as Xen without the FIFO ABI; set_priority is -ENOSYS under 2-level", async () => {
    const { a } = await twoDomains();
    expect(a.op(OP.init_control, []).rc).toBe(E.EOPNOTSUPP);
    expect(a.op(OP.expand_array, []).rc).toBe(E.EOPNOTSUPP);
    expect(a.op(OP.set_priority, [3, 1]).rc).toBe(E.ENOSYS);
    expect(a.op(99, []).rc).toBe(E.ENOSYS);
    expect(a.op(OP.bind_pirq, [1, 0]).rc).toBe(E.EPERM);
  });

  it("an unreadable argument is -EFAULT and changes nothing", async () => {
    const { a } = await twoDomains();
    expect(a.hc(HC_EVTCHN, OP.alloc_unbound, 0x1000)).toBe(E.EFAULT);
    expect(a.allocUnbound(2)).toBe(3);
  });

  it("event_channel_op_compat (#16) runs the same operations and writes results into its union", async () => {
    const { a } = await twoDomains();
    const buf = a.g.scratch + 0x400;
    a.g.putU32(buf, OP.alloc_unbound);
    a.g.putU32(buf + 4, (DOMID_SELF | (2 << 16)) >>> 0);
    expect(a.hc(16, buf)).toBe(0);
    expect(a.g.u32(buf + 8)).toBe(3);
    a.g.putU32(buf, OP.close);
    a.g.putU32(buf + 4, 3);
    expect(a.hc(16, buf)).toBe(0);
    expect(a.status(3).status).toBe(EVTCHNSTAT.closed);
  });

  it("the port space ends at 1023: then alloc_unbound is -ENOSPC", async () => {
    const { a } = await twoDomains();
    let last = 0;
    for (let i = 0; i < 1021; i++) last = a.allocUnbound(2);
    expect(last).toBe(1023);
    expect(a.allocUnbound(2)).toBe(E.ENOSPC);
  });
});

describe("event channels: the host as domain 0", () => {
  it("the host binds a guest's unbound port and exchanges events with it", async () => {
    const { a, g } = await twoDomains();
    const core = g.core;
    const gp = core.allocUnboundPort(1, 0);
    const hp = core.bindInterdomain(1, gp);
    expect(a.status(gp)).toMatchObject({ status: EVTCHNSTAT.interdomain, dom: 0, port: hp });
    core.takePendingPorts();
    expect(a.send(gp)).toBe(0);
    expect(core.takePendingPorts()).toEqual([hp]);
    expect(core.takePendingPorts()).toEqual([]);
    core.sendEvent(hp);
    expect(a.pending(gp)).toBe(true);
  });

  it("the host's VIRQ_DOM_EXC fires when a domain shuts down", async () => {
    const { b, g } = await twoDomains();
    const port = g.core.bindVirq(VIRQ_DOM_EXC);
    g.core.takePendingPorts();
    b.g.putU32(b.g.scratch, 0);
    expect(b.hc(29, 2, b.g.scratch)).toBe(0);
    expect(g.core.takePendingPorts()).toContain(port);
  });
});
