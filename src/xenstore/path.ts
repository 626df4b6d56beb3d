// Paths (fact sheet xen-io §2.5; docs/misc/xenstore.txt; upstream core.c canonicalize).
//
// A canonical name is either absolute ("/", "/a/b": no "//", no trailing "/") or
// special ("@introduceDomain", "@releaseDomain[/<domid>]", usable only where special
// names are allowed). Characters are limited to A-Z a-z 0-9 - / _ @. A path that
// starts with neither "/" nor "@" is relative to the caller's home,
// /local/domain/<domid>. Every name handed to the store has passed canonicalize().

import { XsError } from "./errors.js";
import { XENSTORE_ABS_PATH_MAX } from "./xs-wire.js";

const VALID = /^[A-Za-z0-9\-/_@]*$/;

export interface CanonOptions {
  /** The caller's home, for relative paths (/local/domain/<domid>). */
  implicit: string;
  /** Whether "@…" names are accepted (watches, permissions). */
  allowSpecial: boolean;
  /** The path-max quota for this caller: the length allowed after "/local/domain/<id>/" (0: none). */
  pathMax: number;
}

/** The canonical name for `path` as sent by a client, or EINVAL. */
export function canonicalize(path: string, o: CanonOptions): string {
  if (!VALID.test(path)) throw new XsError("EINVAL", "a path may hold only A-Z a-z 0-9 - / _ @");
  if (path[0] === "@" && !o.allowSpecial) throw new XsError("EINVAL", "special '@' names are not allowed here");
  const name = path[0] !== "/" && path[0] !== "@" ? `${o.implicit}/${path}` : path;
  if ((name.endsWith("/") && name !== "/") || name.includes("//")) throw new XsError("EINVAL", "empty path component");
  if (name.length > XENSTORE_ABS_PATH_MAX) throw new XsError("EINVAL", "path longer than 3072 bytes");
  if (o.pathMax > 0 && name.length - localOffset(name) > o.pathMax) throw new XsError("EINVAL", "path longer than the path-max quota");
  return name;
}

/** Length of a leading "/local/domain/<up to 5 digits>/", else 0 (the part path-max ignores). */
function localOffset(name: string): number {
  const m = /^\/local\/domain\/[0-9]{1,5}\//.exec(name);
  return m ? m[0].length : 0;
}

/** Parent of a canonical name; "/" for top-level and special names (get_parent). */
export function parentOf(name: string): string {
  const slash = name.lastIndexOf("/");
  return slash <= 0 ? "/" : name.slice(0, slash);
}

/** Last component of a canonical name other than "/". */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

/** `parent`/`child` joined. */
export function childName(parent: string, child: string): string {
  return parent === "/" ? `/${child}` : `${parent}/${child}`;
}

/**
 * Is `child` `parent` or below it, at most `depth` levels down (depth < 0: any)? "/" is
 * the parent of every absolute name (upstream watch.c is_child).
 */
export function isChild(child: string, parent: string, depth: number): boolean {
  const len = parent.length;
  if (!child.startsWith(parent)) return false;
  if (len > 1 && child.length > len && child[len] !== "/") return false;
  if (depth < 0 || child.length === len) return true;
  // Levels below parent: the slashes after it (for "/", its own slash counts as level 1).
  let levels = len === 1 ? 1 : 0;
  for (let i = len; i < child.length; i++) if (child[i] === "/" && ++levels > depth) return false;
  return levels <= depth;
}
