// Watches (fact sheet xen-io §2.7; upstream watch.c).
//
// A watch is (node, token, depth) on one connection. A change to a name fires the
// connection's matching watches if the connection may see it (watchPermitted): it can
// read the node, or its parent, or could read the node under the permissions it had
// before the change. Identical events not yet sent are coalesced, except special
// "@…" ones. The path in an event is relative when the watch was set relative.

import { isChild, parentOf } from "./path.js";
import { permForConn, type XsPerm } from "./perms.js";
import type { XsNode } from "./store.js";
import type { Connection } from "./connection.js";
import { XS_PERM_READ } from "./xs-wire.js";

export interface Watch {
  /** Canonical name watched. */
  readonly node: string;
  readonly token: string;
  /** Levels below `node` that match (-1: all). */
  readonly depth: number;
  /** Characters to strip from event paths ("/local/domain/<id>/" for relative watches). */
  readonly prefixLen: number;
}

/** How a change at a name matches watches (upstream enum watch_match). */
export const MATCH_EXACT = 0;     // only watches on exactly this name (removed children)
export const MATCH_SUBTREE = 1;   // watches on this name or above it, within their depth
export const MATCH_DEPTH = 2;     // "@x/<domid>" events: watches on that name, or on "@x" with depth > 0
export const MATCH_NODEPTH = 3;   // plain "@x" events: watches on "@x" without a depth
export type WatchMatch = typeof MATCH_EXACT | typeof MATCH_SUBTREE | typeof MATCH_DEPTH | typeof MATCH_NODEPTH;

export function watchMatches(w: Watch, name: string, match: WatchMatch): boolean {
  switch (match) {
    case MATCH_EXACT: return name === w.node;
    case MATCH_SUBTREE: return isChild(name, w.node, w.depth);
    case MATCH_DEPTH: return name === w.node || (w.depth > 0 && isChild(name, w.node, w.depth));
    case MATCH_NODEPTH: return name === w.node && w.depth < 0;
  }
}

/** The path a watch's event reports for a change at `name`. */
export function watchPath(w: Watch, name: string): string {
  return name.slice(w.prefixLen);
}

/**
 * May `conn` hear of a change at `node` (looked up with `lookup` when not given)?
 * Either the node or its parent must be readable, or the node must have been
 * readable under `oldPerms`.
 */
export function watchPermitted(
  conn: Connection, name: string, node: XsNode | undefined, oldPerms: readonly XsPerm[] | undefined,
  lookup: (name: string) => XsNode | undefined,
): boolean {
  if (conn.privileged) return true;
  if (oldPerms && permForConn(conn, oldPerms) & XS_PERM_READ) return true;
  const n = node ?? lookup(name);
  if (!n) return false;
  if (permForConn(conn, n.perms) & XS_PERM_READ) return true;
  const parent = lookup(parentOf(n.name));
  return parent !== undefined && (permForConn(conn, parent.perms) & XS_PERM_READ) !== 0;
}
