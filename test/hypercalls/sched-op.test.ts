// sched_op (#29) and sched_op_compat (#6).

import { describe, expect, it } from "vitest";
import { makeGuest } from "../helpers/guest.js";

const EFAULT = -14, ENOSYS = -38, EPERM = -1, ESRCH = -3;

describe("sched_op", () => {
  it.each([0, 1, 2, 3, 4, 5])("SCHEDOP_shutdown with reason %i shuts the domain down with that reason", async (reason) => {
    const g = await makeGuest();
    g.putU32(g.scratch, reason);
    expect(g.hc(29, 2, g.scratch)).toBe(0);
    const info = g.core.domainInfo(1);
    expect(info.shutdown).toBe(true);
    expect(info.shutdownReason).toBe(reason);
  });

  it("SCHEDOP_shutdown with an unreadable argument gives -EFAULT and does not shut down", async () => {
    const g = await makeGuest();
    expect(g.hc(29, 2, 0x1000)).toBe(EFAULT);
    expect(g.core.domainInfo(1).shutdown).toBe(false);
  });

  it("SCHEDOP_shutdown_code sets the reason a later shutdown reports; the first code wins", async () => {
    const g = await makeGuest();
    g.putU32(g.scratch, 1);
    expect(g.hc(29, 5, g.scratch)).toBe(0);
    g.putU32(g.scratch, 4);
    expect(g.hc(29, 5, g.scratch)).toBe(0);
    g.putU32(g.scratch, 0);
    expect(g.hc(29, 2, g.scratch)).toBe(0);
    expect(g.core.domainInfo(1).shutdownReason).toBe(1);
  });

  it("SCHEDOP_yield returns 0 and the domain keeps running", async () => {
    const g = await makeGuest();
    expect(g.hc(29, 0, 0)).toBe(0);
    expect(g.core.domainInfo(1).shutdown).toBe(false);
  });

  it("SCHEDOP_block unmasks events and blocks the vcpu", async () => {
    const g = await makeGuest();
    expect(g.hc(29, 1, 0)).toBe(0);
    expect(g.core.vcpuState(1, 0).pauseFlags & 1).toBe(1);
  });

  it("SCHEDOP_remote_shutdown needs privilege; an unknown domain is -ESRCH", async () => {
    const g = await makeGuest();
    g.write(g.scratch, [1, 0, 0, 0, 0, 0, 0, 0]);
    expect(g.hc(29, 4, g.scratch)).toBe(EPERM);
    g.write(g.scratch, [77, 0, 0, 0, 0, 0, 0, 0]);
    expect(g.hc(29, 4, g.scratch)).toBe(ESRCH);
    expect(g.hc(29, 4, 0x1000)).toBe(EFAULT);
  });

  it("unknown commands give -ENOSYS", async () => {
    const g = await makeGuest();
    expect(g.hc(29, 99, 0)).toBe(ENOSYS);
  });

  it("sched_op_compat takes the shutdown reason directly", async () => {
    const g = await makeGuest();
    expect(g.hc(6, 7, 0)).toBe(ENOSYS);
    expect(g.hc(6, 2, 3)).toBe(0);
    expect(g.core.domainInfo(1).shutdownReason).toBe(3);
  });
});
