// TRANSACTION_START and TRANSACTION_END (upstream transaction.c; the conflict rules
// are described in transaction.ts).

import { XsError } from "./errors.js";
import { OK } from "./ops-common.js";
import { nulStrings, oneArg } from "./payload.js";
import { NO_GENERATION, Transaction } from "./transaction.js";
import type { Access } from "./access.js";
import type { Connection } from "./connection.js";
import type { Xenstored } from "./xenstored.js";
import type { XsMessage } from "./xs-wire.js";

export function doTransactionStart(ctx: Access): Uint8Array {
  const conn = ctx.conn;
  if (conn.txn) throw new XsError("EBUSY", "transactions do not nest");
  ctx.xs.quotas.check(conn.privileged, conn.id, "transactions", conn.transactions.size + 1);
  let id: number;
  do {
    id = conn.nextTxId;
    conn.nextTxId = (conn.nextTxId + 1) >>> 0;
  } while (id === 0 || conn.transactions.has(id));
  conn.transactions.set(id, new Transaction(id));
  return nulStrings(String(id));
}

/** "T\0" commits, "F\0" aborts; either way the id is dead afterwards. */
export function doTransactionEnd(ctx: Access, m: XsMessage): Uint8Array {
  const arg = oneArg(m.payload);
  if (arg !== "T" && arg !== "F") throw new XsError("EINVAL", "TRANSACTION_END takes T or F");
  const conn = ctx.conn;
  const t = conn.txn;
  if (!t) throw new XsError("ENOENT", "no transaction");
  conn.transactions.delete(t.id);
  conn.txn = undefined;
  if (arg === "T") commit(ctx.xs, conn, t);
  return OK;
}

/** Applies `t` if nothing it depended on changed (else EAGAIN, nothing applied). */
export function commit(xs: Xenstored, conn: Connection, t: Transaction): void {
  if (t.fail) throw new XsError("ENOMEM", "the transaction failed earlier");
  for (const [name, a] of t.accessed) {
    if (!a.check) continue;
    const cur = xs.store.get(name);
    if ((cur ? cur.generation : NO_GENERATION) !== a.gen) throw new XsError("EAGAIN");
  }
  if (!conn.privileged) {
    // The nodes quota, on the owners' counts as they will be after the commit.
    const delta = new Map<number, number>();
    const add = (d: number, n: number) => delta.set(d, (delta.get(d) ?? 0) + n);
    for (const [name, a] of t.accessed) {
      if (!a.modified) continue;
      const old = xs.store.get(name);
      if (old) add(old.perms[0].id, -1);
      if (a.node) add(a.node.perms[0].id, 1);
    }
    for (const [domid, d] of delta) if (d > 0 && domid !== 0) xs.quotas.check(false, domid, "nodes", xs.store.ownedBy(domid) + d);
  }
  for (const [name, a] of t.accessed) {
    if (!a.modified) continue;
    if (a.node) xs.store.put(a.node);
    else xs.store.delete(name);
  }
  for (const [name, a] of t.accessed) if (a.fire !== undefined) xs.fireWatches(name, a.fire, undefined, a.origPerms);
}
