// One client of xenstored: a domain's ring, or an in-process tool connection (the
// toolstack, the CLI's requests). Each has its own watches, transactions and queue of
// outgoing messages (replies and watch events, in order).
//
// Domains other than 0 are unprivileged and bound by permissions and quotas; tool
// connections act as domain 0 and are privileged, as upstream's socket clients are.

import type { Transaction } from "./transaction.js";
import type { Watch } from "./watch.js";
import { XSD_SOCKMSG_SIZE, type XsMessage } from "./xs-wire.js";
import type { PermSubject } from "./perms.js";

/** A message waiting to go out; `used` bytes of it have been written already. */
export interface OutMsg {
  readonly msg: XsMessage;
  /** Header and payload as written to a ring (made when first needed). */
  bytes?: Uint8Array;
  /** Bytes on the wire: header and payload. */
  readonly size: number;
  used: number;
  /** A watch event (identical pending events are coalesced). */
  readonly event: boolean;
}

/** Where a tool connection's messages go. */
export type ToolSink = (m: XsMessage) => void;

export class Connection implements PermSubject {
  readonly watches: Watch[] = [];
  readonly transactions = new Map<number, Transaction>();
  nextTxId = 1;
  readonly out: OutMsg[] = [];
  /** Bytes in `out` (memory quota). */
  outBytes = 0;
  /** SET_TARGET: this connection acts with its target domain's rights too. */
  target?: number;
  /** XENSTORE_ERROR_* once the connection was given up on; it is then ignored. */
  error = 0;
  /** The transaction of the request being processed (from its tx_id). */
  txn?: Transaction;
  constructor(
    /** The domain it speaks for (0 for tools). */
    readonly id: number,
    readonly privileged: boolean,
    /** XENSTORE_SERVER_FEATURE_* this client may use. */
    public features: number,
    /** Tool connections: delivery of queued messages. Rings are written by ring.ts. */
    readonly sink?: ToolSink,
  ) {}

  /** Home directory, the base of relative paths. */
  get implicitPath(): string { return `/local/domain/${this.id}`; }

  queue(msg: XsMessage, event: boolean): void {
    const size = XSD_SOCKMSG_SIZE + msg.payload.length;
    this.out.push({ msg, size, used: 0, event });
    this.outBytes += size;
  }

  /** Drops the first queued message (fully written). */
  shift(): void {
    const m = this.out.shift();
    if (m) this.outBytes -= m.size;
  }

  /** Forgets queued output, watches and transactions (reconnect, error, reset). */
  reset(): void {
    this.out.length = 0;
    this.outBytes = 0;
    this.watches.length = 0;
    this.transactions.clear();
    this.txn = undefined;
  }
}
