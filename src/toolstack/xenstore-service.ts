// What the host needs from xenstored: the contract between the toolstack and the
// store daemon it runs as part of domain 0 (fact sheet xen-io §2).
//
// The Host owns one XenstoreService. The toolstack writes a domain's initial tree
// before the domain runs (privileged, as libxl does over the tools socket), then
// introduces the domain so xenstored serves its ring (XS_INTRODUCE with the store
// page and the guest's unbound store port), and releases it when the domain goes
// (XS_RELEASE). Host ports that become pending are offered to handleEvent; a
// xenstored that owns the port services its ring and says so.
//
// A xenstored reaches a guest's ring only through the core's grant operations as
// domain 0 (grant reference 1, GNTTAB_RESERVED_XENSTORE, which the builder granted).

import type { Core } from "../core/core.js";

export interface XenstoreService {
  /** Writes `value` at absolute `path`, creating missing parents (toolstack, privileged). */
  write(path: string, value: string): void;
  /** The value at absolute `path`, or undefined if there is no such node. */
  read(path: string): string | undefined;
  /** Removes `path` and everything below it. */
  rm(path: string): void;
  /** XS_INTRODUCE: starts serving domain `domid`'s ring (page `storeMfn`, guest port `storePort`). */
  introduceDomain(domid: number, storeMfn: number, storePort: number): void;
  /** XS_RELEASE: stops serving the domain and drops its connection state. */
  releaseDomain(domid: number): void;
  /** Services host port `port` if it belongs to a domain's store ring; false if it is not ours. */
  handleEvent(port: number): boolean;
}

/** How the Host gets its xenstored. */
export type XenstoreFactory = (core: Core) => XenstoreService;
