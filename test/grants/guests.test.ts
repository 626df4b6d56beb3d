// Guests that use grants, run through the toolstack with the console back end.

import { describe, expect, it } from "vitest";
import { runGuests } from "../helpers/machine.js";

describe("grant guests", () => {
  it("gntpair: a page shared through a grant is mapped, written, unmapped, then revoked so the next map fails", async () => {
    const r = await runGuests([
      { name: "granter", image: "gntpair", cmdline: "role=granter peer=${domid:mapper} port=${port:mapper}" },
      { name: "mapper", image: "gntpair", cmdline: "role=mapper peer=${domid:granter} port=${peerport:granter}" },
    ]);
    for (const n of ["granter", "mapper"]) {
      const text = r.consoles.get(n) ?? "";
      expect(text, n).not.toContain("FAIL");
      expect(text, n).toContain("Test result: SUCCESS");
      expect(r.ends.get(n)?.reasonName).toBe("poweroff");
    }
    expect(r.consoles.get("granter")).toContain("PASS: a grant cannot be revoked while it is mapped");
    expect(r.consoles.get("mapper")).toContain("PASS: after the revoke the next map fails");
    expect(r.host.core.mmCheck()).toBeUndefined();
  });

  it("gntcopy: grant copies deliver every byte, a long batch is continued, map+unmap pairs work", async () => {
    const r = await runGuests([{ name: "c", image: "gntcopy", cmdline: "domid=${domid:c} kb=256 pairs=20" }], { maxInsns: 400_000_000 });
    const text = r.consoles.get("c") ?? "";
    expect(text).not.toContain("FAIL");
    expect(text).toMatch(/gntcopy: grant copy 256 KiB in \d+ ns; memcpy 256 KiB in \d+ ns; 20 map\+unmap pairs in \d+ ns/);
    expect(text).toContain("Test result: SUCCESS");
  });
});
