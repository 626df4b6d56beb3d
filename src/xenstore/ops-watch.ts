// WATCH, UNWATCH and RESET_WATCHES (upstream watch.c; fact sheet xen-io §2.7).

import { XsError } from "./errors.js";
import { canon, OK } from "./ops-common.js";
import { getStrings, parseDecimal } from "./payload.js";
import { watchPath, type Watch } from "./watch.js";
import type { Access } from "./access.js";
import { XENSTORE_SERVER_FEATURE_WATCHDEPTH, type XsMessage } from "./xs-wire.js";

/** "wpath\0token\0[depth\0]": OK, then at once one event for wpath itself. */
export function doWatch(ctx: Access, m: XsMessage): Uint8Array {
  const conn = ctx.conn;
  const { strings } = getStrings(m.payload);
  let depth = -1;
  if (strings.length === 3 && conn.features & XENSTORE_SERVER_FEATURE_WATCHDEPTH) depth = parseDecimal(strings[2], 0, 0x7fffffff);
  else if (strings.length !== 2) throw new XsError("EINVAL", "WATCH needs a path and a token");
  const [path, token] = strings;
  const relative = path[0] !== "/" && path[0] !== "@";
  const name = canon(ctx, path, true);
  if (name[0] === "@" && depth > 1) throw new XsError("EINVAL", "special watches take depth 0 or 1");
  if (conn.watches.some((w) => w.node === name && w.token === token)) throw new XsError("EEXIST");
  ctx.xs.quotas.check(conn.privileged, conn.id, "watches", conn.watches.length + 1);
  const w: Watch = { node: name, token, depth, prefixLen: relative ? conn.implicitPath.length + 1 : 0 };
  conn.watches.push(w);
  // The initial event: clients rely on it (simplifies restarts).
  ctx.afterReply.push(() => ctx.xs.sendEvent(conn, watchPath(w, name), token));
  return OK;
}

export function doUnwatch(ctx: Access, m: XsMessage): Uint8Array {
  const { strings } = getStrings(m.payload);
  if (strings.length !== 2) throw new XsError("EINVAL", "UNWATCH needs a path and a token");
  const name = canon(ctx, strings[0], true);
  const i = ctx.conn.watches.findIndex((w) => w.node === name && w.token === strings[1]);
  if (i < 0) throw new XsError("ENOENT");
  ctx.conn.watches.splice(i, 1);
  return OK;
}

/** Drops every watch and transaction of the caller. */
export function doResetWatches(ctx: Access): Uint8Array {
  ctx.conn.watches.length = 0;
  ctx.conn.transactions.clear();
  ctx.conn.txn = undefined;
  return OK;
}
