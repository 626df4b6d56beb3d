// CONTROL, GET_FEATURE/SET_FEATURE and GET_QUOTA/SET_QUOTA: dom0 tooling, except
// that a domain may ask for its own features.

import { XsError } from "./errors.js";
import { OK } from "./ops-common.js";
import { getStrings, nulStrings, parseDecimal, parseDomid } from "./payload.js";
import { isQuotaName, QUOTA_NAMES, type QuotaName } from "./quota.js";
import type { Access } from "./access.js";
import type { XsMessage } from "./xs-wire.js";

const CONTROL_HELP = ["check", "help", "print", "quota"];

/** "cmd\0[args\0…]": check (store consistency), help, print|text, quota[|domid]. */
export function doControl(ctx: Access, m: XsMessage): Uint8Array {
  const [cmd, ...args] = getStrings(m.payload).strings;
  switch (cmd) {
    case "help": return nulStrings(CONTROL_HELP.join("\n") + "\n");
    case "check": {
      const problem = ctx.xs.checkStore();
      if (problem) throw new XsError("EIO", problem);
      return OK;
    }
    case "print": ctx.xs.log(args[0] ?? ""); return OK;
    case "quota": {
      const domid = args[0] === undefined ? undefined : parseDomid(args[0]);
      if (domid !== undefined && !ctx.xs.domain(domid)) throw new XsError("ENOENT", `xenstored knows no domain ${domid}`);
      const lines = QUOTA_NAMES.map((q) => `${q.padEnd(17)}: ${domid === undefined ? ctx.xs.quotas.global[q] : `${usage(ctx, domid, q)} (max ${ctx.xs.quotas.get(domid, q)})`}`);
      return nulStrings((domid === undefined ? "Global quota:\n" : `Domain ${domid}:\n`) + lines.join("\n") + "\n");
    }
    default: throw new XsError("EINVAL", `unknown control command '${cmd ?? ""}'`);
  }
}

function usage(ctx: Access, domid: number, q: QuotaName): string {
  const conn = ctx.xs.domain(domid)?.conn;
  switch (q) {
    case "nodes": return String(ctx.xs.store.ownedBy(domid));
    case "watches": return String(conn?.watches.length ?? 0);
    case "transactions": return String(conn?.transactions.size ?? 0);
    case "outstanding": return String(conn?.out.filter((o) => !o.event).length ?? 0);
    case "memory": return String(conn?.outBytes ?? 0);
    default: return "-";
  }
}

/** "[domid\0]" → the features of that domain, or the caller's own. */
export function doGetFeature(ctx: Access, m: XsMessage): Uint8Array {
  const { strings } = getStrings(m.payload);
  if (strings.length === 0 || (strings.length === 1 && strings[0] === "")) return nulStrings(String(ctx.conn.features));
  if (strings.length !== 1) throw new XsError("EINVAL", "GET_FEATURE takes at most a domid");
  if (!ctx.conn.privileged) throw new XsError("EACCES");
  const d = ctx.xs.knownDomain(parseDomid(strings[0]));
  return nulStrings(String(d.features));
}

/** "domid\0value\0": what a domain will be offered, before it is introduced. */
export function doSetFeature(ctx: Access, m: XsMessage): Uint8Array {
  const { strings } = getStrings(m.payload);
  if (strings.length !== 2) throw new XsError("EINVAL", "SET_FEATURE needs a domid and a value");
  const d = ctx.xs.knownDomain(parseDomid(strings[0]));
  if (d.introduced) throw new XsError("EBUSY", "the domain is already introduced");
  d.features = parseDecimal(strings[1], 0, 0xffffffff) & ctx.xs.features;
  return OK;
}

/** "" → the quota names; "name\0" → global value; "domid\0name\0" → that domain's. */
export function doGetQuota(ctx: Access, m: XsMessage): Uint8Array {
  const { strings } = getStrings(m.payload);
  if (strings.length === 0 || (strings.length === 1 && strings[0] === "")) return nulStrings(QUOTA_NAMES.join(" "));
  if (strings.length > 2) throw new XsError("EINVAL", "GET_QUOTA takes [domid] and a quota name");
  const name = quotaName(strings[strings.length - 1]);
  if (strings.length === 1) return nulStrings(String(ctx.xs.quotas.global[name]));
  const d = ctx.xs.knownDomain(parseDomid(strings[0]));
  return nulStrings(String(ctx.xs.quotas.get(d.domid, name)));
}

/** "[domid\0]name\0value\0". */
export function doSetQuota(ctx: Access, m: XsMessage): Uint8Array {
  const { strings } = getStrings(m.payload);
  if (strings.length !== 2 && strings.length !== 3) throw new XsError("EINVAL", "SET_QUOTA takes [domid], a quota name and a value");
  const value = parseDecimal(strings[strings.length - 1], 0, 0x7fffffff);
  const name = quotaName(strings[strings.length - 2]);
  const domid = strings.length === 3 ? ctx.xs.knownDomain(parseDomid(strings[0])).domid : undefined;
  ctx.xs.quotas.set(domid, name, value);
  return OK;
}

function quotaName(s: string): QuotaName {
  if (!isQuotaName(s)) throw new XsError("EINVAL", `no quota named '${s}'`);
  return s;
}
