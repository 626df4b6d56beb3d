// xenstore with real guests in the core: the exerciser's client over its ring, what
// it leaves in the store, several domains at once, and a hostile ring next to a good
// one. The host reaches the rings only through the core's foreign mappings.

import { describe, expect, it } from "vitest";
import { runGuests, makeHost, configOf } from "../helpers/machine.js";
import { guestImage } from "../helpers/guest.js";
import { ExitReason } from "../../src/core/core.js";
import * as W from "../../src/xenstore/xs-wire.js";

const lastLine = (text: string | undefined) => (text ?? "").trimEnd().split("\n").at(-1);

describe("xenstore guests", () => {
  it("xsexercise passes every check over its ring and ends with Test result: SUCCESS", async () => {
    const r = await runGuests([{ name: "xs", image: "xsexercise" }]);
    const text = r.consoles.get("xs");
    expect(text).not.toContain("FAIL:");
    expect(lastLine(text)).toBe("Test result: SUCCESS");
    expect(r.ends.get("xs")?.reasonName).toBe("poweroff");
    // What it wrote is in the store, owned by it; its shutdown is known to xenstored.
    const xs = r.host.xs;
    expect(xs.readString("/local/domain/1/data/greeting")).toBe("hello xenstore");
    expect(xs.getPerms("/local/domain/1/data/greeting")).toEqual([{ id: 1, perms: 0 }, { id: 0, perms: 1 }]);
    expect(xs.readString("/local/domain/1/data/tx")).toBe("11");
  });

  it("the domain's tree is the toolstack's, and goes when the domain is destroyed", async () => {
    const m = await makeHost();
    const [dom] = m.host.startAll([{ config: { ...configOf({ name: "idle", image: "spin" }), onPoweroff: "destroy" }, kernel: guestImage("spin") }]);
    const xs = m.host.xs;
    expect(xs.readString(`/local/domain/${dom.domid}/name`)).toBe("idle");
    expect(xs.readString(`/local/domain/${dom.domid}/store/port`)).toBe(String(dom.built.storeEvtchn));
    expect(xs.readString(`/local/domain/${dom.domid}/store/ring-ref`)).toBe(String(dom.built.storeMfn));
    expect(xs.isDomainIntroduced(dom.domid)).toBe(true);
    xs.watch("@releaseDomain", "rel");
    xs.takeEvents();
    m.host.step(100_000);
    m.host.destroy(dom.domid);
    expect(xs.takeEvents()).toEqual([{ path: "@releaseDomain", token: "rel" }]);
    expect(xs.directory("/local/domain")).toEqual([]);
    expect(xs.isDomainIntroduced(dom.domid)).toBe(false);
  });

  it("a restarted domain gets a fresh tree and connection; @releaseDomain fires for the old one", async () => {
    const m = await makeHost();
    const xs = m.host.xs;
    xs.watch("@releaseDomain", "rel");
    xs.watch("@introduceDomain", "intro");
    xs.takeEvents();
    const [dom] = m.host.startAll([{ config: { ...configOf({ name: "again", image: "hello" }), onPoweroff: "restart" }, kernel: guestImage("hello") }]);
    expect(xs.takeEvents().map((e) => e.path)).toEqual(["@introduceDomain"]);
    const paths: string[] = [];
    for (let i = 0; i < 50 && !paths.includes("@introduceDomain"); i++) {
      m.host.step(1_000_000);
      paths.push(...xs.takeEvents().map((e) => e.path));
    }
    // Shut down (release fires), destroyed (fires again), rebuilt and introduced.
    expect(paths).toEqual(["@releaseDomain", "@releaseDomain", "@introduceDomain"]);
    expect(xs.isDomainIntroduced(dom.domid)).toBe(true);
    expect(xs.readString(`/local/domain/${dom.domid}/name`)).toBe("again");
    expect(xs.readString(`/local/domain/${dom.domid}/store/ring-ref`)).toBe(String(dom.built.storeMfn));
  });

  it("three exercisers at once each succeed with their own data", async () => {
    const r = await runGuests([1, 2, 3].map((i) => ({ name: `xs${i}`, image: "xsexercise" })), { maxInsns: 400_000_000 });
    for (const i of [1, 2, 3]) {
      expect(lastLine(r.consoles.get(`xs${i}`)), `xs${i}`).toBe("Test result: SUCCESS");
      const domid = r.host.byName(`xs${i}`)!.domid;
      expect(r.host.xs.readString(`/local/domain/${domid}/data/greeting`)).toBe("hello xenstore");
    }
  });

  it("a domain that corrupts its ring indices loses its connection; the exerciser beside it is unaffected", async () => {
    const m = await makeHost();
    const [good, bad] = m.host.startAll([
      { config: configOf({ name: "good", image: "xsexercise" }), kernel: guestImage("xsexercise") },
      { config: configOf({ name: "bad", image: "spin" }), kernel: guestImage("spin") },
    ]);
    // The bad domain's request producer runs 5000 bytes ahead of the consumer.
    const page = m.host.core.mapForeign(bad.domid, bad.built.storeMfn, true);
    new DataView(page.buffer, page.byteOffset).setUint32(W.XS_RING_REQ_PROD, 5000, true);
    m.host.xenstored.domain(bad.domid)!.kick = true;
    for (let i = 0; i < 5000 && !m.host.domains.get(good.domid)!.ended; i++) m.host.step(2_000_000);
    const badPage = m.host.core.mapForeign(bad.domid, bad.built.storeMfn, false);
    expect(new DataView(badPage.buffer, badPage.byteOffset).getUint32(W.XS_RING_ERROR, true)).toBe(W.XENSTORE_ERROR_RINGIDX);
    expect(lastLine(m.consoles.get("good"))).toBe("Test result: SUCCESS");
  });
});
