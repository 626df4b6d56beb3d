// Transactions (fact sheet xen-io §2.8; upstream transaction.c).
//
// Optimistic: a transaction keeps its own view of every name it touched. The first
// access records the generation the global store had for the name then (or
// NO_GENERATION if absent); reads and writes after that use the transaction's copy.
// At commit every recorded generation is compared with the store: any difference —
// a write, a create, a delete by someone else — fails the commit with EAGAIN and
// nothing is applied. Otherwise the modified names are stored in access order and
// their queued watch events fire. Since each transaction write is preceded by a read
// of the same name (and creating a child rewrites its parent), concurrent changes to
// anything the transaction depended on always conflict.

import type { XsNode } from "./store.js";
import type { XsPerm } from "./perms.js";
import type { WatchMatch } from "./watch.js";

export const NO_GENERATION = -1;

export interface Accessed {
  /** Generation seen at first access (NO_GENERATION: the name did not exist). */
  readonly gen: number;
  /** Compare `gen` at commit (false only if the first access was a write). */
  readonly check: boolean;
  /** The transaction's view: undefined if absent/deleted. */
  node: XsNode | undefined;
  modified: boolean;
  /** Permissions when first accessed, for the watch permission check at commit. */
  readonly origPerms?: readonly XsPerm[];
  /** Watch match to fire at commit, if the name was changed. */
  fire?: WatchMatch;
}

export class Transaction {
  readonly accessed = new Map<string, Accessed>();
  /** Set when an access failed half-way; the commit then fails with ENOMEM as upstream's does. */
  fail = false;
  constructor(readonly id: number) {}
}
