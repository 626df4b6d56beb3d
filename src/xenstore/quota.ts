// Quotas (fact sheet xen-io §2.9; upstream domain.c hard_quotas). They bind
// unprivileged domains only; 0 disables a quota. Each has a global default, and
// SET_QUOTA can override it for one domain.
//
// What exceeding each one does:
//   nodes              creating a node the domain would own → ENOSPC
//   watches            one more watch → ENOSPC
//   outstanding        replies not yet taken from the ring: reading requests stalls
//   memory             bytes of queued output: further watch events are dropped
//   transactions       one more open transaction → ENOSPC
//   transaction-nodes  one more node touched in a transaction → ENOSPC, and the
//                      transaction can no longer commit
//   node-permissions   a longer permission list → ENOSPC
//   path-max           a longer path below /local/domain/<id>/ → EINVAL
//   node-size          a bigger node (nodeSize in store.ts) → ENOSPC

import { XsError } from "./errors.js";
import { XENSTORE_REL_PATH_MAX } from "./xs-wire.js";

export const QUOTA_NAMES = [
  "nodes", "watches", "outstanding", "memory", "transactions", "transaction-nodes",
  "node-permissions", "path-max", "node-size",
] as const;
export type QuotaName = (typeof QUOTA_NAMES)[number];

export const DEFAULT_QUOTAS: Readonly<Record<QuotaName, number>> = {
  "nodes": 1000,
  "watches": 128,
  "outstanding": 20,
  "memory": 2 * 1024 * 1024 + 512 * 1024,
  "transactions": 10,
  "transaction-nodes": 1024,
  "node-permissions": 5,
  "path-max": XENSTORE_REL_PATH_MAX,
  "node-size": 2048,
};

export function isQuotaName(s: string): s is QuotaName {
  return (QUOTA_NAMES as readonly string[]).includes(s);
}

export class Quotas {
  readonly global: Record<QuotaName, number> = { ...DEFAULT_QUOTAS };
  private readonly perDomain = new Map<number, Partial<Record<QuotaName, number>>>();

  /** The quota that applies to `domid` (0 when disabled). */
  get(domid: number, q: QuotaName): number {
    return this.perDomain.get(domid)?.[q] ?? this.global[q];
  }

  set(domid: number | undefined, q: QuotaName, value: number): void {
    if (domid === undefined) { this.global[q] = value; return; }
    const d = this.perDomain.get(domid) ?? {};
    d[q] = value;
    this.perDomain.set(domid, d);
  }

  forget(domid: number): void { this.perDomain.delete(domid); }

  /** Throws ENOSPC if `value` is over quota `q` for an unprivileged `domid`. */
  check(privileged: boolean, domid: number, q: QuotaName, value: number, errno: "ENOSPC" | "EINVAL" = "ENOSPC"): void {
    if (privileged) return;
    const limit = this.get(domid, q);
    if (limit !== 0 && value > limit) throw new XsError(errno, `${q} quota (${limit}) exceeded`);
  }
}
