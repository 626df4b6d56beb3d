// Looking nodes up with permission checks, creating and removing them: the pieces
// every node operation shares (upstream core.c get_node, errno_from_parents,
// construct_node/create_node, rm_node).
//
// Error choice follows upstream: a caller that lacks the needed right on the node
// gets EACCES; for a missing node, ENOENT only if the nearest existing ancestor would
// grant that right, else EACCES — so a node's existence does not leak through a
// directory the caller cannot see.

import { XsError } from "./errors.js";
import { canonicalize, parentOf, baseName, childName } from "./path.js";
import { permForConn, type XsPerm } from "./perms.js";
import { nodeSize, type XsNode } from "./store.js";
import { MATCH_EXACT, MATCH_SUBTREE } from "./watch.js";
import { EMPTY } from "./payload.js";
import type { Access } from "./access.js";
import { XS_PERM_NONE } from "./xs-wire.js";

/** The canonical name for a client-supplied path, with this caller's rules. */
export function canon(ctx: Access, path: string, allowSpecial = false): string {
  const c = ctx.conn;
  return canonicalize(path, {
    implicit: c.implicitPath, allowSpecial, pathMax: c.privileged ? 0 : ctx.xs.quotas.get(c.id, "path-max"),
  });
}

/** The caller's rights on `node` (as read through `ctx`, so stale entries are flagged). */
export function rightsOn(ctx: Access, node: XsNode): number {
  return permForConn(ctx.conn, node.perms);
}

/** Rights on the nearest existing ancestor of `name` (ask_parents). */
function parentRights(ctx: Access, name: string): number {
  let n = name;
  do {
    n = parentOf(n);
    const node = ctx.read(n);
    if (node) return rightsOn(ctx, node);
  } while (n !== "/");
  return XS_PERM_NONE;
}

/**
 * Looks `path` up, requiring `perm`. Returns the node, or node undefined when it does
 * not exist but its nearest ancestor grants `perm` (so the caller may create it).
 */
export function getNode(ctx: Access, path: string, perm: number, allowSpecial = false): { name: string; node?: XsNode } {
  const name = canon(ctx, path, allowSpecial);
  const node = ctx.read(name);
  if (node) {
    if ((rightsOn(ctx, node) & perm) === perm) return { name, node };
    throw new XsError("EACCES");
  }
  if (parentRights(ctx, name) & perm) return { name };
  throw new XsError("EACCES");
}

/** Like getNode, but a missing node is ENOENT. */
export function getExisting(ctx: Access, path: string, perm: number, allowSpecial = false): { name: string; node: XsNode } {
  const r = getNode(ctx, path, perm, allowSpecial);
  if (!r.node) throw new XsError("ENOENT");
  return { name: r.name, node: r.node };
}

/** The node-size quota for the caller. */
function checkSize(ctx: Access, n: Omit<XsNode, "generation">): void {
  ctx.xs.quotas.check(ctx.conn.privileged, ctx.conn.id, "node-size", nodeSize(n));
}

/** Stores a changed node, within the caller's node-size quota. */
export function writeNode(ctx: Access, n: Omit<XsNode, "generation">): XsNode {
  checkSize(ctx, n);
  return ctx.write(n);
}

/**
 * Creates `name` with `value`, and every missing ancestor with an empty value. New
 * nodes inherit their parent's permissions; an unprivileged creator becomes their
 * owner. Everything is checked before anything is stored.
 */
export function createNode(ctx: Access, name: string, value: Uint8Array): XsNode {
  const { conn, xs } = ctx;
  const missing: string[] = [];   // deepest first
  let parent: XsNode | undefined;
  for (let n = name; !parent; ) {
    if (n === "/") throw new XsError("ENOENT", "the root node is missing");
    missing.push(n);
    n = parentOf(n);
    parent = ctx.read(n);
  }
  if (!conn.txn) xs.quotas.check(conn.privileged, conn.id, "nodes", xs.store.ownedBy(conn.id) + missing.length);

  const nodes: Omit<XsNode, "generation">[] = [
    { ...parent, children: [...parent.children, baseName(missing[missing.length - 1])] },
  ];
  let perms: readonly XsPerm[] = parent.perms;
  for (let i = missing.length - 1; i >= 0; i--) {
    if (!conn.privileged) perms = [{ id: conn.id, perms: perms[0].perms }, ...perms.slice(1)];
    nodes.push({ name: missing[i], value: i === 0 ? value : EMPTY, perms, children: i > 0 ? [baseName(missing[i - 1])] : [] });
  }
  for (const n of nodes) checkSize(ctx, n);
  let last: XsNode | undefined;
  for (const n of nodes) last = ctx.write(n);
  return last!;
}

/**
 * Removes `name` and everything below it, children first, firing a watch event for
 * each removed node (exact for those below, subtree for `name` itself), then drops it
 * from its parent's children.
 */
export function rmNode(ctx: Access, name: string): void {
  const parent = ctx.read(parentOf(name));
  if (!parent) throw new XsError("EINVAL", "the parent is missing");
  const visit = (n: string): void => {
    const node = ctx.read(n);
    if (!node) return;
    for (const c of node.children) visit(childName(n, c));
    ctx.remove(n);
    ctx.fire(n, n === name ? MATCH_SUBTREE : MATCH_EXACT, node);
  };
  visit(name);
  const base = baseName(name);
  ctx.write({ ...parent, children: parent.children.filter((c) => c !== base) });
}
