// Node requests: READ, WRITE, MKDIR, RM, DIRECTORY, DIRECTORY_PART, GET_PERMS and
// SET_PERMS (docs/misc/xenstore.txt; upstream core.c do_*). Each takes the request
// payload and returns the reply payload, or throws an XsError.

import { XsError } from "./errors.js";
import { parentOf } from "./path.js";
import { OK } from "./ops-common.js";
import { createNode, getExisting, getNode, rmNode, writeNode } from "./node-access.js";
import { formatPerm, parsePerm, type XsPerm } from "./perms.js";
import { concat, countStrings, getStrings, latin1, nulStrings, oneArg, parseDecimal } from "./payload.js";
import { MATCH_SUBTREE } from "./watch.js";
import type { Access } from "./access.js";
import { XENSTORE_PAYLOAD_MAX, XS_PERM_IGNORE, XS_PERM_OWNER, XS_PERM_READ, XS_PERM_WRITE, type XsMessage } from "./xs-wire.js";


export function doRead(ctx: Access, m: XsMessage): Uint8Array {
  // A copy: the reply may be handed to an in-process client as it is.
  return getExisting(ctx, oneArg(m.payload), XS_PERM_READ).node.value.slice();
}

/** "path\0" then the value's bytes (no NUL of its own). */
export function doWrite(ctx: Access, m: XsMessage): Uint8Array {
  const nul = m.payload.indexOf(0);
  if (nul < 0) throw new XsError("EINVAL", "WRITE needs a NUL-terminated path");
  const value = m.payload.slice(nul + 1);
  const { name, node } = getNode(ctx, latin1(m.payload.subarray(0, nul)), XS_PERM_WRITE);
  const written = node ? writeNode(ctx, { ...node, value }) : createNode(ctx, name, value);
  ctx.fire(name, MATCH_SUBTREE, written);
  return OK;
}

export function doMkdir(ctx: Access, m: XsMessage): Uint8Array {
  const { name, node } = getNode(ctx, oneArg(m.payload), XS_PERM_WRITE);
  if (!node) ctx.fire(name, MATCH_SUBTREE, createNode(ctx, name, new Uint8Array(0)));
  return OK;
}

export function doRm(ctx: Access, m: XsMessage): Uint8Array {
  const { name, node } = getNode(ctx, oneArg(m.payload), XS_PERM_WRITE);
  if (!node) {
    // Already gone is fine — if the parent exists.
    if (ctx.read(parentOf(name))) return OK;
    throw new XsError("ENOENT");
  }
  if (name === "/") throw new XsError("EINVAL", "the root node cannot be removed");
  rmNode(ctx, name);
  return OK;
}

/** Children's leaf names, each NUL-terminated. */
function childBytes(children: readonly string[]): Uint8Array {
  return nulStrings(...children);
}

export function doDirectory(ctx: Access, m: XsMessage): Uint8Array {
  return childBytes(getExisting(ctx, oneArg(m.payload), XS_PERM_READ).node.children);
}

/**
 * "path\0offset\0" → "gencnt\0" and the child list from byte `offset` on, as much as
 * fits; a final extra NUL marks the end of the list.
 */
export function doDirectoryPart(ctx: Access, m: XsMessage): Uint8Array {
  if (countStrings(m.payload) !== 2) throw new XsError("EINVAL", "DIRECTORY_PART needs a path and an offset");
  const [path, offStr] = getStrings(m.payload).strings;
  const { node } = getExisting(ctx, path, XS_PERM_READ);
  const off = parseDecimal(offStr, 0, 0xffffffff);
  const gen = nulStrings(String(node.generation));
  const all = childBytes(node.children);
  if (off >= all.length) return concat([gen, new Uint8Array(1)]);
  const maxlen = XENSTORE_PAYLOAD_MAX - gen.length - 1;
  let len = 0;
  // Whole names only, as long as they fit.
  while (off + len < all.length) {
    const end = all.indexOf(0, off + len);
    if (end - off >= maxlen) break;
    len = end + 1 - off;
  }
  const done = off + len === all.length;
  return concat([gen, all.subarray(off, off + len), done ? new Uint8Array(1) : new Uint8Array(0)]);
}

export function doGetPerms(ctx: Access, m: XsMessage): Uint8Array {
  const { node } = getExisting(ctx, oneArg(m.payload), XS_PERM_READ, true);
  return nulStrings(...node.perms.map(formatPerm));
}

/** "path\0perm\0perm\0…": needs write and ownership; the owner cannot be handed over by a domU. */
export function doSetPerms(ctx: Access, m: XsMessage): Uint8Array {
  const num = countStrings(m.payload) - 1;
  if (num < 1) throw new XsError("EINVAL", "SET_PERMS needs a path and at least one permission");
  ctx.xs.quotas.check(ctx.conn.privileged, ctx.conn.id, "node-permissions", num);
  const [path, ...strs] = getStrings(m.payload).strings;
  const perms: XsPerm[] = strs.slice(0, num).map(parsePerm);
  const refs = ctx.xs.permRefs(ctx.conn, perms);
  if (refs[0].perms & XS_PERM_IGNORE) throw new XsError("ENOENT", `no domain ${refs[0].id} to own the node`);
  const { name, node } = getExisting(ctx, path, XS_PERM_WRITE | XS_PERM_OWNER, true);
  if (!ctx.conn.privileged && refs[0].id !== node.perms[0].id) throw new XsError("EPERM", "only a privileged domain may change a node's owner");
  const written = writeNode(ctx, { ...node, perms: refs });
  ctx.fire(name, MATCH_SUBTREE, written, node.perms);
  return OK;
}
