// xenstored's view of the machine, as domain 0, through the core's checked
// operations only (ARCHITECTURE.md decision 5).
//
// Ring pages: upstream xenstored maps grant reference 1 (GNTTAB_RESERVED_XENSTORE)
// and falls back to a privileged foreign mapping of the frame INTRODUCE named. Both
// name the same page. This uses the foreign mapping, re-established every service
// round, so a page the guest gave away (ballooned out, or turned into a page table)
// stops being reachable at once: mapRing throws and xenstored drops the connection.
// A grant-map RingAccess can replace it without touching xenstored.

import type { Core } from "../core/core.js";
import type { RingAccess } from "./ring.js";
import type { XsPlatform } from "./xenstored.js";

export function corePlatform(core: Core): XsPlatform {
  return {
    domainExists: (domid) => core.domainExists(domid),
    bindInterdomain: (domid, port) => core.bindInterdomain(domid, port),
    unbind: (port) => core.closePort(port),
    notify: (port) => core.sendEvent(port),
    mapRing(domid, gfn): RingAccess {
      // The view is valid for this round: the core's memory cannot grow before the next run.
      const page = core.mapForeign(domid, gfn, true);
      return { read: (off, len) => page.slice(off, off + len), write: (off, bytes) => page.set(bytes, off) };
    },
  };
}
