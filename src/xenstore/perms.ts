// Node permissions (fact sheet xen-io §2.6; upstream core.c perm_for_conn).
//
// A node's list has at least one entry. Entry 0 names the owner, and its letter is
// the access of every domain not listed after it. The owner, its SET_TARGET
// controller and privileged callers (dom0, tool connections) get read, write and
// owner rights whatever the letters say. Entries flagged IGNORE (their domain is gone
// or younger than the node) never match. With the DOMID_ANY feature an entry for
// DOMID_ANY applies to every domain that has no entry of its own.

import { XsError } from "./errors.js";
import {
  DOMID_ANY, XS_PERM_BOTH, XS_PERM_IGNORE, XS_PERM_NONE, XS_PERM_OWNER, XS_PERM_READ, XS_PERM_WRITE,
} from "./xs-wire.js";

export interface XsPerm {
  readonly id: number;
  /** XS_PERM_READ | XS_PERM_WRITE, plus XS_PERM_IGNORE when the entry is stale. */
  readonly perms: number;
}

/** Who is asking: a connection's domain, whether it is privileged, and its target. */
export interface PermSubject {
  readonly id: number;
  readonly privileged: boolean;
  readonly target?: number;
}

const ALL = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;

/** The rights `s` has on a node with permission list `perms`. */
export function permForConn(s: PermSubject, perms: readonly XsPerm[]): number {
  const owner = perms[0].id;
  if (s.privileged || owner === s.id || (s.target !== undefined && owner === s.target)) return ALL;
  let any = -1;
  for (let i = 1; i < perms.length; i++) {
    const p = perms[i];
    if (p.perms & XS_PERM_IGNORE) continue;
    if (p.id === s.id || (s.target !== undefined && p.id === s.target)) return p.perms & ALL;
    if (p.id === DOMID_ANY && any < 0) any = p.perms & ALL;
  }
  return any >= 0 ? any : perms[0].perms & ALL;
}

const LETTERS: Record<string, number> = { n: XS_PERM_NONE, r: XS_PERM_READ, w: XS_PERM_WRITE, b: XS_PERM_BOTH };

/** One "<letter><domid>" string: n (none), r (read), w (write) or b (both). */
export function parsePerm(s: string): XsPerm {
  const m = /^([nrwb])([0-9]{1,5})$/.exec(s);
  if (!m || Number(m[2]) > 0xffff) throw new XsError("EINVAL", `'${s}' is not a permission (n|r|w|b followed by a domid)`);
  return { id: Number(m[2]), perms: LETTERS[m[1]] };
}

/** The string form of one entry (IGNORE is internal and not shown). */
export function formatPerm(p: XsPerm): string {
  return "nrwb"[p.perms & XS_PERM_BOTH] + String(p.id);
}

/** The list as "n0,r5" (for listings). */
export function formatPerms(perms: readonly XsPerm[]): string {
  return perms.map(formatPerm).join(",");
}

export function samePerms(a: readonly XsPerm[], b: readonly XsPerm[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i].id && p.perms === b[i].perms);
}
