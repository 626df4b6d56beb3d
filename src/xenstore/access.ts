// The view one request has of the store: the global database, or — when the request
// carries a transaction id — that transaction's copy (transaction.ts). Every node a
// handler touches goes through read/write/remove here, so transactions see their own
// changes, record what they depended on, and count against transaction-nodes; and
// watch events are fired at once, or queued until the transaction commits.

import { XsError } from "./errors.js";
import { NO_GENERATION, type Transaction } from "./transaction.js";
import { MATCH_SUBTREE, type WatchMatch } from "./watch.js";
import type { XsNode } from "./store.js";
import type { XsPerm } from "./perms.js";
import type { Connection } from "./connection.js";
import type { Xenstored } from "./xenstored.js";

export class Access {
  /** Run after the reply is queued (WATCH's initial event follows its OK). */
  readonly afterReply: (() => void)[] = [];

  constructor(readonly xs: Xenstored, readonly conn: Connection) {}

  get txn(): Transaction | undefined { return this.conn.txn; }

  /** The node as this request sees it, with stale permission entries flagged IGNORE. */
  read(name: string): XsNode | undefined {
    const t = this.conn.txn;
    let n: XsNode | undefined;
    if (!t) {
      n = this.xs.store.get(name);
    } else {
      const a = t.accessed.get(name);
      if (a) {
        n = a.node;
      } else {
        this.reserve(t);
        n = this.xs.store.get(name);
        t.accessed.set(name, { gen: n ? n.generation : NO_GENERATION, check: true, node: n, modified: false, origPerms: n?.perms });
      }
    }
    // Entries for domains gone since the node was written no longer count (and are
    // stored flagged when the node is next written).
    return n && this.xs.adjusted(n);
  }

  write(node: Omit<XsNode, "generation">): XsNode {
    const t = this.conn.txn;
    if (!t) return this.xs.store.put(node);
    const stored: XsNode = { ...node, generation: this.xs.store.nextGeneration() };
    const a = t.accessed.get(node.name);
    if (a) {
      a.node = stored;
      a.modified = true;
    } else {
      this.reserve(t);
      t.accessed.set(node.name, { gen: NO_GENERATION, check: false, node: stored, modified: true });
    }
    return stored;
  }

  remove(name: string): void {
    const t = this.conn.txn;
    if (!t) { this.xs.store.delete(name); return; }
    const a = t.accessed.get(name);
    if (!a) { t.fail = true; throw new XsError("EIO", "removing a node the transaction never read"); }
    a.node = undefined;
    a.modified = true;
  }

  /** A change at `name`: fire watches now, or when the transaction commits. */
  fire(name: string, match: WatchMatch, node?: XsNode, oldPerms?: readonly XsPerm[]): void {
    const t = this.conn.txn;
    if (!t) { this.xs.fireWatches(name, match, node, oldPerms); return; }
    const a = t.accessed.get(name);
    if (!a) { t.fail = true; return; }
    // A subtree event replaces an exact one, never the other way round.
    if (a.fire === undefined || match === MATCH_SUBTREE) a.fire = match;
  }

  /** The transaction-nodes quota, checked before a new name joins the transaction. */
  private reserve(t: Transaction): void {
    try {
      this.xs.quotas.check(this.conn.privileged, this.conn.id, "transaction-nodes", t.accessed.size + 1);
    } catch (e) {
      t.fail = true;
      throw e;
    }
  }
}
