// The node database: canonical name → node, with the generation counter that
// transactions use to detect conflicts (upstream transaction.c's notes).
//
// Invariants:
// - Nodes are immutable values; a change stores a new node. A transaction can hold
//   on to the node it read while the global database moves on.
// - Every node except "/" and the special "@…" nodes has its parent in the store, and
//   appears exactly once in that parent's `children`.
// - `generation` only grows. Each stored change takes a fresh value from it, so two
//   different states of one name never share a generation.
// - `owned` counts, per domain, the stored nodes whose entry 0 names it (the `nodes`
//   quota), and is kept in step by put() and delete().

import type { XsPerm } from "./perms.js";

export interface XsNode {
  readonly name: string;
  readonly value: Uint8Array;
  readonly perms: readonly XsPerm[];
  /** Leaf names of the children, in creation order. */
  readonly children: readonly string[];
  /** Generation of the change that produced this node. */
  readonly generation: number;
}

/** Bytes a node is charged for (node-size quota): header, perms, value, child names. */
export function nodeSize(n: Pick<XsNode, "value" | "perms" | "children">): number {
  let size = 16 + 8 * n.perms.length + n.value.length;
  for (const c of n.children) size += c.length + 1;
  return size;
}

export class Store {
  private readonly nodes = new Map<string, XsNode>();
  private readonly owned = new Map<number, number>();
  /** The global generation count (upstream's `generation`). */
  generation = 0;

  get(name: string): XsNode | undefined { return this.nodes.get(name); }
  has(name: string): boolean { return this.nodes.has(name); }
  get size(): number { return this.nodes.size; }
  names(): IterableIterator<string> { return this.nodes.keys(); }

  /** A fresh generation value. */
  nextGeneration(): number { return ++this.generation; }

  /** Nodes owned by `domid`. */
  ownedBy(domid: number): number { return this.owned.get(domid) ?? 0; }

  /** Stores `node` under its name with a fresh generation; returns what was stored. */
  put(node: Omit<XsNode, "generation">): XsNode {
    const stored: XsNode = { ...node, generation: this.nextGeneration() };
    const old = this.nodes.get(node.name);
    if (old) this.count(old.perms[0].id, -1);
    this.count(stored.perms[0].id, 1);
    this.nodes.set(stored.name, stored);
    return stored;
  }

  delete(name: string): void {
    const old = this.nodes.get(name);
    if (!old) return;
    this.count(old.perms[0].id, -1);
    this.nodes.delete(name);
  }

  private count(domid: number, d: number): void {
    const n = (this.owned.get(domid) ?? 0) + d;
    if (n === 0) this.owned.delete(domid); else this.owned.set(domid, n);
  }
}
