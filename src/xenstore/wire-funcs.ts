// The request table (upstream core.c wire_funcs): for each message type its handler
// and flags, and process(), the one place a request turns into a reply.
//
// Before a handler runs: unknown types (and WATCH_EVENT, ERROR, the removed RESTRICT)
// get ENOSYS; dom0-only types from a domU get EACCES; a tx_id that names no open
// transaction of this connection gets ENOENT (WATCH and UNWATCH ignore tx_id).

import { Access } from "./access.js";
import { XsError } from "./errors.js";
import { doDirectory, doDirectoryPart, doGetPerms, doMkdir, doRead, doRm, doSetPerms, doWrite } from "./ops-nodes.js";
import { doResetWatches, doUnwatch, doWatch } from "./ops-watch.js";
import { doTransactionEnd, doTransactionStart } from "./ops-transaction.js";
import { doGetDomainPath, doIntroduce, doIsDomainIntroduced, doRelease, doResume, doSetTarget } from "./ops-domain.js";
import { doControl, doGetFeature, doGetQuota, doSetFeature, doSetQuota } from "./ops-admin.js";
import type { Connection } from "./connection.js";
import type { Xenstored } from "./xenstored.js";
import * as W from "./xs-wire.js";

type Handler = (ctx: Access, m: W.XsMessage) => Uint8Array;

interface WireFunc {
  fn: Handler;
  /** Privileged callers only. */
  priv?: boolean;
  /** tx_id is ignored. */
  notid?: boolean;
}

const FUNCS: (WireFunc | undefined)[] = [];
FUNCS[W.XS_CONTROL] = { fn: doControl, priv: true };
FUNCS[W.XS_DIRECTORY] = { fn: doDirectory };
FUNCS[W.XS_READ] = { fn: doRead };
FUNCS[W.XS_GET_PERMS] = { fn: doGetPerms };
FUNCS[W.XS_WATCH] = { fn: doWatch, notid: true };
FUNCS[W.XS_UNWATCH] = { fn: doUnwatch, notid: true };
FUNCS[W.XS_TRANSACTION_START] = { fn: doTransactionStart };
FUNCS[W.XS_TRANSACTION_END] = { fn: doTransactionEnd };
FUNCS[W.XS_INTRODUCE] = { fn: doIntroduce, priv: true };
FUNCS[W.XS_RELEASE] = { fn: doRelease, priv: true };
FUNCS[W.XS_GET_DOMAIN_PATH] = { fn: doGetDomainPath };
FUNCS[W.XS_WRITE] = { fn: doWrite };
FUNCS[W.XS_MKDIR] = { fn: doMkdir };
FUNCS[W.XS_RM] = { fn: doRm };
FUNCS[W.XS_SET_PERMS] = { fn: doSetPerms };
FUNCS[W.XS_IS_DOMAIN_INTRODUCED] = { fn: doIsDomainIntroduced, priv: true };
FUNCS[W.XS_RESUME] = { fn: doResume, priv: true };
FUNCS[W.XS_SET_TARGET] = { fn: doSetTarget, priv: true };
FUNCS[W.XS_RESET_WATCHES] = { fn: doResetWatches };
FUNCS[W.XS_DIRECTORY_PART] = { fn: doDirectoryPart };
FUNCS[W.XS_GET_FEATURE] = { fn: doGetFeature };
FUNCS[W.XS_SET_FEATURE] = { fn: doSetFeature, priv: true };
FUNCS[W.XS_GET_QUOTA] = { fn: doGetQuota, priv: true };
FUNCS[W.XS_SET_QUOTA] = { fn: doSetQuota, priv: true };

/** Handles one request of `conn`: queues its reply (and any events it causes). */
export function processMessage(xs: Xenstored, conn: Connection, m: W.XsMessage): void {
  const f = m.type < W.XS_TYPE_COUNT ? FUNCS[m.type] : undefined;
  if (!f) return xs.sendError(conn, m, "ENOSYS");
  if (f.priv && !conn.privileged) return xs.sendError(conn, m, "EACCES");
  let txn;
  if (!f.notid && m.txId !== 0) {
    txn = conn.transactions.get(m.txId);
    if (!txn) return xs.sendError(conn, m, "ENOENT");
  }
  conn.txn = txn;
  const ctx = new Access(xs, conn);
  try {
    xs.reply(conn, m, f.fn(ctx, m));
  } catch (e) {
    if (!(e instanceof XsError)) throw e;
    xs.sendError(conn, m, e.errno);
    return;
  } finally {
    conn.txn = undefined;
  }
  for (const after of ctx.afterReply) after();
}
