// Domain requests: INTRODUCE, RELEASE, RESUME, SET_TARGET (dom0 only),
// GET_DOMAIN_PATH and IS_DOMAIN_INTRODUCED (upstream domain.c).

import { XsError } from "./errors.js";
import { OK } from "./ops-common.js";
import { getStrings, nulStrings, oneArg, parseDecimal, parseDomid } from "./payload.js";
import type { Access } from "./access.js";
import { DOMID_SELF, type XsMessage } from "./xs-wire.js";

/** "domid\0gfn\0evtchn\0": start talking to a domain over its ring page and port. */
export function doIntroduce(ctx: Access, m: XsMessage): Uint8Array {
  const { strings } = getStrings(m.payload);
  if (strings.length < 3) throw new XsError("EINVAL", "INTRODUCE needs a domid, a frame and a port");
  const domid = parseDomid(strings[0]);
  // The frame is written in signed decimal (docs/misc/xenstore.txt).
  if (!/^-?[0-9]{1,10}$/.test(strings[1]) || Number(strings[1]) < -(2 ** 31) || Number(strings[1]) > 2 ** 32 - 1) {
    throw new XsError("EINVAL", `'${strings[1]}' is not a frame number`);
  }
  const gfn = Number(strings[1]) >>> 0;
  const port = parseDecimal(strings[2], 1, 0xffffffff);
  ctx.xs.introduceDomain(domid, gfn, port);
  return OK;
}

export function doRelease(ctx: Access, m: XsMessage): Uint8Array {
  ctx.xs.releaseDomain(connectedDomid(ctx, m));
  return OK;
}

/** Re-arms the @releaseDomain event for a domain that shut down and came back. */
export function doResume(ctx: Access, m: XsMessage): Uint8Array {
  ctx.xs.domain(connectedDomid(ctx, m))!.shutdown = false;
  return OK;
}

/** "domid\0tdomid\0": domid gets tdomid's rights (a stub domain serving tdomid). */
export function doSetTarget(ctx: Access, m: XsMessage): Uint8Array {
  const { strings } = getStrings(m.payload);
  if (strings.length < 2) throw new XsError("EINVAL", "SET_TARGET needs two domids");
  const d = ctx.xs.connectedDomain(parseDomid(strings[0]));
  const t = ctx.xs.connectedDomain(parseDomid(strings[1]));
  d.conn!.target = t.domid;
  return OK;
}

export function doGetDomainPath(ctx: Access, m: XsMessage): Uint8Array {
  return nulStrings(`/local/domain/${parseDomid(oneArg(m.payload))}`);
}

export function doIsDomainIntroduced(ctx: Access, m: XsMessage): Uint8Array {
  const domid = parseDomid(oneArg(m.payload));
  const yes = domid === DOMID_SELF || ctx.xs.domain(domid)?.introduced === true;
  return nulStrings(yes ? "T" : "F");
}

/** The one domid argument of RELEASE/RESUME: an introduced domain other than 0. */
function connectedDomid(ctx: Access, m: XsMessage): number {
  const domid = parseDomid(oneArg(m.payload));
  if (domid === 0) throw new XsError("EINVAL", "domain 0 is xenstored's own");
  return ctx.xs.connectedDomain(domid).domid;
}
