// A consistency check of the node database (CONTROL check, tests): every child a node
// lists exists, and every node other than "/" and the special ones is listed exactly
// once by its parent.

import { childName, parentOf, baseName } from "./path.js";
import type { Store } from "./store.js";

/** The first inconsistency found, or undefined. */
export function checkStore(store: Store): string | undefined {
  for (const name of store.names()) {
    const n = store.get(name)!;
    for (const ch of n.children) if (!store.has(childName(name, ch))) return `${name} lists missing child ${ch}`;
    if (name === "/" || name[0] === "@") continue;
    const parent = store.get(parentOf(name));
    if (!parent) return `${name} has no parent`;
    const base = baseName(name);
    if (parent.children.filter((c) => c === base).length !== 1) return `${name} is not listed once by its parent`;
  }
  return undefined;
}
