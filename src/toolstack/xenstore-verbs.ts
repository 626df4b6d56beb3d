// The xenstore verbs of a running machine (pvwasm xenstore-ls|read|write|rm|watch),
// answered over the control socket with the toolstack's privileged xenstore
// connections, like the xenstore-* tools on a Xen dom0.

import type { Host } from "./host.js";
import { ControlError, eventStream, type ControlStream } from "./control.js";
import { XsClient } from "../xenstore/client.js";
import { XsError, xsErrnoMeaning } from "../xenstore/errors.js";
import { formatPerms } from "../xenstore/perms.js";
import { childName } from "../xenstore/path.js";
import { bytesOf, latin1 } from "../xenstore/payload.js";

export const XENSTORE_VERBS = ["xenstore-ls", "xenstore-read", "xenstore-write", "xenstore-rm", "xenstore-watch"];

/** A value as xenstore-ls shows it: printable ASCII, everything else escaped. */
export function sanitiseValue(v: Uint8Array): string {
  let s = "";
  for (const b of v) {
    if (b === 0x5c) s += "\\\\";
    else if (b === 0x22) s += '\\"';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else if (b === 0x0a) s += "\\n";
    else if (b === 0x09) s += "\\t";
    else s += "\\x" + b.toString(16).padStart(2, "0");
  }
  return s;
}

/** xenstore-ls: the tree below `path`, one `name = "value"` per node, indented by depth. */
export function formatXenstoreLs(c: XsClient, path: string, perms: boolean): string {
  const lines: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of c.directory(dir)) {
      const full = childName(dir, name);
      let line = `${" ".repeat(depth)}${name} = "${sanitiseValue(c.read(full))}"`;
      if (perms) line += `  (${formatPerms(c.getPerms(full))})`;
      lines.push(line);
      walk(full, depth + 1);
    }
  };
  walk(path, 0);
  return lines.length ? lines.join("\n") + "\n" : "";
}

function pathArg(a: Record<string, unknown>): string {
  const p = a.path;
  if (typeof p !== "string" || p === "") throw new ControlError("a xenstore path is needed");
  return p;
}

/** One line for a user: what failed, on which path, and why. */
function explain(verb: string, path: string, e: unknown): never {
  if (e instanceof XsError) throw new ControlError(`${verb} ${path}: ${xsErrnoMeaning(e.errno)} (${e.errno})`);
  throw e;
}

export function xenstoreVerb(host: Host, verb: string, a: Record<string, unknown>): unknown {
  const path = verb === "xenstore-ls" ? String(a.path ?? "/") : pathArg(a);
  const c = host.xs;
  try {
    switch (verb) {
      case "xenstore-ls": return formatXenstoreLs(c, path, a.perms === true);
      case "xenstore-read": return latin1(c.read(path)) + "\n";
      case "xenstore-write": c.write(path, bytesOf(String(a.value ?? ""))); return "";
      case "xenstore-rm": c.rm(path); return "";
      case "xenstore-watch": return watchStream(host, path);
      default: throw new ControlError(`unknown request '${verb}'`);
    }
  } catch (e) {
    explain(verb, path, e);
  }
}

/** A connection of its own per watcher, closed when the watcher goes away. */
function watchStream(host: Host, path: string): ControlStream {
  const c = new XsClient(host.xenstored);
  try {
    c.watch(path, "pvwasm");
  } catch (e) {
    c.close();
    throw e;
  }
  // The initial event is queued already; it goes out with the first emit.
  return eventStream((emit) => {
    c.onEvent = (e) => emit(e.path);
    for (const e of c.takeEvents()) emit(e.path);
    return () => c.close();
  });
}
